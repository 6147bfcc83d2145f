"""Materialised answers: a build keeps its answers, readers get exactly what evaluating
the question gives, and the answers are never served once the store has changed."""

import re
import shutil
from collections import Counter

import pyoxigraph as ox
import pytest

from conftest import REPO, make_site_project, release_stores
from kb.answers import KeptAnswers, filters, local_source, shares
from kb.cli import cli
from kb.project import open_project
from kb.questions import Parameter, Question, bindings, known_jurisdictions, list_questions, load_question
from kb.sparql import LocalSource, answer_from
from kb.store import answers_path


@pytest.fixture(scope="module")
def real(real_built):
    """The repository's own corpus, built with its site (so its answers are kept)."""
    target, output = real_built
    assert "answers kept for readers" in output
    return open_project(target)


@pytest.fixture(scope="module")
def source(real):
    """The reader's source: the store with the kept answers."""
    source = local_source(real)
    yield source
    source.store = None
    release_stores()


def unordered(answer):
    """The rows as a multiset, each value as a multiset of words: SPARQL leaves the order
    of rows with equal sort keys and of GROUP_CONCAT items to the engine, and the on-disk
    and in-memory stores order them differently."""
    def words(term):
        if not isinstance(term, ox.Literal):
            return term
        return term.datatype, term.language, tuple(sorted(re.split(r"[\s;|]+", term.value)))
    return Counter(tuple(sorted((k, words(v)) for k, v in row.items())) for row in answer.rows)


def test_every_question_at_its_defaults_is_answered_as_evaluating_it_would(real, source):
    from kb.partial import composable
    from kb.store import in_memory

    # What the build evaluated: a question a rebuild composes, the copy read from the
    # quads the loads kept (the order of a GROUP_CONCAT follows the order the quads were
    # put in; the pages sort the lists); any other, the on-disk store (kb/partial.py).
    memory = LocalSource(in_memory(source.store, real))
    on_disk = LocalSource(source.store)
    assert source.answers is not None
    kinds = set()
    for name in list_questions(real):
        question = load_question(real, name)
        bound = bindings(question, {}, set())
        kept = source.answers.find(question, bound)
        assert kept is not None, name
        kinds.add(composable(question, bound))
        evaluated = (memory if composable(question, bound) else on_disk).select(question, bound)
        assert kept.columns == evaluated.columns, name
        assert kept.rows == evaluated.rows != [], name
        other = on_disk if composable(question, bound) else memory
        assert unordered(kept) == unordered(other.select(question, bound)), name
    assert kinds == {True, False}  # both kinds were compared


def test_every_filter_keeps_its_contract_for_every_jurisdiction(real, source):
    """Bound to a value, an optional parameter named like a column answers the rows of the
    unbound answer that hold the value: what lets a kept answer serve one jurisdiction."""
    from kb.store import in_memory

    # Evaluated from a copy in memory, as the build evaluates (three times faster than the
    # on-disk store over hundreds of questions; the test above compares the on-disk answers).
    live = LocalSource(in_memory(source.store))
    codes = known_jurisdictions(real, live)
    checked = 0
    for name in list_questions(real):
        question = load_question(real, name)
        if "jurisdiction" not in filters(question):
            continue
        for code in sorted(codes):
            bound = bindings(question, {"jurisdiction": code}, codes)
            kept = source.answers.find(question, bound)
            assert kept is not None, (name, code)
            assert unordered(kept) == unordered(live.select(question, bound)), (name, code)
            checked += 1
    assert checked >= 8 * len(codes)
    # Two filters at once: the jurisdiction's share, filtered again by criterion.
    matrix = load_question(real, "matrix")
    both = bindings(matrix, {"jurisdiction": "KE", "criterion": "offence-offer-for-sale"}, codes)
    kept = source.answers.find(matrix, both)
    assert len(kept.rows) == 1
    assert unordered(kept) == unordered(live.select(matrix, both))


def test_values_the_build_did_not_ask_are_evaluated(real, source):
    matrix = load_question(real, "matrix")
    earlier = bindings(matrix, {"asOf": "2001-01-01"}, set())
    assert source.answers.find(matrix, earlier) is None
    assert source.select(matrix, earlier).rows == LocalSource(source.store).select(matrix, earlier).rows


def test_shares_split_tsv_rows_holding_tabs_and_line_breaks():
    from kb.sparql import SnapshotSource

    store = ox.Store()
    j = [ox.NamedNode(f"https://example.org/{c}") for c in "ab"]
    text = ox.NamedNode("https://example.org/text")
    store.add(ox.Quad(j[0], text, ox.Literal("one\tline\nand\r\nanother \"quoted\"")))
    store.add(ox.Quad(j[0], text, ox.Literal("deux", language="fr")))
    store.add(ox.Quad(j[1], text, ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))))
    question = Question("t", REPO / "queries" / "t.rq",
                        "SELECT ?j ?text WHERE { ?j <https://example.org/text> ?text } ORDER BY ?text",
                        (Parameter("j", "jurisdiction", None),), "")
    snapshot = SnapshotSource(store)
    whole = snapshot.select(question, {})
    (_, bound, body, rows), = snapshot.kept()
    split = list(shares(question, bound, body, rows))
    assert sorted(str(values) for values, _ in split) == sorted(map(str, ({}, {"j": j[0]}, {"j": j[1]})))
    for values, share in split:
        answer = answer_from(ox.parse_query_results(share, format=SnapshotSource.FORMAT))
        expected = [row for row in whole.rows if all(row[k] == v for k, v in values.items())]
        assert answer.rows == expected != []


def test_a_load_that_changes_the_store_deletes_the_answers_first(tmp_path, monkeypatch):
    from click.testing import CliRunner

    target = make_site_project(tmp_path / "project")
    (target / "build").mkdir()
    (target / "build" / ".answers-killed").write_bytes(b"half an sqlite file")
    assert CliRunner().invoke(cli, ["build", "--quiet", "--root", str(target)]).exit_code == 0
    release_stores()
    project = open_project(target)
    assert KeptAnswers.open(project) is not None
    assert not list((target / "build").glob(".answers-*"))  # nor a killed build's
    # Nothing changed: a build without the site keeps them.
    assert CliRunner().invoke(cli, ["build", "--quiet", "--no-site", "--root", str(target)]).exit_code == 0
    release_stores()
    assert KeptAnswers.open(project) is not None

    # A load killed after changing the store and before writing its manifest...
    path = next((target / "corpus").rglob("*.ttl"))
    path.write_text(path.read_text() + "\n# changed\n")
    import kb.store

    def killed(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(kb.store, "write_atomically", killed)
    store = kb.store.open_store(project)
    with pytest.raises(KeyboardInterrupt):
        kb.store.load(project, store)
    del store
    release_stores()
    # ...has left no answers that the old manifest would vouch for.
    assert not answers_path(project).exists()
    assert KeptAnswers.open(project) is None


def test_answers_for_another_state_of_the_store_are_not_served(real, tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(real.root, copy, symlinks=True)
    project = open_project(copy)
    assert KeptAnswers.open(project) is not None
    manifest = copy / "build" / "store-manifest.json"
    manifest.write_text(manifest.read_text().replace("{", '{"corpus/xx/new.ttl": "0",', 1))
    assert KeptAnswers.open(project) is None
