"""Platform policies (issue 19): each broken platform file gets its exact line, and the
three questions (policy-matrix, platform-gaps, policy-vs-law) answer what the two test
platforms in tests/data/corpus/platforms justify — a gap that must appear, and one that
must not."""

import shutil
from pathlib import Path

import pytest

from conftest import DATA, REPO, make_project
from kb.cli import cli
from kb.corpus import place_of
from kb.errors import QueryError
from kb.output import records
from kb.project import open_project
from kb.questions import bindings, load_question
from kb.sparql import LocalSource
from kb.store import memory_store

CASES = sorted((DATA / "invalid-platforms").glob("*.ttl"))
MARKET = "https://w3id.org/wildlex/id/platforms/test-market"
SOCIAL = "https://w3id.org/wildlex/id/platforms/test-social"
AS_OF = "2024-06-01"


def expectation(case: Path) -> tuple[str, str]:
    text = case.read_text(encoding="utf-8")
    lines = text.splitlines()
    place = next(line[len("# place: "):].strip() for line in lines if line.startswith("# place: "))
    expected = next(line[len("# expect: "):].strip() for line in lines if line.startswith("# expect: "))
    return place, expected


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_broken_platform_file_is_reported_with_its_line(runner, project_dir, case):
    place, expected = expectation(case)
    shutil.copy(case, project_dir / place)
    result = runner.invoke(cli, ["validate", "--root", str(project_dir)])
    assert result.exit_code == 1
    assert expected in result.output.splitlines()
    assert "Traceback" not in result.output


def test_the_platforms_folder_owns_its_platforms_iris(tmp_path):
    corpus = tmp_path / "corpus"
    place = place_of(corpus / "platforms" / "ebay.ttl", corpus)
    assert place.is_platform and not place.is_coverage
    assert place.owns("https://w3id.org/wildlex/id/platforms/ebay")
    assert place.owns("https://w3id.org/wildlex/id/platforms/ebay/au-policy")
    assert not place.owns("https://w3id.org/wildlex/id/platforms/etsy/policy")
    assert not place.owns("https://w3id.org/wildlex/id/ke")
    assert place_of(corpus / "platforms" / "coverage.ttl", corpus) is None


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("platforms") / "project")
    shutil.copytree(REPO / "queries", root / "queries")
    project = open_project(root)
    return project, memory_store(project)


def answer(mini, name, **given):
    project, store = mini
    question = load_question(project, name)
    return records(LocalSource(store).select(question, bindings(question, {"asOf": AS_OF} | given,
                                                                {"ke", "gb", "fr", "eu"})))


def levels(rows, platform):
    return {row["criterion"]: row["level"] for row in rows if row["platform"] == platform}


def test_the_policy_matrix_tells_not_met_from_not_known(mini):
    rows = answer(mini, "policy-matrix")
    market, social = levels(rows, MARKET), levels(rows, SOCIAL)
    assert market["policy-live-animals"] == "not_met"  # its prohibition pages were read
    assert market["policy-removal"] == "met"
    assert market["policy-code-of-conduct"] == "met"
    assert social["policy-listing"] == "partly"  # it forbids selling, not listing
    # Its enforcement pages were not read: not known, never not met.
    assert social["policy-user-reporting"] == "not_known"
    assert social["policy-code-of-conduct"] == "not_known"


def test_a_platforms_gaps_hold_what_it_misses_and_nothing_not_known(mini):
    gaps = {(row["platform"], row["criterion"]): row["level"] for row in answer(mini, "platform-gaps")}
    assert gaps[(MARKET, "policy-live-animals")] == "not_met"
    assert gaps[(SOCIAL, "policy-listing")] == "partly"
    assert (MARKET, "policy-listing") not in gaps  # met
    assert not any(platform == SOCIAL and criterion in ("policy-user-reporting", "policy-removal")
                   for platform, criterion in gaps)  # not known


def test_the_gaps_of_one_platform_are_its_rows_of_all(mini):
    everyone = [row for row in answer(mini, "platform-gaps") if row["platform"] == MARKET]
    assert answer(mini, "platform-gaps", platform="test-market") == everyone


def differences(mini, **given):
    return {(row["jurisdiction"], row["direction"], row["aspect"], row["policyValue"], row["lawValue"])
            for row in answer(mini, "policy-vs-law", **given)}


def test_a_statutory_deadline_shorter_than_the_policys_removal_time_appears(mini):
    found = differences(mini, platform="test-market")
    # GB's test act requires removal within 24 hours (P1D); the policy promises 7 days.
    assert ("GB", "law_beyond_policy", "deadline", "P7D", "P1D") in found
    # Kenya's law holds no deadline for hosts.
    assert not any(j == "KE" and aspect == "deadline" for j, _, aspect, _, _ in found)


def test_an_eu_regulation_counts_for_its_member_states_only(mini):
    found = differences(mini, platform="test-market")
    assert ("FR", "law_beyond_policy", "duty", "", "trader_verification") in found
    assert not any(law == "trader_verification" and j != "FR" for j, *_, law in found)


def test_a_policy_beyond_the_law_appears_and_one_the_law_matches_does_not(mini):
    market = differences(mini, platform="test-market")
    # All wildlife may not be listed; GB's offence reaches CITES species only.
    assert ("GB", "policy_beyond_law", "conduct", "listing all_wildlife", "offer_for_sale") in market
    # All ivory, without exception, beside GB's offence for the same conduct.
    assert ("GB", "policy_beyond_law", "no_exception", "listing ivory", "offer_for_sale") in market
    # Test Social forbids selling CITES species in Kenya, which Kenya's offence reaches.
    social = differences(mini, platform="test-social")
    assert not any(policy == "selling cites_appendices" for _, _, _, policy, _ in social)


def test_a_country_page_counts_only_where_it_applies(mini):
    found = differences(mini, platform="test-market")
    assert ("GB", "policy_beyond_law", "conduct", "coded_language", "") in found
    assert not any(policy == "coded_language" and j != "GB" for j, _, _, policy, _ in found)


def test_a_policy_not_yet_in_force_makes_no_difference(mini):
    found = differences(mini, platform="test-market", asOf="2019-12-31")
    assert not any(policy == "listing all_wildlife" for _, _, _, policy, _ in found)


def test_one_jurisdiction_is_the_rows_of_all_that_hold_it(mini):
    everyone = [row for row in answer(mini, "policy-vs-law") if row["jurisdiction"] == "GB"]
    assert answer(mini, "policy-vs-law", jurisdiction="GB") == everyone != []


def test_a_platform_is_named_by_its_slug(mini):
    project, _ = mini
    question = load_question(project, "policy-matrix")
    with pytest.raises(QueryError, match="platform expects a platform slug such as ebay"):
        bindings(question, {"platform": "Test Market"}, set())


def test_the_cli_asks_the_policy_questions(runner, built_dir):
    result = runner.invoke(cli, ["query", "policy-vs-law", "--root", str(built_dir), "--as-of", AS_OF,
                                 "-p", "platform=test-market", "-p", "jurisdiction=GB", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert ",GB,law_beyond_policy,deadline,P7D,P1D," in result.output


def test_the_csv_export_holds_the_policies_as_kinds_of_their_own(mini):
    import csv
    import io

    from kb.export import export_table

    project, store = mini
    rows = list(csv.DictReader(io.StringIO(export_table(project, LocalSource(store), AS_OF))))
    policies = [r for r in rows if r["kind"].startswith("policy_")]
    assert rows[0]["kind"] in ("offence", "platform_duty", "jurisdiction_rule")  # the law first
    assert {r["kind"] for r in policies} == {"policy_prohibition", "policy_enforcement"}
    rule = next(r for r in policies if r["fact"] == MARKET + "/s1-rule")
    assert (rule["platform"], rule["instrument"], rule["citation"], rule["conduct"], rule["product"],
            rule["species_scope"]) == ("Test Market", "Wildlife policy", "What is not allowed",
                                       "listing;promoting", "ivory", "all_wildlife")
    removal = next(r for r in policies if r["fact"] == MARKET + "/s2-removal")
    assert (removal["measure_type"], removal["removal_time"]) == ("removal", "P7D")
    # A country page of a policy names the one jurisdiction it applies in.
    assert next(r for r in policies if r["fact"] == MARKET + "/uk-1-rule")["jurisdiction"] == "GB"
    # Not yet in force in 2019: the rule of the market's s1 (from 2020).
    earlier = export_table(project, LocalSource(store), "2019-06-01")
    assert MARKET + "/s1-rule" not in earlier and MARKET + "/s2-removal" in earlier


def test_a_policy_provisions_version_is_a_change(mini):
    project, store = mini
    question = load_question(project, "policy-changes")

    def changes(**given):
        return records(LocalSource(store).select(question, bindings(question, given, set())))

    assert [(r["date"], r["service"], r["change"], r["subject"], r["citation"]) for r in changes()] == [
        ("2020-01-01", "Test Market", "version_from", MARKET + "/s1", "What is not allowed")]
    assert changes(platform="test-social") == [] and changes(since="2020-01-02") == []
