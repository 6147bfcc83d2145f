"""The real corpus: valid, every reviewed jurisdiction cited, the coverage page up to date."""


import pytest

from conftest import REPO, release_stores
from kb.cli import cli
from kb.corpus import PLATFORMS
from kb.coverage import coverage_markdown
from kb.project import open_project
from kb.sparql import LocalSource


@pytest.fixture(scope="module")
def real(real_built):
    """A built copy of the repository's own project (the real build/ is left alone), its
    store copied in memory: the questions about the corpus answer three times faster."""
    import pyoxigraph as ox

    from kb.store import in_memory

    target, _ = real_built
    release_stores()
    on_disk = ox.Store.read_only(str(target / "build" / "store"))
    source = LocalSource(in_memory(on_disk))
    del on_disk
    return open_project(target), source


def ask(source, text):
    return list(source.store.query(text, use_default_graph_as_union=True))


PREFIXES = """PREFIX wlx: <https://w3id.org/wildlex/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX topic: <https://w3id.org/wildlex/code/topic/>
"""


def test_every_jurisdiction_folder_has_a_coverage_statement():
    for folder in sorted(p for p in (REPO / "corpus").iterdir() if p.is_dir()):
        if folder.name == PLATFORMS:
            continue  # platform policies: each file states its own review (wlx:coversTopic)
        assert (folder / "coverage.ttl").is_file(), folder.name


def test_at_least_25_jurisdictions_including_the_eu(real):
    _, source = real
    codes = {r["code"].value for r in ask(source, PREFIXES + "SELECT ?code { ?j wlx:code ?code }")}
    assert "EU" in codes
    assert len(codes) >= 25


def test_a_jurisdiction_reviewed_for_offences_has_a_cited_offence(real):
    _, source = real
    missing = ask(source, PREFIXES + """
        SELECT ?code WHERE {
          ?coverage wlx:jurisdiction ?j ; wlx:coversTopic topic:offence .
          ?j wlx:code ?code .
          FILTER NOT EXISTS {  # from the bound ?j outwards (ten times faster than inwards)
            ?i wlx:jurisdiction ?j .
            ?p eli:is_part_of ?i ; wlx:citation ?citation ; wlx:excerpt ?excerpt .
            ?offence wlx:definedIn ?p ; a wlx:Offence .
          }
        }""")
    assert [r["code"].value for r in missing] == []


def test_a_jurisdiction_reviewed_for_penalties_has_a_cited_penalty(real):
    _, source = real
    missing = ask(source, PREFIXES + """
        SELECT ?code WHERE {
          ?coverage wlx:jurisdiction ?j ; wlx:coversTopic topic:penalty .
          ?j wlx:code ?code .
          FILTER NOT EXISTS {  # from the bound ?j outwards (ten times faster than inwards)
            ?i wlx:jurisdiction ?j .
            ?p eli:is_part_of ?i ; wlx:excerpt ?excerpt .
            ?penalty wlx:definedIn ?p ; a wlx:Penalty ; wlx:penalises ?punished .
          }
        }""")
    assert [r["code"].value for r in missing] == []


def test_every_jurisdiction_has_an_offence_with_a_cited_penalty(real):
    """The corpus issue's floor: no State is shown without one cited offence and penalty.

    A regional organisation (the EU, of which others are members) is exempt: its wildlife
    offences are punished by its Member States' law, not by penalties of its own."""
    _, source = real
    missing = ask(source, PREFIXES + """
        SELECT ?code WHERE {
          ?j a wlx:Jurisdiction ; wlx:code ?code .
          FILTER NOT EXISTS { ?member wlx:memberOf ?j }
          FILTER NOT EXISTS {  # from the bound ?j outwards (ten times faster than inwards)
            ?instrument wlx:jurisdiction ?j .
            ?provision eli:is_part_of ?instrument .
            ?offence wlx:definedIn ?provision ; a wlx:Offence .
            ?penalty wlx:penalises ?offence ; a wlx:Penalty ; wlx:definedIn ?p .
            ?p wlx:citation ?citation ; wlx:excerpt ?excerpt .
          }
        }""")
    assert [r["code"].value for r in missing] == []


def test_no_superseded_version_is_in_force_today(real):
    """Nothing a newer version replaced reads as current (issue 13: Italy's art. 727-bis
    2011 penalty was exported beside the 2025 one)."""
    from kb.output import records
    from kb.questions import ask as ask_question

    project, source = real
    superseded = {row["older"].value for row in ask(source, """
        PREFIX wlx: <https://w3id.org/wildlex/ontology#>
        SELECT ?older WHERE { ?newer wlx:supersedes ?older }""")}
    assert superseded, "the corpus records no supersession: the test would prove nothing"
    penalties = {r["penalty"] for r in records(ask_question(project, source, "penalties", {}))}
    in_force = {r["provision"] for r in records(ask_question(project, source, "provisions", {}))
                if r["inForce"] == "true"}
    exported = {r["penalty"] for r in records(ask_question(project, source, "export", {}))}
    assert not superseded & (penalties | in_force | exported)


def test_the_coverage_page_is_up_to_date(real):
    project, source = real
    expected = coverage_markdown(project, source)
    assert (REPO / "corpus" / "README.md").read_text(encoding="utf-8") == expected, (
        "run: wildlex coverage -o corpus/README.md")


def test_the_corpus_is_in_canonical_form(runner):
    result = runner.invoke(cli, ["fmt", "--check", "--root", str(REPO)])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def real_site(real):
    """The real project's site (built with the store): (project, the provisions in its store)."""
    project, source = real
    provisions = [r["p"].value for r in ask(source, PREFIXES + "SELECT ?p { ?p a wlx:Provision }")]
    return project, provisions


def test_every_provision_has_a_page_in_every_language(real_site):
    project, provisions = real_site
    missing = [(lang, iri) for iri in provisions for lang in ("en", "fr", "es")
               if not (project.root / "build/site" / lang / iri.split("/id/", 1)[1] / "index.html").is_file()]
    assert len(provisions) > 150 and missing == []


def test_no_page_of_the_real_site_weighs_more_than_150_kb(real_site):
    project, _ = real_site
    pages = list((project.root / "build/site").rglob("*.html"))
    heavy = [(str(page), page.stat().st_size) for page in pages if page.stat().st_size > 150_000]
    assert len(pages) > 1000 and heavy == []
