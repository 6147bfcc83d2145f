"""Known answers on the hand-made corpus (tests/data/corpus, test data, not law)."""

import pytest

from kb.compare import Comparison
from kb.project import open_project
from kb.sparql import LocalSource


@pytest.fixture(scope="module")
def today(built_dir, store):
    return Comparison(open_project(built_dir), LocalSource(store), "2026-06-01")


def level(comparison, code, criterion):
    return comparison.level(code, criterion).level


def test_a_gap_that_must_appear_cites_the_peer_provision(today):
    gaps = {(g.criterion, g.peer): g for g in today.gaps("KE", ["GB"])}
    advertising = gaps[("offence-advertising", "GB")]
    assert advertising.level == "not_met" and advertising.peer_level == "met"
    assert [m.iri for m in advertising.models] == ["https://w3id.org/wildlex/id/gb/test-act/s1"]
    assert advertising.models[0].citation == "s. 1"
    assert ("penalty-confiscation", "GB") in gaps
    assert ("offence-online-express", "GB") in gaps  # KE partly, GB met


def test_a_gap_that_must_not_appear(today):
    criteria = {g.criterion for g in today.gaps("GB", ["KE"])}
    assert "offence-advertising" not in criteria  # GB is ahead there
    assert "penalty-serious-crime-4y" not in criteria  # both meet it


def test_not_known_is_never_a_gap(today):
    assert level(today, "KE", "platform-notice-and-action") == "not_known"
    assert level(today, "GB", "platform-notice-and-action") == "met"
    assert "platform-notice-and-action" not in {g.criterion for g in today.gaps("KE", ["GB"])}


def test_a_criterion_named_as_not_reviewed_stays_not_known(today):
    assert level(today, "KE", "penalty-legal-person-liability") == "not_known"
    assert level(today, "GB", "penalty-legal-person-liability") == "not_met"


def test_reviewed_and_absent_is_not_met(today):
    assert level(today, "GB", "platform-trader-verification") == "not_met"


def test_an_as_of_date_flips_the_serious_crime_test(built_dir, store, today):
    before = Comparison(open_project(built_dir), LocalSource(store), "2019-06-01")
    assert level(before, "KE", "penalty-serious-crime-4y") == "not_met"
    assert level(today, "KE", "penalty-serious-crime-4y") == "met"


def test_an_instrument_not_yet_in_force_does_not_count(built_dir, store):
    before = Comparison(open_project(built_dir), LocalSource(store), "2020-01-01")
    assert level(before, "FR", "platform-trader-verification") == "not_met"


def test_an_eu_regulation_counts_for_a_member_state_and_a_directive_does_not(today):
    trader = today.level("FR", "platform-trader-verification")
    assert trader.level == "met"
    assert trader.evidence == ("https://w3id.org/wildlex/id/eu/test-regulation/art1",)
    assert level(today, "EU", "offence-purchase") == "met"
    assert level(today, "FR", "offence-purchase") == "not_met"


def test_recommendations_name_models_from_elsewhere(today):
    recommendations = {r.criterion: r for r in today.recommend("KE")}
    assert recommendations["offence-advertising"].models[0].jurisdiction == "GB"
    assert "platform-notice-and-action" not in recommendations  # not known, not recommended
    assert "offence-offer-for-sale" not in recommendations  # already met


def test_a_platform_duty_sanction_does_not_meet_the_penalty_criteria(project_dir):
    """Five years and a turnover fine on companies for ignoring a takedown duty say nothing
    of what a wildlife offence risks: they meet "platform sanctions" and nothing else."""
    from kb.store import memory_store

    act = project_dir / "corpus/gb/test-act.ttl"
    before = Comparison(open_project(project_dir), LocalSource(memory_store(open_project(project_dir))),
                        "2026-06-01")
    act.write_text(act.read_text() + """
:s3-sanction a wlx:Penalty ;
    wlx:penalises :s3-duty ;
    wlx:definedIn :s3 ;
    wlx:penaltyKind <https://w3id.org/wildlex/code/kind/criminal> ;
    wlx:appliesTo <https://w3id.org/wildlex/code/person/legal> ;
    wlx:maxImprisonment "P5Y"^^xsd:duration ;
    wlx:maxFine 6 ;
    wlx:fineBasis <https://w3id.org/wildlex/code/fine/turnover_percent> .
""")
    project = open_project(project_dir)
    after = Comparison(project, LocalSource(memory_store(project)), "2026-06-01")
    assert level(after, "GB", "platform-sanctions") == "met"
    for criterion in ("penalty-serious-crime-4y", "penalty-legal-person-liability",
                      "penalty-scaled-fines"):
        assert level(after, "GB", criterion) == level(before, "GB", criterion), criterion
    assert level(before, "GB", "penalty-legal-person-liability") == "not_met"
    assert level(before, "GB", "penalty-scaled-fines") == "not_met"


def test_an_offence_of_taking_alone_does_not_meet_the_trade_offence_criteria(project_dir):
    """Hunting or capture of any CITES species, even online, says nothing of its trade."""
    from kb.store import memory_store

    act = project_dir / "corpus/gb/test-act.ttl"
    text = act.read_text()
    trade = "wlx:conduct conduct:sale, conduct:offer_for_sale, conduct:advertising ;"
    assert text.count(trade) == 1
    act.write_text(text.replace(trade, "wlx:conduct conduct:taking ;"))
    project = open_project(project_dir)
    taking = Comparison(project, LocalSource(memory_store(project)), "2026-06-01")
    for criterion in ("offence-cites-species", "offence-online-express"):
        assert level(taking, "GB", criterion) != "met", criterion
