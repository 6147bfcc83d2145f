"""Every tier of a penalty, the general laws that set fines, and versions closed: the
penalties and export questions on a hand-made act with every kind of tier (test data)."""

import pytest

from conftest import tiers_store
from kb.cli import cli
from kb.output import records
from kb.questions import bindings, load_question
from kb.sparql import LocalSource

PENALTIES = "https://w3id.org/wildlex/id/ke/tiers-act/"


@pytest.fixture(scope="module")
def ask(tmp_path_factory):
    project, store = tiers_store(tmp_path_factory.mktemp("tiers") / "project")

    def run(name, **given):
        question = load_question(project, name)
        given = bindings(question, given, {"ke", "gb", "fr", "eu"})
        return records(LocalSource(store).select(question, given))

    return run


def by_penalty(rows):
    return {r["penalty"].removeprefix(PENALTIES): r for r in rows if r["penalty"].startswith(PENALTIES)}


def test_a_tier_raises_its_base_term_by_its_factor_and_increase(ask):
    rows = by_penalty(ask("penalties", asOf="2024-06-01", jurisdiction="KE"))
    tier = rows["s2-tier"]
    assert tier["maxImprisonmentMonths"] == "48"  # 24 months x 1.5 + 12
    assert tier["seriousCrime"] == "true"
    assert tier["aggravations"] == "protected_species"
    assert tier["derivation"] == "term: 24 months of s. 1 × 1.5 + 12 months"


def test_a_factor_written_to_four_decimals_gives_the_whole_month(ask):
    """'Increased by one third' is written 1.3333: 24 months give 32, not 31 (31.9992)."""
    tier = by_penalty(ask("penalties", asOf="2024-06-01", jurisdiction="KE"))["s2a-tier"]
    assert tier["maxImprisonmentMonths"] == "32"
    exported = [r for r in ask("export", asOf="2024-06-01", jurisdiction="KE")
                if r["penalty_citation"] == "s. 2A"]
    assert {r["max_imprisonment_months"] for r in exported} == {"32"}


def test_a_legal_person_tier_multiplies_the_base_fine(ask):
    tier = by_penalty(ask("penalties", asOf="2024-06-01", jurisdiction="KE"))["s3-tier"]
    assert (tier["maxFineAmount"], tier["amountCurrency"], tier["maxFineEUR"]) == ("5000", "EUR", "5000")
    assert tier["appliesTo"] == "legal"


def test_statutory_units_are_valued_on_the_date_asked(ask):
    before = by_penalty(ask("penalties", asOf="2022-06-01", jurisdiction="KE"))["s4-penalty"]
    after = by_penalty(ask("penalties", asOf="2024-06-01", jurisdiction="KE"))["s4-penalty"]
    assert (before["maxFine"], before["fineUnit"], before["maxFineAmount"]) == (
        "100", "penalty units", "2000")
    assert (after["maxFineAmount"], after["amountCurrency"]) == ("3000", "EUR")
    assert after["derivation"] == "fine: 100 penalty units × 30 EUR (s. 9); fine set by s. 9"


def test_a_per_specimen_fine_keeps_its_cap(ask):
    row = by_penalty(ask("penalties", asOf="2024-06-01", jurisdiction="KE"))["s5-penalty"]
    assert (row["fineBasis"], row["maxFineAmount"], row["fineCap"], row["fineCapEUR"]) == (
        "per_specimen", "50", "5000", "5000")


def test_every_penalty_of_an_offence_with_tiers_is_exported(ask):
    rows = [r for r in ask("export", asOf="2024-06-01", jurisdiction="KE")
            if r["provision"] == PENALTIES + "s1"]
    terms = sorted((r["penalty_citation"], r["max_imprisonment_months"], r["max_fine"]) for r in rows)
    assert terms == [("s. 1", "24", "1000"), ("s. 2", "48", ""), ("s. 21", "", ""), ("s. 2A", "32", ""),
                     ("s. 3", "", "5000")]


def test_a_fine_without_a_currency_gets_one_row_not_one_per_rate(ask):
    rows = ask("penalties", asOf="2024-06-01")
    keys = [(r["penalty"], r["punishes"]) for r in rows]
    assert len(keys) == len(set(keys))
    assert by_penalty(rows)["s2-tier"]["rateDate"] == ""


def test_editorial_marks_are_a_warning_that_names_the_line(runner, project_dir):
    act = project_dir / "corpus/gb/test-act.ttl"
    text = act.read_text(encoding="utf-8")
    assert "is liable to imprisonment for seven years" in text
    act.write_text(text.replace("is liable to imprisonment", "is liable [F27 to imprisonment]"),
                   encoding="utf-8")
    result = runner.invoke(cli, ["validate", "--root", str(project_dir)])
    assert result.exit_code == 0, result.output
    warning = next(line for line in result.stderr.splitlines() if "warning:" in line)
    assert warning.startswith("corpus/gb/test-act.ttl:")
    assert 'an annotation mark such as F27 ("[F27")' in warning


def test_only_a_tier_names_a_base(ask):
    """A penalty with no wlx:basePenalty shows none (an OPTIONAL valuing a base's units
    once bound every penalty to any penalty fined in units)."""
    rows = by_penalty(ask("penalties", asOf="2024-06-01", jurisdiction="KE"))
    assert {name: row["basePenalty"].rsplit("/", 1)[-1] for name, row in rows.items()} == {
        "s1-penalty": "", "s2-tier": "s1-penalty", "s2a-tier": "s1-penalty", "s3-tier": "s1-penalty",
        "s4-penalty": "", "s5-penalty": "", "s20-penalty": "", "s21-penalty": ""}


def test_a_minimum_of_six_months_and_one_day_is_kept_and_counted_in_whole_months(ask):
    """The Philippines' RA 9147 s. 28 reads "six (6) years and one (1) day": the day was
    dropped because a minimum could hold years and months only."""
    row = by_penalty(ask("penalties", asOf="2024-06-01", jurisdiction="KE"))["s20-penalty"]
    assert row["minImprisonmentMonths"] == "6"


def test_laundering_the_proceeds_of_a_crime_abroad_is_a_foreign_law_predicate_only_in_part(ask):
    """Spain's and Saudi Arabia's money-laundering laws catch specimens from a crime abroad
    only where the act is a crime at home too: partly, not the Lacey Act's "met"."""
    [cell] = [r for r in ask("matrix", jurisdiction="KE")
              if r["criterion"] == "jurisdiction-foreign-law-predicate"]
    assert cell["level"] == "partly" and "/tiers-act/s20" in cell["evidence"]


def test_a_fine_set_at_a_multiple_says_of_what_and_whether_it_is_a_ceiling(ask):
    """"Up to 2 x the value of the specimens or goods" misdescribed 18 U.S.C. 3571(d) (twice
    the gross gain or loss) and Zimbabwe's s. 128 (a fine of four times the value, not up to)."""
    row = by_penalty(ask("penalties", asOf="2024-06-01", jurisdiction="KE"))["s21-penalty"]
    assert row["derivation"] == "fine: 3 × the value named in the provision"
