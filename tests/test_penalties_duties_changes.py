"""Known answers of the penalties, platform-duties and changes questions (test data, not law)."""

import re

import pytest

from kb.output import records
from kb.project import open_project
from kb.questions import bindings, load_question
from kb.sparql import LocalSource


@pytest.fixture(scope="module")
def ask(built_dir, store):
    project = open_project(built_dir)

    def run(name, **given):
        question = load_question(project, name)
        answer = LocalSource(store).select(question, bindings(question, given, {"ke", "gb", "fr", "eu"}))
        return records(answer)

    return run


def test_serious_crime_follows_the_penalty_in_force(ask):
    before = ask("penalties", asOf="2019-06-01", jurisdiction="KE")
    after = ask("penalties", asOf="2021-06-01", jurisdiction="KE")
    assert [(r["maxImprisonmentMonths"], r["seriousCrime"]) for r in before] == [("24", "false")]
    assert [(r["maxImprisonmentMonths"], r["seriousCrime"]) for r in after] == [("60", "true")]


def test_fines_are_converted_with_the_dated_rate_of_their_currency(ask):
    gb = ask("penalties", asOf="2026-06-01", jurisdiction="GB")[0]
    assert (gb["maxFine"], gb["currency"], gb["maxFineEUR"], gb["rateDate"]) == (
        "10000", "GBP", "12105", "2025-02-28")  # 10000 / 0.82608, ECB 28 Feb 2025
    ke = ask("penalties", asOf="2026-06-01", jurisdiction="KE")[0]
    # The ECB does not quote KES: its rate is another source's, with its own date.
    assert (ke["currency"], ke["maxFineEUR"], ke["rateDate"]) == ("KES", "3725", "2025-02-14")


def test_platform_duties_show_bearer_deadline_and_scope(ask):
    duties = {r["jurisdiction"]: r for r in ask("platform-duties", asOf="2026-06-01")}
    # Oxigraph keeps durations in canonical form: the contributor's PT24H reads P1D.
    assert (duties["GB"]["dutyTypes"], duties["GB"]["bearers"], duties["GB"]["deadline"]) == (
        "notice_and_takedown", "host", "P1D")
    assert duties["EU"]["wildlifeSpecific"] == "false"


def test_changes_since_a_date_list_versions_and_entries_into_force(ask):
    changes = {(r["date"], r["jurisdiction"], r["change"], r["subject"].rsplit("/", 1)[-1])
               for r in ask("changes", since="2019-01-01")}
    assert ("2020-01-01", "KE", "version_from", "s2-penalty") in changes
    assert ("2019-12-31", "KE", "version_until", "s2-penalty-2014") in changes
    assert ("2024-02-17", "EU", "in_force", "test-regulation") in changes
    assert not any(date < "2019-01-01" for date, *_ in changes)


def test_every_currency_of_the_corpus_has_a_dated_rate_with_its_source():
    """Every fine in the real corpus can be compared in euros (issue 14 item 2)."""
    from rdflib import Graph, Namespace

    from conftest import REPO

    wlx = Namespace("https://w3id.org/wildlex/ontology#")
    rates = Graph().parse(REPO / "ontology/exchange-rates.ttl")
    quoted = {str(c) for c in rates.objects(None, wlx.currency)}
    # One rate per currency: the penalties question joins on the currency alone.
    per_currency = [str(c) for c in rates.objects(None, wlx.currency)]
    assert sorted(per_currency) == sorted(quoted), "a currency has two rates: keep the latest"
    for rate in rates.subjects(wlx.currency, None):
        assert rates.value(rate, wlx.rateDate) is not None and rates.value(rate, wlx.sourceUrl) is not None
        assert rates.value(rate, wlx.reviewNote) is not None
    used = set()
    for path in (REPO / "corpus").rglob("*.ttl"):
        used |= {str(c) for c in Graph().parse(path).objects(None, wlx.currency)}
    # A currency still without a rate is declared as such in the file's header (and its
    # fines are shown unconverted): it is never missing silently.
    header = (REPO / "ontology/exchange-rates.ttl").read_text(encoding="utf-8").split("@prefix")[0]
    declared = set(re.findall(r"\b[A-Z]{3}\b", header.split("Not yet found", 1)[1]))
    assert used - quoted <= declared, f"no rate for {sorted(used - quoted - declared)}"
