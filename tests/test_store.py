"""The store: a bulk load (many files changed) holds what a load file by file holds."""

from conftest import make_project, release_stores
from kb import store as kb_store
from kb.project import open_project


def loaded(tmp_path, monkeypatch, name, bulk_above):
    monkeypatch.setattr(kb_store, "BULK_ABOVE", bulk_above)
    project = open_project(make_project(tmp_path / name))
    store = kb_store.open_store(project)
    result = kb_store.load(project, store)
    quads = sorted(str(quad) for quad in store)
    del store
    release_stores()
    return result, quads


def test_a_bulk_load_holds_what_a_load_file_by_file_holds(tmp_path, monkeypatch):
    bulk, in_bulk = loaded(tmp_path, monkeypatch, "bulk", 0)
    each, file_by_file = loaded(tmp_path, monkeypatch, "each", 10**6)
    assert in_bulk == file_by_file != []
    assert bulk.loaded == each.loaded and len(bulk.loaded) > 5
