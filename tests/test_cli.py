"""The command line: help for every command, output formats, exit codes, exact error lines."""

import csv
import io
import json

import pytest

from conftest import make_built_project, release_stores
from kb.cli import cli

COMMANDS = sorted(cli.commands)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return make_built_project(tmp_path_factory.mktemp("cli") / "project")


def run(runner, project, *args):
    release_stores()
    return runner.invoke(cli, [*args, "--root", str(project)])


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(runner, command):
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


def test_query_lists_the_questions(runner, project):
    result = run(runner, project, "query")
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("changes ")


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "md"])
def test_query_in_every_format(runner, project, fmt):
    result = run(runner, project, "query", "matrix", "-p", "jurisdiction=GB",
                 "-p", "criterion=offence-advertising", "--as-of", "2026-06-01", "--format", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        assert json.loads(result.stdout) == [{
            "jurisdiction": "GB", "criterion": "offence-advertising", "level": "met",
            "evidence": "https://w3id.org/wildlex/id/gb/test-act/s1", "reviewed": "",
            "alsoReviewed": "", "reviewFinding": "", "asOf": "2026-06-01"}]
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert [(r["jurisdiction"], r["level"]) for r in rows] == [("GB", "met")]
    elif fmt == "md":
        assert result.stdout.splitlines()[0] == ("| jurisdiction | criterion | level | evidence | "
                                                 "reviewed | alsoReviewed | reviewFinding | asOf |")
        assert "| GB | offence-advertising | met |" in result.stdout
    else:
        assert result.stdout.splitlines()[2].split()[:5] == ["GB", "Advertising", "is", "an", "offence"]


def test_unknown_jurisdiction_is_a_clear_error(runner, project):
    result = run(runner, project, "compare", "KE", "ZZ")
    assert result.exit_code == 1
    assert result.output.strip() == ("Error: unknown jurisdiction 'ZZ'; the corpus holds: "
                                     "EU, FR, GB, KE")


def test_bad_param_syntax_is_a_usage_error(runner, project):
    result = run(runner, project, "query", "matrix", "-p", "jurisdiction")
    assert result.exit_code == 2
    assert "--param expects KEY=VALUE, found 'jurisdiction'" in result.output


def test_compare_prints_matrix_and_cited_gaps(runner, project):
    result = run(runner, project, "compare", "KE", "GB", "--as-of", "2026-06-01")
    assert result.exit_code == 0, result.output
    assert "Gaps: where United Kingdom (GB) goes further than Kenya (KE) (3)" in result.output
    assert "      reviewed: Test Wildlife Act" in result.output  # the evidence of a "not met"
    assert "GB — Test Online Wildlife Trade Act, s. 1 [checked_official]" in result.output
    assert "Not known for KE (topic not reviewed, so no gap is claimed)" in result.output


def test_recommend_names_model_provisions(runner, project):
    result = run(runner, project, "recommend", "KE", "--as-of", "2026-06-01")
    assert result.exit_code == 0, result.output
    assert "* Advertising is an offence (NOT MET)" in result.output
    assert "https://example.org/gb/test-act#s1" in result.output


def test_a_model_provision_is_named_once_not_once_per_member_state(runner, project):
    """France meets trader verification through the EU regulation: the regulation is the
    model, once, attributed to the EU."""
    result = run(runner, project, "recommend", "GB", "--as-of", "2026-06-01")
    assert result.exit_code == 0, result.output
    section = result.output.split("* Trader verification (NOT MET)")[1].split("\n* ")[0]
    assert section.count("EU — Test Marketplace Regulation, art. 1") == 1
    assert "FR —" not in section


def test_export_csv_has_the_agreed_columns_and_honours_as_of(runner, project, tmp_path):
    target = tmp_path / "out.csv"
    result = run(runner, project, "export", "--format", "csv", "--as-of", "2019-06-01",
                 "--output", str(target))
    assert result.exit_code == 0, result.output
    with target.open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert list(rows[0])[:22] == [
        "jurisdiction", "instrument", "provision", "citation", "kind", "conduct",
        "online_scope", "species_scope", "max_imprisonment_months", "life_imprisonment",
        "min_imprisonment_months", "max_fine", "min_fine", "fine_currency", "fine_basis",
        "legal_persons_liable", "duty_type", "duty_bearer", "in_force_from", "in_force_until",
        "source_url", "review_status"]
    kenya = [r for r in rows if r["jurisdiction"] == "KE"]
    assert [(r["max_imprisonment_months"], r["in_force_until"]) for r in kenya] == [("24", "2019-12-31")]
    assert {r["kind"] for r in rows} == {"offence", "platform_duty", "policy_prohibition",
                                         "policy_enforcement"}


@pytest.mark.parametrize("fmt", ["ttl", "nq", "jsonld"])
def test_dataset_export_reimports_to_what_was_loaded(runner, project, fmt):
    import pyoxigraph as ox
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from kb.turtle import to_rdflib

    result = run(runner, project, "export", "--format", fmt)
    assert result.exit_code == 0
    formats = {"ttl": ox.RdfFormat.TURTLE, "nq": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD}
    reread = list(ox.parse(result.output.encode(), format=formats[fmt]))
    release_stores()
    store = ox.Store(str(project / "build" / "store"))
    loaded = list(store.quads_for_pattern(None, None, None, None))
    del store

    def graph(quads):
        g = Graph()
        for q in quads:
            g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        return g

    assert isomorphic(graph(reread), graph(loaded))
    if fmt == "nq":  # N-Quads keeps the named graph of every statement
        assert sorted(map(str, reread)) == sorted(map(str, loaded))
