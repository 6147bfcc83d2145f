"""Output for people: tables that fit 100 columns without losing a character, labels
instead of identifiers, JSON with numbers as numbers (test data, not law)."""

import json

import pytest

from conftest import make_built_project, release_stores
from kb.cli import cli


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = make_built_project(tmp_path_factory.mktemp("output") / "project")
    release_stores()
    return root


def query(runner, project, *args):
    result = runner.invoke(cli, ["query", *args, "--root", str(project), "--as-of", "2026-06-01"])
    release_stores()
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("name", ["matrix", "penalties", "provisions", "export", "coverage"])
def test_tables_fit_a_hundred_columns(runner, project, name):
    assert max(len(line) for line in query(runner, project, name).splitlines()) <= 100


def test_nothing_is_cut_from_a_wrapped_table(runner, project):
    text = query(runner, project, "provisions", "-p", "jurisdiction=GB")
    words = " ".join(text.split())
    assert "within 24 hours of being notified of it." in words


def test_wide_prints_each_row_on_one_line(runner, project):
    text = query(runner, project, "matrix", "-p", "jurisdiction=GB", "--wide")
    assert any(len(line) > 100 for line in text.splitlines()) or len(text.splitlines()) == 2 + 23


def test_tables_show_labels_and_citations_not_identifiers(runner, project):
    text = query(runner, project, "matrix", "-p", "jurisdiction=GB", "-p", "criterion=offence-advertising")
    assert "Advertising is an offence" in text
    assert "GB Test Online Wildlife Trade Act, s. 1" in " ".join(text.split())
    assert "https://w3id.org" not in text


def test_json_gives_numbers_as_numbers(runner, project):
    rows = json.loads(query(runner, project, "penalties", "-p", "jurisdiction=GB", "--format", "json"))
    assert rows[0]["maxImprisonmentMonths"] == 84
    assert rows[0]["maxFine"] == 10000
    assert rows[0]["seriousCrime"] is True
    assert rows[0]["citation"] == "s. 2"
