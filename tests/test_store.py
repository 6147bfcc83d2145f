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


def test_the_size_a_load_gives_is_the_stores_change_after_change(tmp_path, monkeypatch):
    """A load counts the store's size as it changes it (counting it whole is a scan),
    and counts it whole when it does not know the size it had."""
    project = open_project(make_project(tmp_path / "project"))
    store = kb_store.open_store(project)
    assert kb_store.load(project, store).quads == len(store) > 0
    scans = []
    monkeypatch.setattr(kb_store.ox.Store, "__len__", lambda self: scans.append(1) or 0, raising=False)
    act = project.corpus_dir / "ke/test-act.ttl"
    text = act.read_text()
    act.write_text(text.replace("any listed specimen", "any listed live specimen")
                   + "\n<https://w3id.org/wildlex/id/ke/test-act> <http://www.w3.org/2000/01/rdf-schema#comment>"
                   ' "one more", "one more" .\n')  # (written twice: held once)
    extra = project.corpus_dir / "ke/extra.ttl"
    extra.write_text("<https://w3id.org/wildlex/id/ke/extra> "
                     '<http://www.w3.org/2000/01/rdf-schema#label> "x" .\n')
    sizes = [kb_store.load(project, store).quads]
    extra.unlink()
    sizes.append(kb_store.load(project, store).quads)
    monkeypatch.undo()
    counted = len(store)
    assert scans == [] and sizes[1] == counted and sizes[0] == counted + 1
    # Without the size recorded with the manifest (a load stopped half way): counted whole.
    kb_store.size_path(project).write_text('{"manifest": "another", "quads": 5}')
    act.write_text(text)
    assert kb_store.load(project, store).quads == len(store)
    del store
    release_stores()
