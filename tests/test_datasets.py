"""The datasets (data/wildlex.nq, .ttl, .jsonld) are the store's export, graph by graph;
a rebuild after one file changed makes that file's graph's texts again and copies the
others' from the published datasets (kb/export.py: KeptParts)."""

import pyoxigraph as ox
import pytest

from conftest import build_site as build
from conftest import make_site_project, release_stores
from kb import export
from kb.sparql import LocalSource

FORMATS = {"nq": ox.RdfFormat.N_QUADS, "ttl": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD}
KENYA = "https://w3id.org/wildlex/source/corpus/ke/test-act.ttl"


def exported(project) -> dict[str, bytes]:
    """`wildlex export` of the store in every format."""
    store = ox.Store.read_only(str(project / "build/store"))
    texts = {fmt: export.export_dataset(LocalSource(store), fmt).encode() for fmt in FORMATS}
    del store
    release_stores()
    return texts


def edit_kenya(project):
    act = project / "corpus/ke/test-act.ttl"
    act.write_text(act.read_text().replace("any listed specimen", "any listed live specimen"))


@pytest.fixture
def made(monkeypatch):
    """The graphs whose texts the builds make, and in which formats: [(graph, format)]."""
    calls = []

    def graph_text(lines, fmt, made=export.graph_text):
        calls.append((lines[0].rsplit(b" <", 1)[1][:-4].decode(), fmt))
        return made(lines, fmt)

    monkeypatch.setattr(export, "graph_text", graph_text)
    return calls


def test_the_datasets_are_the_stores_export_each_graph_whole_in_every_format(runner, tmp_path):
    project = make_site_project(tmp_path / "project")
    site = build(runner, project)
    texts = exported(project)
    for fmt in FORMATS:
        assert (site / f"data/wildlex.{fmt}").read_bytes() == texts[fmt]
    quads = sorted(map(str, ox.parse(texts["nq"], format=ox.RdfFormat.N_QUADS)))
    assert len(quads) > 1000 and len({q.rsplit(" <", 1)[1] for q in quads}) > 10
    # JSON-LD keeps each quad in its graph; Turtle has every triple, each once.
    assert sorted(map(str, ox.parse(texts["jsonld"], format=ox.RdfFormat.JSON_LD))) == quads
    triples = sorted(map(str, ox.parse(texts["ttl"], format=ox.RdfFormat.TURTLE)))
    assert triples == sorted({str(ox.Triple(q.subject, q.predicate, q.object))
                              for q in ox.parse(texts["nq"], format=ox.RdfFormat.N_QUADS)})
    # One object per graph, in the order of the graphs' names.
    import json
    graphs = [graph["@id"] for graph in json.loads(texts["jsonld"])]
    assert graphs == sorted(set(graphs)) and KENYA in graphs


def test_a_rebuild_makes_only_the_changed_files_graph_again(runner, tmp_path, made):
    project = make_site_project(tmp_path / "project")
    build(runner, project)
    assert len({graph for graph, _ in made}) > 10  # the cold build made every graph's
    made.clear()
    edit_kenya(project)
    site = build(runner, project)
    assert sorted(made) == sorted((KENYA, fmt) for fmt in FORMATS)
    texts = exported(project)
    for fmt in FORMATS:
        assert (site / f"data/wildlex.{fmt}").read_bytes() == texts[fmt]
    assert b"any listed live specimen" in texts["ttl"]


def test_a_published_dataset_changed_by_hand_is_not_copied_from(runner, tmp_path, made):
    project = make_site_project(tmp_path / "project")
    site = build(runner, project)
    made.clear()
    turtle = site / "data/wildlex.ttl"
    turtle.write_bytes(turtle.read_bytes().replace(b"specimen", b"SPECIMEN"))
    edit_kenya(project)
    site = build(runner, project)
    assert len({graph for graph, _ in made}) > 10
    texts = exported(project)
    for fmt in FORMATS:
        assert (site / f"data/wildlex.{fmt}").read_bytes() == texts[fmt]
