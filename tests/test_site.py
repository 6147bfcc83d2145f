"""The website: structure, links, three languages, machine-readable metadata, atomic builds."""

import json
import shutil
import time

import pytest
from lxml import etree, html

from conftest import (
    PAYLOAD,
    REPO,
    digest,
    inject_payloads,
    make_project,
    make_site_project,
    release_stores,
    removals_done,
)
from kb.cli import cli


def build(runner, project):
    release_stores()
    result = runner.invoke(cli, ["build", "--quiet", "--root", str(project)])
    release_stores()
    return result



@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from click.testing import CliRunner

    project = make_site_project(tmp_path_factory.mktemp("site") / "project")
    inject_payloads(project)
    result = build(CliRunner(), project)
    assert result.exit_code == 0, result.output
    return project


def pages(site):
    return sorted((site / "build/site").rglob("*.html"))


def test_every_language_has_the_main_pages(site):
    for language in ("en", "fr", "es"):
        for page in ("", "matrix/", "penalties/", "duties/", "changes/", "data/", "vocabulary/",
                     "method/", "ke/", "gb/", "criteria/offence-advertising/"):
            assert (site / "build/site" / language / page / "index.html").is_file(), (language, page)
        assert (site / "build/site" / language / "changes.atom").is_file()


def test_every_provision_has_a_page(site):
    for language in ("en", "fr", "es"):
        for path in ("ke/test-act/s1", "ke/test-act/s2", "gb/test-act/s3", "eu/test-regulation/art1"):
            assert (site / "build/site" / language / path / "index.html").is_file(), path


def test_pages_parse_declare_their_language_and_link_their_translations(site):
    for page in pages(site):
        tree = html.parse(str(page))
        root = tree.getroot()
        language = page.relative_to(site / "build/site").parts[0]
        if language in ("en", "fr", "es"):
            assert root.get("lang") == language, page
            hreflangs = {link.get("hreflang") for link in root.iter("link") if link.get("hreflang")}
            assert hreflangs == {"en", "fr", "es"}, page
            assert root.find(".//main") is not None and root.find(".//h1") is not None, page


def test_no_internal_link_is_broken(site):
    base = site / "build/site"
    for page in pages(site):
        for element in html.parse(str(page)).getroot().iter("a", "link"):
            href = element.get("href")
            if not href or href.startswith(("http://", "https://", "#", "mailto:")):
                continue
            target = (page.parent / href.split("#")[0].split("?")[0]).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file() and base.resolve() in target.parents, f"{page}: {href}"


def test_interface_dates_and_terms_are_translated(site):
    fr = (site / "build/site/fr/index.html").read_text()
    es = (site / "build/site/es/ke/index.html").read_text()
    assert "Droit national contre le trafic d'espèces sauvages en ligne" in html.fromstring(fr).text_content()
    assert "Kenia" in es  # country names from babel
    assert "Recomendaciones" in es
    assert "Temas examinados: infracciones, sanciones." in " ".join(
        html.fromstring(es).text_content().split())  # code-list labels from the ontology
    matrix_fr = (site / "build/site/fr/matrix/index.html").read_text()
    assert "La publicité est une infraction" in html.fromstring(matrix_fr).text_content()


def test_instrument_and_provision_pages_carry_schema_org_legislation(site):
    for path in ("en/gb/test-act/index.html", "en/gb/test-act/s1/index.html"):
        tree = html.parse(str(site / "build/site" / path))
        scripts = tree.getroot().xpath('//script[@type="application/ld+json"]')
        data = json.loads(scripts[0].text)
        assert data["@type"] == "Legislation" and data["@id"].startswith("https://w3id.org/wildlex/id/gb/")


def test_markup_in_the_corpus_comes_out_escaped(site):
    shown = 0
    for page in pages(site):
        text = page.read_text()
        assert PAYLOAD not in text and "<img src=x" not in text, page
        shown += text.count("&lt;script&gt;window.__pwned=1&lt;/script&gt;")
    assert shown > 50  # title, citation, excerpt and notes, on many pages, in three languages


def test_two_builds_of_the_same_corpus_are_byte_identical(runner, site):
    first = digest(site / "build/site")
    (site / "build/page-inputs.json").unlink()  # every page rendered again
    assert build(runner, site).exit_code == 0
    assert digest(site / "build/site") == first


def test_a_failed_build_leaves_the_last_good_site(runner, site):
    before = digest(site / "build/site")
    template = site / "site/templates/matrix.html"
    good = template.read_text()
    template.write_text(good.replace("{% endblock %}", "{{ no_such_variable }}{% endblock %}", 1))
    try:
        result = build(runner, site)
        assert result.exit_code == 1
        assert "'no_such_variable' is undefined — the website was not written" in result.output
    finally:
        template.write_text(good)
    assert digest(site / "build/site") == before
    assert not list((site / "build/sites").glob(".staging-*"))


def test_every_interface_string_is_translated():
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    used = {message for _, _, message, _, _ in extract_from_dir(
        str(REPO / "site/templates"),
        method_map=[("**.html", "jinja2.ext:babel_extract"), ("**.atom", "jinja2.ext:babel_extract")],
        options_map={"**": {"extensions": "jinja2.ext.i18n"}})}
    # The compare view's words are translated in Python, by gettext().
    used |= {message for _, _, message, _, _ in extract_from_dir(
        str(REPO / "kb/site"), method_map=[("**.py", "python")], keywords={"gettext": None})}
    assert "Choose at least one jurisdiction to compare with." in used
    for language in ("fr", "es"):
        with (REPO / f"site/locale/{language}/LC_MESSAGES/messages.po").open("rb") as stream:
            catalog = read_po(stream, locale=language)
        missing = sorted(m for m in used if not (catalog.get(m) and catalog.get(m).string))
        assert missing == [], (language, missing)


def test_a_build_from_scratch_gives_the_same_bytes(runner, site):
    """Blank nodes (criteria.ttl has them) must not get new names on a fresh load."""
    first = digest(site / "build/site")
    removals_done()
    shutil.rmtree(site / "build")
    assert build(runner, site).exit_code == 0
    assert digest(site / "build/site") == first


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    def luminance(colour):
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_home_page_map_is_a_file_of_its_own_coloured_by_the_share_of_reviewed_criteria(site):
    from kb.site.worldmap import COLOURS

    svg = "{http://www.w3.org/2000/svg}"
    world = etree.parse(str(site / "build/site/map.svg")).getroot()
    classes = [p.get("class") for p in world.iter(svg + "path")]
    assert len(classes) > 150
    coloured = [c for c in classes if c != "map-none"]
    assert len(coloured) == 3  # the States of the test corpus; the EU has no outline
    for language in ("en", "fr", "es"):
        page = html.parse(str(site / "build/site" / language / "index.html")).getroot()
        assert page.xpath("//figure[@class='map']/img/@src") == ["../map.svg"]
        assert not page.xpath("//svg")  # no inline map: the home page stays light
        assert (site / "build/site" / language / "index.html").stat().st_size < 100_000
    # The palest colour stands out from "not in the portal".
    assert min(contrast(COLOURS["map-none"], c) for n, c in COLOURS.items() if n != "map-none") >= 3


def test_the_map_leaves_criteria_not_known_out_of_the_share():
    from kb.site.worldmap import map_class

    assert map_class(met=2, partly=0, known=2) == "map-4"  # all it was reviewed for
    assert map_class(met=2, partly=0, known=20) == "map-0"
    assert map_class(met=0, partly=0, known=0) == "map-unknown"
    assert map_class(met=1, partly=2, known=4) == "map-2"  # partly counts half


def test_the_coverage_statement_agrees_with_the_scorecard(site):
    """A topic "reviewed in full" whose criteria are still not known says which."""
    matrix = html.parse(str(site / "build/site/en/matrix/index.html")).getroot()
    from kb.site.pages import TOPICS

    topic_of = {th.text_content(): TOPICS[int(th.get("class")[1:])]
                for th in matrix.xpath("//table[@id='matrix']/thead/tr[2]/th")}
    labels = {"offences": "offence", "penalties": "penalty", "platform duties": "platform_duty",
              "jurisdiction": "jurisdiction_rule"}
    for code in ("ke", "gb", "fr", "eu"):
        page = html.parse(str(site / "build/site/en" / code / "index.html")).getroot()
        statement = " ".join(page.find_class("coverage")[0].text_content().split())
        assert "Topics reviewed: " in statement or "No topic" in statement, code
        reviewed = statement.split("Topics reviewed: ")[-1].split(".")[0].split(", ")
        topics = {labels[t] for t in reviewed if t in labels}
        unknown = [r[0].text_content() for r in page.xpath("//table[@class='scorecard']/tbody/tr")
                   if "not known" in r[1].text_content() and topic_of[r[0].text_content()] in topics]
        if unknown:
            assert ("could not be read): " + "; ".join(unknown) + ".") in statement, code
        else:
            assert "still not known" not in statement, code


def test_the_duties_page_charts_each_kind_of_duty_in_its_table(site):
    page = html.parse(str(site / "build/site/en/duties/index.html")).getroot()
    chart = page.find_class("chart")[0]
    labels = [t.text for t in chart.iter() if t.tag.endswith("text") and t.get("text-anchor") == "end"]
    table = " ".join(td.text_content() for td in page.iter("td"))
    assert labels and all(label in table for label in labels)
    assert len([r for r in chart.iter() if r.tag.endswith("rect")]) == len(labels)


def test_a_site_written_by_several_processes_is_the_same(runner, site, monkeypatch):
    """Large corpora are rendered in one process per core (this one and forked workers);
    the bytes must not change."""
    from kb import parallel
    from kb.site import build as site_build

    before = digest(site / "build/site")
    (site / "build/page-inputs.json").unlink()  # every page rendered again
    monkeypatch.setattr(site_build, "SPREAD_ABOVE", 0)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    pools = []
    real_pool = parallel.ProcessPoolExecutor
    monkeypatch.setattr(parallel, "ProcessPoolExecutor",
                        lambda *args, **kwargs: pools.append(args) or real_pool(*args, **kwargs))
    assert build(runner, site).exit_code == 0
    assert pools == [(1,)]  # one worker beside the build's own process
    assert digest(site / "build/site") == before


def test_what_a_jurisdiction_page_shows_alike_in_every_language_is_so(tmp_path):
    """A jurisdiction page's JurisdictionFacts are worked out once for the three languages'
    pages: made from each language's portal, they are the same."""
    from kb.project import open_project
    from kb.site.build import default_as_of
    from kb.site.inputs import jurisdiction_facts
    from kb.site.pages import ask_shared, build_portal
    from kb.site.render import LANGUAGES
    from kb.sparql import SnapshotSource
    from kb.store import memory_store

    project = open_project(make_site_project(tmp_path / "project"))
    source = SnapshotSource(memory_store(project))
    shared = ask_shared(project, source, default_as_of(project, source))
    portals = [build_portal(project, source, language, shared) for language in LANGUAGES]
    shown = []
    for jurisdiction in shared.jurisdictions:
        facts = [jurisdiction_facts(portal, jurisdiction) for portal in portals]
        assert facts[1:] == facts[:1] * (len(LANGUAGES) - 1), jurisdiction.code
        shown.append(facts[0])
    assert len(shown) > 1 and all(f.assessments for f in shown)
    assert any(f.cited for f in shown) and any(f.penalties for f in shown)


def test_a_share_of_the_jurisdictions_is_the_same_in_every_language(tmp_path, monkeypatch):
    """Each process writing pages takes a share of the jurisdictions in every language:
    the same jurisdictions in each (their order by name differs), so that it works out
    their pages' inputs once for the three."""
    from types import SimpleNamespace

    from kb.project import open_project
    from kb.site import build as site_build
    from kb.site.pages import ask_shared, build_portal
    from kb.site.render import LANGUAGES
    from kb.sparql import SnapshotSource
    from kb.store import memory_store

    project = open_project(make_site_project(tmp_path / "project"))
    source = SnapshotSource(memory_store(project))
    shared = ask_shared(project, source, site_build.default_as_of(project, source))
    portals = [build_portal(project, source, language, shared) for language in LANGUAGES]
    assert len({tuple(j.code for j in portal.jurisdictions) for portal in portals}) > 1
    written = []
    monkeypatch.setattr(site_build, "write_jurisdiction",
                        lambda writer, lang, jurisdiction, levels: written.append(jurisdiction.code))
    shares = []
    for share in range(2):
        taken = []
        for portal in portals:
            written.clear()
            site_build.write_jurisdictions(SimpleNamespace(portal=portal), share, 2)
            taken.append(set(written))
        assert taken[0] and taken[1:] == taken[:1] * (len(LANGUAGES) - 1)
        shares.append(taken[0])
    assert shares[0].isdisjoint(shares[1])
    assert shares[0] | shares[1] == {j.code for j in shared.jurisdictions}


def test_map_outlines_are_rounded_without_merging_numbers():
    from kb.site.worldmap import _rounded

    assert _rounded("m1.6 2.4c-0.1-0.6 .5.5 1 1z") == "M 2 2c-0-1 0 0 1 1z"


def test_search_parts_keep_folders_whole_and_under_the_limit(monkeypatch):
    from kb.site import search

    monkeypatch.setattr(search, "PAGES_PER_INDEX", 3)
    pages = ["en/", "en/matrix/", "en/ke/", "en/ke/act/", "en/ke/act/s1/", "en/ke/act/s2/",
             "en/gb/", "en/gb/act/", "fr/", "fr/ke/"]
    assert search.search_parts(pages, "en") == [["", "gb"], ["ke"], ["matrix"]]
    assert search.search_parts(pages, "fr") == [["", "ke"]]
    assert search.bundle("en", 0) == "pagefind/en/"
    assert search.bundle("en", 2) == "pagefind/en-3/"


def test_a_search_parts_pages_are_found_from_the_pages_written_as_in_the_site(site, monkeypatch):
    """The build finds each part's pages from those it wrote or kept, not by walking the
    site: the same files, in the same order, so the same digests."""
    import json

    from kb.site import search

    monkeypatch.setattr(search, "PAGES_PER_INDEX", 20)
    folder = (site / "build/site").resolve()
    record = json.loads((site / "build/page-inputs.json").read_text())
    written = {page: digest for page, (_, digest, *_) in record["pages"].items()
               if page.endswith(("/", ".html"))}  # (not the datasets, the feeds)
    written |= {page.removesuffix("index.html"): "" for page in record["unrecorded"]}
    in_folders = search._page_files(written)
    checked = 0
    for language in ("en", "fr", "es"):
        parts = search.search_parts(written, language)
        assert len(parts) > 2
        for part in parts:
            walked = search._files(folder, language, part)
            assert search._files(folder, language, part, in_folders) == walked
            assert search._digest(folder, language, part, written, in_folders) == \
                search._digest(folder, language, part, written)
            checked += len(walked)
    assert checked == len(pages(site)) - 1  # every HTML page but the root's


def test_a_rebuild_indexes_again_only_the_parts_whose_pages_changed(runner, tmp_path, monkeypatch):
    from kb.site import search

    monkeypatch.setattr(search, "PAGES_PER_INDEX", 12)
    project = make_site_project(tmp_path / "project")
    assert build(runner, project).exit_code == 0
    before = (project / "build/site").resolve()
    inodes = {str(entry.relative_to(before)): entry.stat().st_ino
              for entry in (before / "pagefind").rglob("pagefind-entry.json")}
    act = project / "corpus/ke/test-act.ttl"
    act.write_text(act.read_text().replace("any listed specimen", "any listed live specimen"))
    indexed = []
    real_run = search._run_pagefind
    monkeypatch.setattr(search, "_run_pagefind",
                        lambda site, language, part, output: indexed.append((output, part))
                        or real_run(site, language, part, output))
    assert build(runner, project).exit_code == 0
    after = (project / "build/site").resolve()
    record = json.loads((after / "pagefind/parts.json").read_text())
    # Only KE's provision page changed, in each language: the part holding KE is
    # indexed again, once per language; the other parts are the previous ones.
    assert len(indexed) == 3 and all("ke" in part for _, part in indexed)
    again = {output for output, _ in indexed}
    assert {output.split("/")[1][:2] for output in again} == {"en", "fr", "es"}
    kept = set(record) - again
    assert kept
    for output in record:
        entry = f"{output}pagefind-entry.json"
        assert ((after / entry).stat().st_ino == inodes[entry]) == (output in kept), output
    # The previous site stays, for the next build to bring up to date (spare.py).
    assert sorted((project / "build/sites").iterdir()) == sorted([after, before])
    # The reused parts leave the site exactly as a build from scratch writes it.
    incremental = digest(project / "build/site")
    removals_done()
    shutil.rmtree(project / "build")
    assert build(runner, project).exit_code == 0
    assert digest(project / "build/site") == incremental


def test_old_sites_a_killed_build_left_are_deleted_by_the_next(tmp_path):
    from kb.project import open_project
    from kb.site.build import remove_leftovers

    project = open_project(make_project(tmp_path / "project"))
    old = project.build_dir / ".old-site-0123"
    (old / "en/ke").mkdir(parents=True)
    (old / "en/ke/index.html").write_text("<p>old</p>")
    (project.build_dir / "sites").mkdir()
    remove_leftovers(project)
    deadline = time.monotonic() + 30
    while old.exists():
        assert time.monotonic() < deadline, "the old site was never deleted"
        time.sleep(0.05)


def test_a_search_part_digest_is_the_same_from_recorded_digests_or_the_files(tmp_path):
    import hashlib

    from kb.site import search

    pages = {"en/index.html": b"<main>home</main>", "en/ke/index.html": b"<main>Kenya</main>",
             "en/ke/wca/index.html": b"<main>Act</main>"}
    for name, data in pages.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    written = {name.removesuffix("index.html"): hashlib.sha256(data).hexdigest()
               for name, data in pages.items()}
    part = ["", "ke"]
    recorded = search._digest(tmp_path, "en", part, written)
    assert recorded == search._digest(tmp_path, "en", part, {})
    # A page the build did not write itself is read, so a change to it is seen.
    (tmp_path / "en/ke/extra.html").write_text("<main>extra</main>")
    assert search._digest(tmp_path, "en", part, written) != recorded


def penalty_rows(site, language="en"):
    """The rows of every region's penalties table, region by region."""
    rows = []
    for region in sorted((site / "build/site" / language / "penalties").glob("*/index.html")):
        page = html.parse(str(region)).getroot()
        rows += page.xpath('//table[contains(@class, "penalties")]/tbody/tr')
    return rows


def test_the_penalties_page_has_one_row_per_penalty_linked_to_its_provision(site):
    by_country, law = {}, None
    for row in penalty_rows(site):
        if row.get("class") == "group":  # "Country — Law", once per law
            country, law = row.text_content().split(" — ", 1)
            group_links = row.xpath(".//a/@href")
        else:
            by_country.setdefault(country, []).append((law, group_links, row))
    # One penalty in force each in the test corpus (KE's 2014 penalty was superseded).
    assert {name: len(found) for name, found in by_country.items()} == {
        "Kenya": 1, "United Kingdom": 1}
    law, links, gb = by_country["United Kingdom"][0]
    assert law.startswith("Test Act") and links == ["../../gb/test-act/"]
    # The provision that sets it, then the offence it punishes.
    assert gb.xpath(".//a/@href") == ["../../gb/test-act/s2/", "../../gb/test-act/s1/"]
    text = " ".join(gb.text_content().split())
    assert "s. 2" in text and "Punishes: s. 1" in text and "10,000 GBP" in text
    assert "12,105 € rate of February 28, 2025" in text
    kenya = " ".join(by_country["Kenya"][0][2].text_content().split())
    assert "500,000 KES 3,725 € rate of February 14, 2025" in kenya  # each row its own rate's date


def test_the_penalties_page_is_an_index_of_one_page_per_region(site):
    for language, names in {"en": ["Africa", "Europe"], "fr": ["Afrique", "Europe"],
                            "es": ["África", "Europa"]}.items():
        index = html.parse(str(site / "build/site" / language / "penalties/index.html")).getroot()
        assert not index.xpath('//table[contains(@class, "penalties")]')
        regions = index.xpath('//table[contains(@class, "penalty-regions")]/tbody/tr')
        assert [r.xpath("th")[0].text_content() for r in regions] == names
        assert [r.xpath("td")[1].text_content() for r in regions] == ["1", "1"]
        assert regions[0].xpath("th/a/@href") == ["africa/"]
        assert regions[0].xpath("td[1]//a/@href") == ["africa/#ke"]
        # Each region's page: only its own jurisdictions, the first law of each anchored.
        africa = html.parse(str(site / "build/site" / language / "penalties/africa/index.html"))
        groups = africa.xpath('//table[contains(@class, "penalties")]/tbody/tr[@class="group"]')
        assert [g.get("id") for g in groups] == ["ke"]
        assert africa.xpath("//nav[contains(@class, 'regions')]//a/@href") == ["../europe/"]
        # The country page links to its rows; the sitemap lists the region pages.
        kenya = html.parse(str(site / "build/site" / language / "ke/index.html"))
        assert "../penalties/africa/#ke" in kenya.xpath("//main//a/@href")
    sitemap = (site / "build/site/sitemap.xml").read_text()
    assert "/site/fr/penalties/africa/</loc>" in sitemap and "/site/es/penalties/europe/</loc>" in sitemap


def test_the_penalties_chart_says_in_sight_that_its_figures_are_months(site):
    """The bars' figures are months: a caption anyone sees says so (the SVG's title is a
    tooltip at most), in each language."""
    for language, words in (("en", "in months"), ("fr", "en mois"), ("es", "en meses")):
        index = html.parse(str(site / "build/site" / language / "penalties/index.html")).getroot()
        figure = index.find_class("chart")[0].xpath("ancestor::figure")[0]
        caption = figure.xpath("figcaption")[0].text_content()
        assert words in caption
        assert caption == figure.xpath(".//*[local-name()='title']")[0].text_content()


def test_penalties_too_many_for_one_page_are_spread_over_region_pages(runner, tmp_path, monkeypatch):
    """Each page stays under 150 KB with 600 penalties (the real corpus had 445 when one page
    of them passed 150 KB): the region pages hold more than one page could."""
    import dataclasses

    from kb.site import pages as site_pages

    codes = ["KE", "NG", "ZA", "GB", "FR", "DE", "CN", "IN", "VN", "BR", "US", "AU"]
    one_each = site_pages.penalty_rows

    def many(answers):
        rows = one_each(answers)
        return [dataclasses.replace(row, penalty=f"{row.penalty}-{n}",
                                    jurisdiction=codes[n % len(codes)])
                for n in range(300) for row in rows]

    monkeypatch.setattr(site_pages, "penalty_rows", many)
    project = make_site_project(tmp_path / "project")
    assert build(runner, project).exit_code == 0
    regions = sorted((project / "build/site/en/penalties").glob("*/index.html"))
    assert len(penalty_rows(project)) >= 600 + len(codes) and len(regions) == 5
    assert sum(page.stat().st_size for page in regions) > 150_000
    heavy = [(page, page.stat().st_size) for page in pages(project) if page.stat().st_size > 150_000]
    assert heavy == []


def test_a_penalty_without_a_rate_gives_no_rate_date():
    from kb.site.rows import penalty_rows

    row = dict.fromkeys(("jurisdiction", "penalty", "provision", "citation", "kind", "appliesTo",
                         "maxImprisonmentMonths", "life", "maxFine", "currency", "fineBasis",
                         "fineUnit", "maxFineAmount", "amountCurrency", "fineCap", "maxFineEUR",
                         "fineCapEUR", "rateDate", "derivation", "seriousCrime", "aggravations",
                         "reviewStatus", "punishes"), "")
    row |= {"penalty": "p1", "maxFine": "1000", "currency": "VND", "rateDate": "2025-02-28"}
    assert [(r.eur, r.rate_date) for r in penalty_rows([row, {**row, "punishes": "o2"}])] == [("", "")]


INTERNAL_CODES = ("platform_duty", "jurisdiction_rule", "in_force", "version_from", "version_until",
                  "per_specimen", "turnover_percent", "multiple_of_value", "statutory_units",
                  "checked_official", "checked_copy", "not_known", "not_met", "offer_for_sale",
                  "notice_and_takedown", "medium_neutral")


def reader_text(page) -> str:
    """What a reader sees: no scripts, and no codes shown as codes (<code>, for reusers of the data)."""
    root = html.parse(str(page)).getroot()
    for element in root.xpath("//script|//style|//code"):
        element.drop_tree()
    return " ".join(root.text_content().split())


def test_no_page_shows_an_internal_code(site):
    import re

    for page in pages(site):
        if page.parent.name == "vocabulary":
            continue  # the data dictionary: the ontology's definitions name terms as the data does
        text = reader_text(page)
        for code in INTERNAL_CODES:
            assert code not in text, (page, code)
        assert not re.search(r"\bType (act|code|decree|regulation|directive)\b", text), page


def test_countries_are_listed_in_the_order_of_their_names_in_each_language(site):
    # Kenya, Royaume-Uni, Union européenne, France by name in French: F, K, R, U.
    expected = {"en": ["European Union", "France", "Kenya", "United Kingdom"],
                "fr": ["France", "Kenya", "Royaume-Uni", "Union européenne"],
                "es": ["Francia", "Kenia", "Reino Unido", "Unión Europea"]}
    for language, names in expected.items():
        page = html.parse(str(site / "build/site" / language / "index.html")).getroot()
        table = page.xpath('//table[contains(@class, "countries")]')[0]
        assert [th.text_content() for th in table.xpath("tbody/tr/th")] == names, language


def test_the_changes_page_lists_each_change_once(site):
    page = html.parse(str(site / "build/site/en/changes/index.html")).getroot()
    items = [" ".join(li.text_content().split()) for li in page.xpath("//main//li")]
    assert items and len(items) == len(set(items))


def test_the_matrix_names_jurisdictions_groups_criteria_by_topic_and_links_each_cell(site):
    page = html.parse(str(site / "build/site/fr/matrix/index.html")).getroot()
    table = page.get_element_by_id("matrix")
    rows = table.xpath("tbody/tr")
    assert [r[0].text_content() for r in rows] == ["France", "Kenya", "Royaume-Uni", "Union européenne"]
    groups = [th.text_content() for th in table.xpath("thead/tr[1]/th[@scope='colgroup']")]
    assert "infractions" in groups
    for row in rows:
        code = row[0].xpath("a/@href")[0]
        for cell in row.xpath("td"):
            href = cell.xpath("a/@href")[0]
            assert href.startswith(code + "#c-"), href
    assert page.get_element_by_id("matrix-filters") is not None
    # The evidence of each cell is the row of the jurisdiction's scorecard it links to.
    kenya = html.parse(str(site / "build/site/fr/ke/index.html")).getroot()
    assert kenya.get_element_by_id("c-offence-advertising") is not None


def test_findings_resting_on_a_secondary_source_are_marked(site):
    # GB's platform duty (s. 3) was read in a secondary source only.
    page = html.parse(str(site / "build/site/en/matrix/index.html")).getroot()
    gb = next(r for r in page.get_element_by_id("matrix").xpath("tbody/tr")
              if r[0].text_content() == "United Kingdom")
    # A cell shows the sign and names the legend's part that explains it.
    marked = [a for a in gb.xpath(".//a[@aria-describedby]")]
    assert "basis-secondary" in [a.get("aria-describedby") for a in marked]
    assert all(a.text_content().endswith(" †") for a in marked
               if a.get("aria-describedby") == "basis-secondary")
    assert "† rests on a secondary source" in page.get_element_by_id("basis-secondary").text_content()
    kenya = next(r for r in page.get_element_by_id("matrix").xpath("tbody/tr")
                 if r[0].text_content() == "Kenya")
    assert not kenya.xpath(".//a[@aria-describedby='basis-secondary']")  # all checked


def test_the_duties_page_names_each_instrument_and_counts_member_states_as_the_matrix(site):
    page = html.parse(str(site / "build/site/en/duties/index.html")).getroot()
    rows = {r[0].text_content(): r for r in page.xpath('//table[contains(@class, "duties")]/tbody/tr')}
    eu = rows["European Union"]
    assert eu.xpath(".//a/@href") == ["../eu/test-regulation/art1/"]
    # An EU regulation binds France as it stands; the matrix counts it for France too.
    assert "France" in eu[5].text_content()
    assert rows["United Kingdom"][5].text_content() == "United Kingdom"
    matrix = html.parse(str(site / "build/site/en/matrix/index.html")).getroot()
    france = next(r for r in matrix.get_element_by_id("matrix").xpath("tbody/tr")
                  if r[0].text_content() == "France")
    duty_columns = [i for i, th in enumerate(matrix.xpath("//table[@id='matrix']/thead/tr[2]/th"))
                    if th.get("class") == "t2"]  # platform duties
    levels = [france.xpath("td")[i].text_content().split()[0] for i in duty_columns]
    assert "met" in levels


def test_the_publisher_pages_are_there_in_every_language(site):
    from urllib.parse import unquote

    from kb import __version__

    base = site / "build/site"
    for language in ("en", "fr", "es"):
        about = html.parse(str(base / language / "about/index.html")).getroot()
        links = about.xpath("//main//a/@href")
        assert any(link.startswith("mailto:") and "subject=" in link and "body=" in link for link in links)
        assert "https://creativecommons.org/licenses/by/4.0/" in links
        index = html.parse(str(base / language / "criteria/index.html")).getroot()
        assert "offence-advertising/" in index.xpath("//main//a/@href")
        page = html.parse(str(base / language / "ke/index.html")).getroot()
        cite = " ".join(page.find_class("cite")[0].text_content().split())
        assert __version__ in cite and f"/{language}/ke/" in cite
        report = [unquote(a) for a in page.xpath("//footer//a/@href") if a.startswith("mailto:")]
        assert report and f"/{language}/ke/" in report[0]
    landing = html.parse(str(base / "index.html")).getroot()
    assert {a.get("hreflang") for a in landing.xpath("//main//a")} == {"en", "fr", "es"}
    assert "navigator.languages" in landing.xpath("//script")[0].text


def test_the_repository_states_its_licences():
    assert "Apache License" in (REPO / "LICENSE").read_text()
    assert "CC BY 4.0" in (REPO / "LICENSE-DATA").read_text()


def test_search_filters_are_written_in_the_same_order_every_time(tmp_path):
    """Pagefind writes filter values in hash-map order; sorted, the same pages give the same index."""
    from kb.site import search

    site = tmp_path / "site"
    (site / "en/p").mkdir(parents=True)
    for n in range(8):
        (site / "en/p" / f"{n}.html").write_text(
            f'<html lang="en"><body><main data-pagefind-body><span data-pagefind-filter="kind">k{n % 4}'
            f'</span><span data-pagefind-filter="topic">t{n % 3}</span><p>word {n}</p></main></body></html>')
    indexes = []
    for attempt in range(3):
        search._run_pagefind(site, "en", ["p"], f"pagefind/{attempt}/")
        folder = site / "pagefind" / str(attempt)
        indexes.append({p.relative_to(folder).as_posix(): p.read_bytes()
                        for p in folder.rglob("*") if p.is_file()})
    assert indexes[0] == indexes[1] == indexes[2]


def test_a_country_page_prints_as_an_a4_report(site):
    css = (site / "build/site/static/style.css").read_text()
    assert "@page { size: A4;" in css and "@media print" in css
    page = html.parse(str(site / "build/site/fr/ke/index.html")).getroot()
    assert page.find_class("print-only")[0].text_content().startswith("Rapport de pays Wildlex")
    for section in ("scorecard", "recommendations"):
        assert page.get_element_by_id(section) is not None


def test_a_law_is_titled_in_its_own_language_with_its_english_title_as_description():
    from kb.site.pages import Instrument

    act = Instrument("https://w3id.org/wildlex/id/at/arthg", "AT",
                     {"de": "Artenhandelsgesetz 2009", "en": "Species Trade Act 2009"},
                     "act", "", "", "", "", "")
    assert act.heading("fr") == ("de", "Artenhandelsgesetz 2009", "Species Trade Act 2009")
    assert act.heading("de") == ("de", "Artenhandelsgesetz 2009", "")
    english = Instrument("x", "KE", {"en": "Wildlife Act"}, "act", "", "", "", "", "")
    assert english.heading("es") == ("en", "Wildlife Act", "")


def test_a_change_is_listed_once_with_its_law_but_two_laws_citing_alike_are_two():
    from kb.site.rows import distinct_changes

    def change(subject, citation="s. 12(4)"):
        return {"date": "2022-06-06", "jurisdiction": "GB", "change": "version_from",
                "subject": subject, "citation": citation}

    rows = [change("ivory/s12-4"), change("ivory/s12-4-penalty"), change("ivory/s12-4-penalty-2"),
            change("other/s12-4"), change("old/s5-penalty-a", "s. 5"), change("old/s5-penalty-b", "s. 5")]
    pages = {"ivory/s12-4": "ivory/s12-4", "ivory/s12-4-penalty": "ivory/s12-4", "other/s12-4": "other/s12-4"}
    laws = {"ivory/s12-4": "Ivory Act 2018", "other/s12-4": "Other Act"}
    shown = [(c["law"], c["citation"]) for c in distinct_changes(rows, pages, laws)]
    assert shown == [("Ivory Act 2018", "s. 12(4)"), ("Other Act", "s. 12(4)"), ("", "s. 5")]


def test_no_message_is_translated_twice():
    """Two entries for one msgid: babel keeps one silently, msgfmt refuses the catalogue."""
    import collections
    import re

    for language in ("fr", "es"):
        text = (REPO / f"site/locale/{language}/LC_MESSAGES/messages.po").read_text(encoding="utf-8")
        ids = re.findall(r'^msgid ((?:".*"\n)+)', text, flags=re.M)
        assert [i for i, n in collections.Counter(ids).items() if n > 1] == [], language


def test_no_page_weighs_more_than_150_kb(site):
    heavy = [(page, page.stat().st_size) for page in pages(site) if page.stat().st_size > 150_000]
    assert heavy == []


def test_a_criterion_not_met_shows_what_was_reviewed(site):
    """Kenya's penalties were reviewed in its test act and hold no confiscation: the
    scorecard says so with the instrument read, in every language."""
    for lang, label in (("en", "Reviewed for this topic:"), ("fr", "Examiné pour ce thème :"),
                        ("es", "Examinado para este tema:")):
        page = (site / f"build/site/{lang}/ke/index.html").read_text(encoding="utf-8")
        row = page.split('id="c-penalty-confiscation"', 1)[1].split("</tr>", 1)[0]
        assert label in row
        assert '<a href="test-act/">Test Wildlife Act</a>' in row
        met = page.split('id="c-offence-offer-for-sale"', 1)[1].split("</tr>", 1)[0]
        assert label not in met


def main_text(page) -> str:
    return " ".join(page.xpath("//main")[0].text_content().split())


def served_section(page, code: str) -> tuple[str, list[str]]:
    """The text and links of a platform page's section on one jurisdiction it serves."""
    heading = page.get_element_by_id(f"j-{code}")
    elements = []
    for element in heading.itersiblings():
        if element.tag == "h3":
            break
        elements.append(element)
    return (" ".join(" ".join(e.text_content().split()) for e in elements),
            [a.get("href") for e in elements for a in e.iter("a")])


def test_the_platforms_section_is_there_in_every_language_in_the_menu_and_the_sitemap(site):
    sitemap = (site / "build/site/sitemap.xml").read_text(encoding="utf-8")
    for language in ("en", "fr", "es"):
        for path in ("platforms/", "platforms/test-market/", "platforms/test-social/"):
            assert (site / "build/site" / language / path / "index.html").is_file(), (language, path)
            assert f"/{language}/{path}</loc>" in sitemap, (language, path)
        home = html.parse(str(site / "build/site" / language / "index.html")).getroot()
        assert home.xpath('//nav//a[@href="platforms/"]'), language


def test_the_policy_matrix_lists_platforms_by_name_and_links_each_cell_to_its_evidence(site):
    page = html.parse(str(site / "build/site/fr/platforms/index.html")).getroot()
    rows = page.get_element_by_id("policy-matrix").xpath("tbody/tr")
    assert [r[0].text_content() for r in rows] == ["Test Market", "Test Social"]
    market = rows[0].xpath("th/a/@href")[0]
    assert market == "test-market/"
    cells = rows[0].xpath("td/a")
    assert cells and all(a.get("href").startswith("test-market/#c-policy-") for a in cells)
    # Test Market promises removal (met), in French words; Test Social's enforcement was not read.
    removal = [a.text_content() for a in cells if a.get("href").endswith("#c-policy-removal")]
    assert removal == ["satisfait"]
    social = [a.text_content() for a in rows[1].xpath("td/a")
              if a.get("href").endswith("#c-policy-removal")]
    assert social == ["inconnu"]
    # The cell's target row names the provision that is the evidence, on the platform's page.
    target = html.parse(str(site / "build/site/fr/platforms/test-market/index.html")).getroot()
    evidence = target.get_element_by_id("c-policy-removal").xpath(".//a/@href")
    assert evidence == ["#p-s2"] and target.get_element_by_id("p-s2") is not None


def test_a_platform_page_shows_where_the_law_asks_more_and_where_the_policy_goes_further(site):
    """Test Market promises removal within 7 days; GB's test act demands 24 hours. Its UK
    page alone forbids coded listings, which no law of the corpus mentions."""
    page = html.parse(str(site / "build/site/en/platforms/test-market/index.html")).getroot()
    text = main_text(page)
    for words in ("Test Market Ltd", "marketplace", "Coalition to End Wildlife Trafficking Online",
                  "No wild animal, part or product may be listed."):
        assert words in text, words
    assert page.xpath('//a[@href="https://example.net/coalition/members"]')
    gb_text, links = served_section(page, "gb")
    assert "Where the law asks more than the policy" in gb_text
    assert "The law requires removal within 1 day; the policy promises 7 days." in gb_text
    assert "Where the policy goes beyond the law" in gb_text
    assert "coded language" in gb_text
    assert "../../gb/test-act/s3/" in links
    # Kenya states no takedown deadline, and the UK page's coded-language rule is the UK's only.
    ke_text, _ = served_section(page, "ke")
    assert "offer for sale" in ke_text
    assert "removal within" not in ke_text and "coded language" not in ke_text
    french = main_text(html.parse(str(site / "build/site/fr/platforms/test-market/index.html")).getroot())
    assert "Le droit exige le retrait dans un délai de 1 jour ; la politique promet 7 jours." in french


def test_a_country_page_lists_the_platforms_serving_it_with_their_differences(site):
    page = html.parse(str(site / "build/site/en/gb/index.html")).getroot()
    heading = page.get_element_by_id("platforms")
    listing = heading.getnext().getnext()
    assert listing.xpath("li/a/@href") == ["../platforms/test-market/#j-gb"]
    assert "The law requires removal within 1 day; the policy promises 7 days." in \
        " ".join(listing.text_content().split())
    # No platform serves the European Union itself: no section at all.
    eu = html.parse(str(site / "build/site/en/eu/index.html")).getroot()
    assert not eu.xpath('//*[@id="platforms"]')
    spanish = html.parse(str(site / "build/site/es/gb/index.html")).getroot()
    heading = spanish.get_element_by_id("platforms").text_content()
    assert heading == "Plataformas que atienden esta jurisdicción"


def test_a_provision_page_names_the_thesaurus_terms_of_its_text_in_the_page_language(site):
    """KE s. 1 says "ivory" in English: its French and Spanish pages carry "ivoire" and
    "marfil", which the search index reads with the page."""
    expected = {"en": ("Thesaurus terms in this text:", "ivory"),
                "fr": ("Termes du thésaurus dans ce texte :", "ivoire"),
                "es": ("Términos del tesauro en este texto:", "marfil")}
    for language, (words, ivory) in expected.items():
        page = html.parse(str(site / "build/site" / language / "ke/test-act/s1/index.html")).getroot()
        terms = page.xpath('//main[@data-pagefind-body]//p[@class="terms"]')[0]
        assert not terms.xpath("ancestor-or-self::*[@data-pagefind-ignore]")
        assert terms.text_content().startswith(words)
        assert ivory in [term.strip() for term in terms.text_content().split(words, 1)[1].split(",")]
        # "Part IV" in s. 2 is not ivory.
        s2 = html.parse(str(site / "build/site" / language / "ke/test-act/s2/index.html")).getroot()
        assert ivory not in " ".join(t.text_content() for t in s2.xpath('//p[@class="terms"]'))


def test_thesaurus_terms_match_whole_words_and_acronyms_in_capitals(store, built_dir):
    from kb.output import records
    from kb.project import open_project
    from kb.questions import ask
    from kb.site.thesaurus import Thesaurus
    from kb.sparql import LocalSource

    thesaurus = Thesaurus(records(ask(open_project(built_dir), LocalSource(store), "thesaurus")))
    assert thesaurus.terms("le commerce de l’IVOIRE") == ["ivory"]
    assert thesaurus.terms("venta de colmillos") == ["ivory", "sale"]
    assert thesaurus.terms("Annex IV") == thesaurus.terms("the act cites") == []
    assert thesaurus.terms("level 5 on the standard scale") == []
    assert thesaurus.terms("species listed by CITES") == ["cites"]
    assert thesaurus.terms("défenses  d’éléphant") == ["elephant", "ivory"]


def test_the_same_thesaurus_is_made_once_and_a_changed_one_again(store, built_dir):
    from kb.output import records
    from kb.project import open_project
    from kb.questions import ask
    from kb.site.thesaurus import Thesaurus
    from kb.sparql import LocalSource

    rows = records(ask(open_project(built_dir), LocalSource(store), "thesaurus"))
    thesaurus = Thesaurus.of(rows)
    found = thesaurus.terms("venta de colmillos")
    found.append("changed by the caller")
    again = Thesaurus.of([dict(row) for row in rows])
    assert again is thesaurus and again.terms("venta de colmillos") == ["ivory", "sale"]
    # A label more: another thesaurus, which finds it.
    changed = Thesaurus.of(rows + [{"notation": "sale", "label": "trueque"}])
    assert changed is not thesaurus and changed.terms("un trueque") == ["sale"]
    assert thesaurus.terms("un trueque") == []


def test_the_terms_a_thesaurus_found_are_read_by_the_next_process(store, built_dir, tmp_path,
                                                                  monkeypatch):
    from kb.output import records
    from kb.project import open_project
    from kb.questions import ask
    from kb.site import thesaurus as module
    from kb.sparql import LocalSource

    rows = records(ask(open_project(built_dir), LocalSource(store), "thesaurus"))
    saved = tmp_path / "finds.marshal"
    module._LAST.clear()
    first = module.Thesaurus.of(rows, saved)
    assert first.terms("venta de colmillos") == ["ivory", "sale"]
    first.save(saved)
    module._LAST.clear()  # as in a new process
    searched = []
    monkeypatch.setattr(module.Thesaurus, "_search", lambda self, text: searched.append(text) or [])
    second = module.Thesaurus.of([dict(row) for row in rows], saved)
    assert second is not first and second.terms("venta de colmillos") == ["ivory", "sale"]
    assert searched == []
    assert second.terms("un trueque") == [] and searched == ["un trueque"]
    module._LAST.clear()  # another thesaurus does not read what this one found
    other = module.Thesaurus.of(rows + [{"notation": "sale", "label": "trueque"}], saved)
    assert other.terms("venta de colmillos") == [] and "venta de colmillos" in searched
    module._LAST.clear()


def test_the_changes_page_and_feed_list_the_versions_of_platform_policies(site):
    for language, words in (("en", "new version in force"), ("fr", "nouvelle version en vigueur")):
        page = html.parse(str(site / "build/site" / language / "changes/index.html")).getroot()
        items = page.xpath('//h2[@id="platforms"]/following-sibling::ul[1]/li')
        assert len(items) == 1
        text = " ".join(items[0].text_content().split())
        assert "Test Market" in text and words in text and "Wildlife policy, What is not allowed" in text
        assert items[0].xpath("a/@href") == ["../platforms/test-market/", "../platforms/test-market/#p-s1"]
    feed = etree.parse(str(site / "build/site/en/changes.atom"))
    atom = {"a": "http://www.w3.org/2005/Atom"}
    titles = feed.xpath("//a:entry/a:title/text()", namespaces=atom)
    assert "Test Market: Wildlife policy, What is not allowed (new version in force)" in titles


def test_the_datasets_hold_the_platforms(site):
    for name in ("wildlex.nq", "wildlex.ttl"):
        text = (site / "build/site/data" / name).read_text(encoding="utf-8")
        assert "https://w3id.org/wildlex/id/platforms/test-market/s1-rule" in text
    table = (site / "build/site/data/wildlex.csv").read_text(encoding="utf-8")
    assert ",policy_prohibition," in table and ",policy_enforcement," in table


def test_a_unit_value_change_says_the_new_amount_and_links_its_provision():
    """Mexico's UMA of 2026 read "new version in force: arts. 3, 5", with no law and no
    link; a new law's provisions read "new version in force" though they replace nothing."""
    from kb.project import open_project
    from kb.site.render import make_environment
    from kb.site.rows import distinct_changes

    def change(subject, change="version_from", **more):
        return {"date": "2026-02-01", "jurisdiction": "MX", "change": change, "subject": subject,
                "citation": "arts. 3, 5", "supersedes": "", "definedIn": "", "unit": "",
                "amount": "", "currency": "", **more}

    uma = change("uma/uma-2026", definedIn="uma/art3-5", unit="UMA", amount="117.31", currency="MXN")
    [shown] = distinct_changes([uma], {"uma/art3-5": "uma/art3-5"}, {"uma/art3-5": "Ley UMA"})
    assert (shown["page"], shown["law"]) == ("uma/art3-5", "Ley UMA")

    macros = make_environment(open_project(REPO), "en").from_string(
        '{% from "_level.html" import change_line %}{{ change_line(c, url, "en") }}')

    def line(row):
        return " ".join(macros.render(c=row, url=lambda path: "/" + path).split())

    assert "new value in force: UMA, 117.31 MXN — <a" in line({**shown, "page": "https://w3id.org/wildlex/id/mx/uma/art3-5"})
    assert "Ley UMA, arts. 3, 5</a>" in line({**shown, "page": "https://w3id.org/wildlex/id/mx/uma/art3-5"})
    first = {**change("bd/ordinance/s33"), "page": "", "law": ""}
    assert "— entered into force: arts. 3, 5" in line(first)
    assert "— new version in force: arts. 3, 5" in line({**first, "supersedes": "bd/act/s12"})


def test_the_criteria_index_counts_every_level_not_only_the_jurisdictions_that_meet(site):
    """'13 of 44 jurisdictions meet it' let a reader take the other 31 for 'not met',
    though some were not known: each criterion now says how many are in each level."""
    import re

    from kb.output import records
    from kb.project import open_project
    from kb.questions import ask
    from kb.sparql import LocalSource
    from kb.store import memory_store

    project = open_project(site)
    rows = records(ask(project, LocalSource(memory_store(project)), "matrix", {}))
    expected = {}
    for r in rows:
        counts = expected.setdefault(r["criterion"].rsplit("/", 1)[-1], dict.fromkeys(
            ("met", "partly", "not_met", "not_known"), 0))
        counts[r["level"]] += 1
    index = html.parse(str(site / "build/site/en/criteria/index.html")).getroot()
    seen = 0
    for item in index.xpath("//main//ul[@class='criteria']/li"):
        criterion = item.xpath("a/@href")[0].rstrip("/").rsplit("/", 1)[-1]
        note = " ".join(item.find_class("note")[0].text_content().split())
        total, *levels = map(int, re.findall(r"\d+", note))
        assert levels == list(expected[criterion].values()) and total == sum(levels), note
        seen += 1
    assert seen == len(expected) and any(c["not_known"] for c in expected.values())


def test_the_method_page_gives_each_review_status_its_own_meaning(site):
    """It said "checked against the official text: read in the official text or a faithful
    copy", while the data and the marks keep copies apart (‡)."""
    page = html.parse(str(site / "build/site/en/method/index.html")).getroot()
    statuses = [" ".join(li.text_content().split()) for li in page.xpath("//main//ul[1]/li")]
    assert [s.split(":")[0] for s in statuses] == [
        "Checked against the official text", "Checked against a copy of the text",
        "From a secondary source", "Unconfirmed"]
    assert "copy" not in statuses[0]


def test_the_menu_rendered_once_per_place_links_as_if_rendered_for_each_page():
    """The brand and menu are rendered once for all pages whose links to the top pages are
    the same: each page still gets exactly the links rendering it alone would give."""
    from markupsafe import Markup

    from kb.project import open_project
    from kb.site.render import make_environment, relative

    env = make_environment(open_project(REPO), "fr")
    pages = ["fr/", "fr/matrix/", "fr/compare/", "fr/compare/ke/", "fr/criteria/offence-advertising/",
             "fr/ke/", "fr/gb/", "fr/ke/test-act/", "fr/ke/test-act/s1/", "fr/gb/cema-1979/s170/",
             "fr/matrix/", "fr/ke/test-act/s1/"]
    menus = set()
    for here in pages:
        file_path = here + "index.html"
        alone = Markup(env.get_template("_nav.html").render(
            url=lambda target, file_path=file_path: relative(target, file_path)))
        assert env.globals["fragment"]("_nav.html", here) == alone, here
        menus.add(alone)
    assert len(menus) > 4  # the links differ by place: the test compares something


@pytest.mark.parametrize("language", ["en", "fr"])
def test_strings_translated_once_read_as_jinja2s_own_gettext_gives_them(language):
    """render._gettext_once keeps each string without variables once per language: the
    text must be what jinja2's gettext gives, escaped or not, with variables or not."""
    from jinja2 import Environment

    from kb.project import open_project
    from kb.site.render import make_environment, translations

    project = open_project(REPO)
    ours = make_environment(project, language)
    theirs = Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    theirs.install_gettext_translations(translations(project, language), newstyle=True)
    source = ('{{ _("Criterion") }}|{{ _("Criterion") }}|{{ _("100%% <b>") }}|'
              '{{ _("Not reviewed for {first}, met or partly met elsewhere") }}|'
              '{{ _("%(n)s laws", n="<i>") }}{% autoescape false %}|{{ _("100%% <b>") }}'
              '{% endautoescape %}')
    for _ in range(2):  # the second time from what was kept
        assert ours.from_string(source).render() == theirs.from_string(source).render()
    assert "&lt;i&gt;" in ours.from_string(source).render()


def test_a_comparison_page_lists_exactly_the_jurisdictions_that_go_further(site):
    """Each criterion's row names every other jurisdiction whose level (met or partly met)
    ranks above the focus's, and no other, by the matrix question's own answer."""
    from kb.answers import local_source
    from kb.compare import RANK
    from kb.output import records
    from kb.project import open_project
    from kb.questions import ask
    from kb.site.build import default_as_of
    from kb.site.render import country

    project = open_project(site)
    source = local_source(project)
    levels = {(r["jurisdiction"], r["criterion"]): r["level"] for r in records(
        ask(project, source, "matrix", {"asOf": default_as_of(project, source)}))}
    codes = {code for code, _ in levels}
    checked = 0
    for focus in sorted(codes):
        page = html.parse(str(site / "build/site/en/compare" / focus.lower() / "index.html")).getroot()
        for row in page.xpath("//table[@class='compare-focus']/tbody/tr"):
            criterion = row.xpath("th/a/@href")[0].rstrip("/").rsplit("/", 1)[1]
            listed = [a.get("href").split("#")[0].rstrip("/").rsplit("/", 1)[1]
                      for a in row.xpath("td[2]/a")]
            mine = RANK[levels[focus, criterion]]
            expected = {code.lower() for code in codes if code != focus
                        and levels[code, criterion] in ("met", "partly")
                        and RANK[levels[code, criterion]] > mine}
            assert set(listed) == expected and len(listed) == len(expected), (focus, criterion)
            assert [a.text_content() for a in row.xpath("td[2]/a")] == [
                country(code.upper(), "en") for code in listed]
            checked += bool(expected)
    assert checked  # some row has jurisdictions that go further


def test_a_reused_sites_search_parts_are_kept_replaced_or_removed(tmp_path, monkeypatch):
    """In the site published before (brought up to date, spare.py), a part recorded with
    the same pages stays as it is, a changed one is made again in a new folder (its files
    may be links to the published site's), and one the site no longer has is removed."""
    from kb.site import search

    site = tmp_path / "site"
    for page in ("en/index.html", "en/ke/index.html", "fr/index.html"):
        (site / page).parent.mkdir(parents=True, exist_ok=True)
        (site / page).write_text(f"<p>{page}</p>")
    parts = {"en": [[""], ["ke"]], "fr": [[""]]}
    made = []

    def pagefind(site, language, part, output):
        (site / output).mkdir(parents=True)
        (site / output / "pagefind-entry.json").write_text(repr(part))
        made.append(output)

    monkeypatch.setattr(search, "_run_pagefind", pagefind)
    search.index_for_search(site, parts)
    record = json.loads((site / search.RECORD).read_text())
    kept = (site / "pagefind/en/pagefind-entry.json").stat().st_ino
    (site / "pagefind/fr-2").mkdir()  # a part of a larger site, gone since
    (site / "en/ke/index.html").write_text("<p>changed</p>")
    discarded = []
    made.clear()
    search.index_for_search(site, parts, staged=record,
                            discard=lambda folder: discarded.append(folder.name) or shutil.rmtree(folder))
    assert made == ["pagefind/en-2/"] and sorted(discarded) == ["en-2", "fr-2"]
    assert (site / "pagefind/en/pagefind-entry.json").stat().st_ino == kept
    assert not (site / "pagefind/fr-2").exists() and (site / "pagefind/en-2").is_dir()


def test_a_provisions_jurisdiction_rule_names_its_basis(runner, tmp_path):
    """A rule on a law's reach was a row of a blank kind "jurisdiction": its basis
    (territory, nationality…) shows, in the page's language, and in the export."""
    project = make_site_project(tmp_path / "project")
    act = project / "corpus/ke/test-act.ttl"
    act.write_text(act.read_text() + """
:s1-reach a wlx:JurisdictionRule ;
    wlx:definedIn :s1 ;
    wlx:basis <https://w3id.org/wildlex/code/jbasis/territorial> ,
              <https://w3id.org/wildlex/code/jbasis/nationality> .
""")
    release_stores()
    result = runner.invoke(cli, ["build", "--quiet", "--root", str(project)])
    release_stores()
    assert result.exit_code == 0, result.output
    for language, shown in (("en", "jurisdiction (nationality, territory)"),
                            ("fr", "compétence (nationalité, territorialité)")):
        page = html.parse(str(project / "build/site" / language / "ke/test-act/s1/index.html"))
        kinds = [" ".join(row.xpath("td[1]")[0].text_content().split())
                 for row in page.xpath("//table[caption[@id='facts-caption']]/tbody/tr")]
        assert shown in kinds, kinds
    export = (project / "build/site/data/wildlex.csv").read_text()
    assert "nationality;territorial" in export
