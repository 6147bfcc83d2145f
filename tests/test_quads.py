"""The quads each load keeps (kb/quads.py) are the store's: the in-memory copy and the
datasets read from them hold what the on-disk store holds, blank nodes included."""

import io

import pyoxigraph as ox

from conftest import make_project, release_stores
from kb import quads as kept_quads
from kb import store as kb_store
from kb.export import KeptParts, export_dataset, write_datasets
from kb.project import open_project
from kb.sparql import LocalSource


def kept_dataset(project) -> str | None:
    """The N-Quads dataset read from the kept quads (None if they are not all kept)."""
    paths = kept_quads.kept(project, *kb_store.loaded_state(project))
    if paths is None:
        return None
    output = io.BytesIO()
    with KeptParts(project, paths, None) as parts:
        write_datasets({"nq": output}, parts)
    return output.getvalue().decode()


def loaded(tmp_path):
    project = open_project(make_project(tmp_path / "project"))
    store = kb_store.open_store(project)
    kb_store.load(project, store)
    return project, store


def test_the_copy_read_from_the_kept_quads_is_the_store(tmp_path):
    project, store = loaded(tmp_path)
    copy = kb_store.in_memory(store, project)
    assert sorted(map(str, copy)) == sorted(map(str, store)) != []
    assert any(isinstance(quad.subject, ox.BlankNode) for quad in store)
    assert kept_dataset(project) == export_dataset(LocalSource(store), "nq")
    del store
    release_stores()


def test_a_change_keeps_the_new_quads_and_removes_the_unused(tmp_path):
    project, store = loaded(tmp_path)
    act = project.corpus_dir / "ke/test-act.ttl"
    act.write_text(act.read_text().replace("any listed specimen", "any listed live specimen"))
    removed = sorted(project.corpus_dir.rglob("*.ttl"))[-1]
    removed.unlink()
    kb_store.load(project, store)
    manifest, _ = kb_store.loaded_state(project)
    assert len(list(kept_quads.quads_dir(project).iterdir())) == len(manifest)
    copy = kb_store.in_memory(store, project)
    assert sorted(map(str, copy)) == sorted(map(str, store))
    assert any("live specimen" in str(quad.object) for quad in copy)
    assert kept_dataset(project) == export_dataset(LocalSource(store), "nq")
    del store
    release_stores()


def test_quads_missing_are_kept_by_the_next_load_and_copied_from_the_store_meanwhile(tmp_path):
    project, store = loaded(tmp_path)
    victim = sorted(kept_quads.quads_dir(project).iterdir())[0]
    victim.unlink()  # as a store loaded before the quads were kept
    assert kept_dataset(project) is None
    assert sorted(map(str, kb_store.in_memory(store, project))) == sorted(map(str, store))
    result = kb_store.load(project, store)
    assert result.loaded == [] and victim.exists()
    assert kept_dataset(project) == export_dataset(LocalSource(store), "nq")
    del store
    release_stores()
