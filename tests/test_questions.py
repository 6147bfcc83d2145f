"""Every question in queries/ parses, declares its parameters, and runs on the mini corpus."""

import pytest

from conftest import REPO
from kb.errors import QueryError, UnknownJurisdiction
from kb.project import open_project
from kb.questions import bindings, list_questions, load_question
from kb.sparql import LocalSource, with_values

QUESTIONS = sorted(p.stem for p in (REPO / "queries").glob("*.rq"))


@pytest.fixture(scope="module")
def project(built_dir):
    return open_project(built_dir)


def test_the_shipped_questions_are_all_listed(project):
    assert list_questions(project) == QUESTIONS
    assert {"matrix", "jurisdictions", "criteria", "provisions", "export"} <= set(QUESTIONS)


@pytest.mark.parametrize("name", QUESTIONS)
def test_question_has_a_header_and_runs(project, store, name):
    question = load_question(project, name)
    assert question.summary, "each question opens with a comment saying what it answers"
    assert "Columns:" in question.text
    answer = LocalSource(store).select(question, bindings(question, {}, {"ke", "gb", "fr", "eu"}))
    assert answer.rows, f"{name} returned nothing on the mini corpus"


@pytest.mark.parametrize("name", QUESTIONS)
def test_parameters_sit_at_the_outer_level(project, name):
    """A remote caller's VALUES block goes after the outer WHERE {, where every parameter is used."""
    question = load_question(project, name)
    bound = bindings(question, {}, set())
    text = with_values(question, bound)
    if not bound:
        assert text == question.text
        return
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    after = code.split("VALUES (", 1)[1]
    assert code.index("VALUES (") > code.upper().index("WHERE")
    assert "SELECT" not in after.upper(), "a parameter inside a subquery would not be bound"


def test_a_syntax_error_names_the_file(project, store, tmp_path):
    broken = project.queries_dir / "broken.rq"
    broken.write_text("# Broken.\n# Columns:\nSELECT ?x WHERE { ?x ?y }\n")
    try:
        with pytest.raises(QueryError, match=r"^queries/broken\.rq: "):
            LocalSource(store).select(load_question(project, "broken"), {})
    finally:
        broken.unlink()


def test_unknown_question_lists_the_known_ones(project):
    with pytest.raises(QueryError, match="the questions are: changes, coverage, criteria, export"):
        load_question(project, "nonsense")


def test_unknown_jurisdiction_lists_the_known_ones(project):
    question = load_question(project, "matrix")
    with pytest.raises(UnknownJurisdiction, match="unknown jurisdiction 'ZZ'; the corpus holds: GB, KE"):
        bindings(question, {"jurisdiction": "ZZ"}, {"ke", "gb"})


def test_parameters_are_typed(project):
    question = load_question(project, "matrix")
    with pytest.raises(QueryError, match="asOf expects a date written YYYY-MM-DD"):
        bindings(question, {"asOf": "yesterday"}, set())
    with pytest.raises(QueryError, match="matrix takes no parameter 'lang'"):
        bindings(question, {"lang": "fr"}, set())


def test_a_snapshot_answers_each_question_once_per_set_of_values(project, store, monkeypatch):
    from kb.sparql import SnapshotSource

    snapshot = SnapshotSource(store)
    queries = []
    real_query = type(store).query
    monkeypatch.setattr(snapshot, "store", type("Counting", (), {
        "query": lambda self, *args, **kwargs: queries.append(args) or real_query(store, *args, **kwargs)})())
    question = load_question(project, "provisions")
    kenya = bindings(question, {"jurisdiction": "KE"}, {"ke", "gb", "fr", "eu"})
    first = snapshot.select(question, kenya)
    first.rows.clear()  # a caller changing its copy changes nothing for the next
    again = snapshot.select(question, kenya)
    everywhere = snapshot.select(question, bindings(question, {}, {"ke", "gb", "fr", "eu"}))
    assert len(queries) == 2
    assert again.rows == LocalSource(store).select(question, kenya).rows != []
    assert len(everywhere.rows) > len(again.rows)


def _held_snapshot(project, store, monkeypatch):
    """A snapshot whose answering threads hold the first question until `release` is set,
    recording which thread asks each question."""
    import threading

    from kb.sparql import SnapshotSource

    snapshot, asked, release = SnapshotSource(store), [], threading.Event()
    evaluate = snapshot.evaluate

    def recorded(question, bound):
        asked.append((question.path.stem, threading.current_thread() is threading.main_thread()))
        if len(asked) == 1:
            release.wait(10)
        return evaluate(question, bound)

    monkeypatch.setattr(snapshot, "evaluate", recorded)
    asks = [(load_question(project, name), bindings(load_question(project, name), {}, set()))
            for name in ("matrix", "export", "provisions", "jurisdictions")]
    return snapshot, asks, asked, release


def test_answers_read_while_the_others_are_asked_are_those_asked_alone(project, store, monkeypatch):
    """A build reads the first answers while the next are asked (SnapshotSource.answering):
    each reads as asked alone and is asked once; one no thread has started is asked by
    its reader, not waited for; no thread is left once the block ends (a build forks)."""
    import threading

    snapshot, asks, asked, release = _held_snapshot(project, store, monkeypatch)
    threads = threading.active_count()
    with snapshot.answering(asks, 1):
        last = snapshot.select(*asks[-1])  # (the one thread is held on the first)
        release.set()
        answers = [snapshot.select(*ask) for ask in asks[:-1]] + [last]
    assert threading.active_count() == threads
    assert ("jurisdictions", True) in asked and ("matrix", False) in asked
    assert sorted(name for name, _ in asked) == sorted(q.path.stem for q, _ in asks)
    for (question, bound), answer in zip(asks, answers, strict=True):
        assert answer.rows == LocalSource(store).select(question, bound).rows != []


def test_a_reader_that_fails_leaves_the_questions_not_started_unasked(project, store, monkeypatch):
    import threading

    snapshot, asks, asked, release = _held_snapshot(project, store, monkeypatch)
    with pytest.raises(RuntimeError, match="a page failed"), snapshot.answering(asks, 1):
        threading.Timer(0.5, release.set).start()  # (the first goes on once the others are let go)
        raise RuntimeError("a page failed")
    assert [name for name, _ in asked] == ["matrix"]


@pytest.mark.parametrize("enabled", [True, False])
def test_an_answers_rows_are_made_without_collections_and_the_collector_left_as_it_was(enabled):
    """Collecting cycles while a large answer's rows are made walked them again and again
    (a third of a kept whole-corpus export's time): none runs meanwhile, and the
    collector is after as it was before (a build turns it off for its whole length)."""
    import gc

    import pyoxigraph as ox

    from kb.sparql import answer_from

    states = []

    class Solutions:
        variables = [ox.Variable("x")]

        def __iter__(self):
            for i in range(3):
                states.append(gc.isenabled())
                yield [ox.Literal(str(i))]

    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        answer = answer_from(Solutions())
        after = gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
    assert [row["x"].value for row in answer.rows] == ["0", "1", "2"]
    assert states == [False] * 3
    assert after is enabled
