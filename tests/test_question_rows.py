"""Every question answers exactly the rows its facts justify: one row per key that its
header declares (no product of unrelated optional parts, such as every exchange rate
joined onto a fine without a currency), and for penalties and the export, one row per
fact the corpus holds (test data, not law)."""

import pytest

from conftest import REPO, tiers_store
from kb.output import records
from kb.project import open_project
from kb.questions import bindings, list_questions, load_question
from kb.sparql import LocalSource

AS_OF = "2024-06-01"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return tiers_store(tmp_path_factory.mktemp("rows") / "project")


def answer(corpus, name, **given):
    project, store = corpus
    question = load_question(project, name)
    defaults = {"asOf": AS_OF} if any(p.name == "asOf" for p in question.parameters) else {}
    return records(LocalSource(store).select(question, bindings(question, defaults | given,
                                                                {"ke", "gb", "fr", "eu"})))


def key_of(project, name) -> list[str]:
    text = (project.queries_dir / f"{name}.rq").read_text(encoding="utf-8")
    return next(line.split(":", 1)[1].split() for line in text.splitlines() if line.startswith("# Key:"))


@pytest.mark.parametrize("name", list_questions(open_project(REPO)))
def test_each_key_has_one_row(corpus, name):
    project, _ = corpus
    key = key_of(project, name)
    rows = answer(corpus, name)
    assert rows, f"{name} answers nothing on the test corpus"
    keys = [tuple(row[column] for column in key) for row in rows]
    repeated = {k for k in keys if keys.count(k) > 1}
    assert not repeated, f"{name}: several rows for {sorted(repeated)[:3]}"


def facts(corpus, query: str) -> set[tuple[str, ...]]:
    _, store = corpus
    solutions = store.query(query, use_default_graph_as_union=True)
    return {tuple("" if term is None else term.value for term in solution) for solution in solutions}


DAY = f'"{AS_OF}"^^<http://www.w3.org/2001/XMLSchema#date>'
IN_FORCE = f"""
  FILTER NOT EXISTS {{ ?penalty wlx:inForceFrom ?f FILTER (?f > {DAY}) }}
  FILTER NOT EXISTS {{ ?penalty wlx:inForceUntil ?u FILTER (?u < {DAY}) }}
"""


def test_penalties_has_one_row_per_penalty_and_what_it_punishes(corpus):
    expected = facts(corpus, f"""
        PREFIX wlx: <https://w3id.org/wildlex/ontology#>
        SELECT ?penalty ?punishes WHERE {{
          ?penalty a wlx:Penalty ; wlx:penalises ?punishes . {IN_FORCE} }}""")
    rows = answer(corpus, "penalties")
    assert sorted((r["penalty"], r["punishes"]) for r in rows) == sorted(expected)


def test_export_has_one_row_per_offence_and_penalty_in_force(corpus):
    expected = facts(corpus, f"""
        PREFIX wlx: <https://w3id.org/wildlex/ontology#>
        SELECT ?offence ?penalty WHERE {{
          ?offence a wlx:Offence .
          OPTIONAL {{ ?penalty a wlx:Penalty ; wlx:penalises ?offence . {IN_FORCE} }} }}""")
    rows = [r for r in answer(corpus, "export") if r["kind"] == "offence"]
    assert sorted((r["fact"], r["penalty"]) for r in rows) == sorted(expected)
