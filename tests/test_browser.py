"""The site in a real headless Chromium: no console errors, the compare view works, axe-core
finds no serious or critical accessibility violation. Screenshots go to build/test-artifacts/."""

import functools
import http.server
import threading
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from conftest import REPO, inject_payloads, make_site_project, release_stores
from kb.cli import cli
from kb.site import search as site_search

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = REPO / "build" / "test-artifacts"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    from click.testing import CliRunner

    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: run `make test`, which installs it"
    project = make_site_project(tmp_path_factory.mktemp("browser") / "project")
    inject_payloads(project)
    release_stores()
    with pytest.MonkeyPatch.context() as patch:  # a search index in several parts, as on a large site
        patch.setattr(site_search, "PAGES_PER_INDEX", 12)
        result = CliRunner().invoke(cli, ["build", "--quiet", "--root", str(project)])
    release_stores()
    assert result.exit_code == 0, result.output
    handler = functools.partial(http.server.SimpleHTTPRequestHandler,
                                directory=str((project / "build/site").resolve()))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


def open_page(browser, url):
    page = browser.new_page()
    errors = watch_errors(page)
    page.goto(url, wait_until="networkidle")
    return page, errors


def watch_errors(page) -> list:
    """The console errors, uncaught exceptions and failed responses of `page`, as they come."""
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda response: errors.append(f"{response.status} {response.url}")
            if response.status >= 400 else None)
    return errors


def open_pages(context, urls):
    """[(page, its errors)] for each address, each page loaded until its network is idle.
    The pages load side by side in one browser context (a context each costs a third of a
    second), so that their half seconds of network silence are waited at the same time."""
    opened = []
    for url in urls:
        page = context.new_page()
        errors = watch_errors(page)
        page.goto(url, wait_until="commit")
        opened.append((page, errors))
    for page, _ in opened:
        page.wait_for_load_state("networkidle")
    return opened


def serious_violations(page):
    violations = Axe().run(page).response["violations"]
    return [(v["id"], v["impact"], len(v["nodes"])) for v in violations
            if v["impact"] in ("serious", "critical")]


AXE_LANGUAGES = ["en", "fr", "es"]
AXE_PATHS = ["", "ke/", "compare/", "matrix/", "penalties/", "penalties/europe/", "gb/test-act/s1/",
             "duties/", "about/", "criteria/", "compare/ke/", "changes/", "platforms/",
             "platforms/test-market/"]


class PagesAhead:
    """The pages of the axe test, each loaded with its errors watched from the start, a few
    side by side ahead of the tests that take them (in the order the tests run)."""

    BATCH = 6

    def __init__(self, context, addresses):
        self.context, self.addresses, self.loaded = context, addresses, {}

    def take(self, address):
        if address not in self.loaded:
            start = self.addresses.index(address)
            batch = [a for a in self.addresses[start:start + self.BATCH] if a not in self.loaded]
            self.loaded.update(zip(batch, open_pages(self.context, batch), strict=True))
        return self.loaded.pop(address)


@pytest.fixture(scope="module")
def pages_ahead(browser, base_url):
    context = browser.new_context()
    yield PagesAhead(context, [f"{base_url}/{language}/{path}"
                               for path in AXE_PATHS for language in AXE_LANGUAGES])
    context.close()


@pytest.mark.parametrize("language", AXE_LANGUAGES)
@pytest.mark.parametrize("path", AXE_PATHS)
def test_page_loads_cleanly_and_passes_axe(pages_ahead, base_url, language, path):
    page, errors = pages_ahead.take(f"{base_url}/{language}/{path}")
    assert page.evaluate("document.documentElement.lang") == language
    assert errors == []
    assert serious_violations(page) == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{language}-{path.strip('/').replace('/', '-') or 'home'}.png"),
                    full_page=True)
    page.close()


@pytest.mark.parametrize("language,gap", [("en", "Advertising is an offence"),
                                          ("fr", "La publicité est une infraction"),
                                          ("es", "La publicidad es una infracción")])
def test_the_compare_view_compares_the_chosen_focus_and_keeps_it_in_the_address(
        browser, base_url, language, gap):
    page, errors = open_page(browser, f"{base_url}/{language}/compare/")
    page.check("#j-GB")  # ticked before the focus is chosen: the focus is the select's, not the first ticked
    page.select_option("#focus", "KE")
    page.click("#compare-button")
    page.wait_for_selector("#compare-result table")
    assert page.url.endswith("/compare/?focus=KE&with=GB")
    headers = page.locator("#compare-result thead th").all_inner_texts()
    assert headers[1] == {"es": "Kenia"}.get(language, "Kenya") and len(headers) == 3
    gaps = page.locator("#gaps li").all_inner_texts()
    assert any(text.startswith(gap) for text in gaps), gaps
    links = page.locator("#compare-result tbody td a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))")
    assert links and all("#c-" in link for link in links)
    assert errors == []
    assert serious_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / f"{language}-compare-used.png"), full_page=True)
    # The address alone gives the same answer.
    again, errors = open_page(browser, f"{base_url}/{language}/compare/?focus=KE&with=GB")
    again.wait_for_selector("#compare-result table")
    assert again.locator("#gaps li").all_inner_texts() == gaps
    assert again.input_value("#focus") == "KE" and again.is_checked("#j-GB")
    assert errors == []
    page.close()
    again.close()


def test_the_compare_view_answers_its_form_without_javascript(browser, base_url):
    """The form is sent as it is: to the chosen jurisdiction's own page, with the boxes
    ticked in the address, where it is compared with all the others."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}/en/compare/")
    assert not page.is_visible("#focus") and not page.is_visible("#compare-button")
    page.check("#j-GB")
    page.click("#focus-buttons button:text-is('Kenya')")
    assert page.url.endswith("/en/compare/ke/?with=GB&focus=KE")
    assert "Advertising is an offence" in page.inner_text("table")
    assert "United Kingdom" in page.inner_text("table")
    links = page.locator("table td a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert links and all("#c-" in link for link in links)
    context.close()


def test_a_comparison_page_reached_with_a_choice_answers_that_choice_with_javascript(browser, base_url):
    page, errors = open_page(browser, f"{base_url}/en/compare/ke/?with=GB&focus=KE")
    page.wait_for_selector("#compare-result table")
    assert page.url.endswith("/en/compare/?focus=KE&with=GB")
    assert page.locator("#compare-result thead th").all_inner_texts()[1:] == ["Kenya", "United Kingdom"]
    assert not page.is_visible("#focus-buttons")
    assert errors == []
    page.close()


def wait_for_results(page) -> None:
    """Wait until the search shows its results whole. Pagefind lists them at once, each
    a placeholder until its fragment arrives: the network can be idle a moment before the
    last arrive on a busy machine (and the test read a list without them)."""
    page.wait_for_selector(".pagefind-ui__result", timeout=10_000)
    page.wait_for_function("!document.querySelector('.pagefind-ui__results .pagefind-ui__loading')",
                           timeout=10_000)


def search_links(browser, base_url, language, query):
    page, errors = open_page(browser, f"{base_url}/{language}/search/?q={query}")
    wait_for_results(page)
    links = page.locator(".pagefind-ui__result-link").evaluate_all(
        "links => links.map(link => new URL(link.href).pathname)")
    assert errors == []
    page.close()
    return links


@pytest.mark.parametrize("language,word", [("es", "marfil"), ("fr", "ivoire")])
def test_search_finds_an_english_provision_by_a_word_of_the_page_language(browser, base_url,
                                                                         language, word):
    """KE s. 1 says "ivory"; the thesaurus gives its page the word of the reader's language."""
    assert f"/{language}/ke/test-act/s1/" in search_links(browser, base_url, language, word)


def test_a_short_query_finds_that_word_not_every_word_it_begins(browser, base_url):
    """"IV" is Part IV (KE s. 2), not "ivoire", the thesaurus term of KE s. 1."""
    links = search_links(browser, base_url, "fr", "IV")
    assert "/fr/ke/test-act/s2/" in links and "/fr/ke/test-act/s1/" not in links


def test_search_finds_a_platform_page(browser, base_url):
    page, errors = open_page(browser, f"{base_url}/es/search/")
    page.fill(".pagefind-ui__search-input", "Disguised listings")
    wait_for_results(page)
    links = page.locator(".pagefind-ui__result-link").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))")
    assert any("/es/platforms/test-market/" in link for link in links), links
    assert errors == []
    page.close()


def test_search_covers_every_part_of_a_split_index(browser, base_url):
    page, errors = open_page(browser, f"{base_url}/en/search/")
    assert len(page.get_attribute("#search", "data-merge").split()) >= 2
    page.fill(".pagefind-ui__search-input", "Wildlife")
    wait_for_results(page)
    links = page.locator(".pagefind-ui__result-link").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))")
    # Parts hold at most 12 pages here, so the home page's part cannot also hold KE's.
    assert any("/en/" == link for link in links), links
    assert any("/en/ke/" in link for link in links), links
    assert errors == []
    page.close()


@pytest.mark.parametrize("path", ["en/gb/", "fr/gb/test-act/", "es/gb/test-act/s3/", "en/search/"])
def test_no_payload_from_the_corpus_runs_in_the_browser(browser, base_url, path):
    page, errors = open_page(browser, f"{base_url}/{path}")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == [] and errors == []
    assert "window.__pwned=1" in page.inner_text("main") or path == "en/search/"
    page.close()


PHONE = {"width": 390, "height": 844}
MAIN_PAGES = ["", "matrix/", "compare/", "penalties/", "penalties/europe/", "duties/", "changes/",
              "criteria/", "about/",
              "ke/", "compare/ke/", "gb/test-act/", "gb/test-act/s1/", "search/", "platforms/",
              "platforms/test-market/"]


def contrast(first, second):
    """WCAG 2 contrast ratio of two CSS rgb() colours."""
    def luminance(colour):
        channels = [int(c) / 255 for c in colour[colour.index("(") + 1:colour.index(")")].split(",")[:3]]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_no_page_is_wider_than_a_phone(browser, base_url, language):
    context = browser.new_context(viewport=PHONE)
    opened = open_pages(context, [f"{base_url}/{language}/{path}" for path in MAIN_PAGES])
    for path, (page, _) in zip(MAIN_PAGES, opened, strict=True):
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    opened[-1][0].screenshot(path=str(ARTIFACTS / f"{language}-phone-last.png"))
    context.close()


@pytest.mark.parametrize("language", ["fr", "es"])
def test_pages_show_words_not_codes_in_the_page_language(browser, base_url, language):
    from test_site import INTERNAL_CODES

    english = ("Comparison", "Penalties", "Platform duties", "Changes", "Method and sources", "Search",
               "not known", "Law and provision", "Cite this page")
    context = browser.new_context()
    opened = open_pages(context, [f"{base_url}/{language}/{path}" for path in MAIN_PAGES])
    for path, (page, errors) in zip(MAIN_PAGES, opened, strict=True):
        text = page.evaluate("""() => { const copy = document.body.cloneNode(true);
            copy.querySelectorAll('code, script').forEach(e => e.remove()); return copy.innerText; }""")
        for code in INTERNAL_CODES:
            assert code not in text, (path, code)
        for words in english:
            assert words not in text, (path, words)
        assert errors == [], path
    context.close()


def test_the_focus_ring_stands_out_on_every_background(browser, base_url):
    page, _ = open_page(browser, f"{base_url}/en/")
    page.keyboard.press("Tab")  # the skip link
    for _ in range(3):  # into the header
        page.keyboard.press("Tab")
    ring = page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
        return [e.closest('header') !== null, s.outlineStyle, s.outlineColor,
                getComputedStyle(document.querySelector('header')).backgroundColor]; }""")
    in_header, style, colour, background = ring
    assert in_header and style == "solid" and contrast(colour, background) >= 3, ring
    page.focus("main a")
    colour = page.evaluate("getComputedStyle(document.activeElement).outlineColor")
    assert contrast(colour, "rgb(255, 255, 255)") >= 3
    page.close()


def test_targets_are_at_least_24_px_and_the_map_has_no_tab_stops(browser, base_url):
    page, _ = open_page(browser, f"{base_url}/en/")
    assert page.locator("figure.map a, figure.map [tabindex]").count() == 0
    sizes = page.locator("header a").evaluate_all(
        "links => links.map(a => [a.textContent, a.getBoundingClientRect().height])")
    assert all(height >= 24 for _, height in sizes), sizes
    page.goto(f"{base_url}/en/compare/", wait_until="networkidle")
    assert all(w >= 20 and h >= 20 for w, h in control_sizes(page))  # 1.25rem boxes with their margins
    page.close()
    context = browser.new_context(java_script_enabled=False)  # the form's other buttons
    page = context.new_page()
    page.goto(f"{base_url}/en/compare/")
    assert all(w >= 20 and h >= 20 for w, h in control_sizes(page))
    context.close()


def control_sizes(page) -> list:
    """Width and height of each control of the compare form shown (hidden ones have none)."""
    sizes = page.locator("#compare-form input, #compare-form select, #compare-form button").evaluate_all(
        "els => els.filter(e => e.getClientRects().length)"
        ".map(e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height])")
    assert len(sizes) > 4
    return sizes


def test_search_filters_by_jurisdiction_and_keeps_the_query_in_the_address(browser, base_url):
    page, errors = open_page(browser, f"{base_url}/es/search/?q=specimen")
    page.wait_for_selector(".pagefind-ui__result", timeout=10_000)
    assert page.input_value(".pagefind-ui__search-input") == "specimen"
    titles = page.locator(".pagefind-ui__result-title").all_inner_texts()
    assert any(" — " in t for t in titles) and any(not t.startswith("Kenia") for t in titles), titles
    page.locator(".pagefind-ui__filter-name", has_text="Jurisdicción").click()
    page.locator(".pagefind-ui__filter-label", has_text="Kenia").click()
    page.wait_for_timeout(800)
    titles = page.locator(".pagefind-ui__result-title:not(.pagefind-ui__result-nested *)").all_inner_texts()
    assert titles and all(t.startswith("Kenia") for t in titles), titles
    page.fill(".pagefind-ui__search-input", "x" * 500)
    page.wait_for_timeout(500)
    assert len(page.evaluate("new URL(location.href).searchParams.get('q')")) <= 200
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    assert errors == []
    page.close()


def test_the_matrix_filters_by_region_and_topic(browser, base_url):
    page, errors = open_page(browser, f"{base_url}/fr/matrix/")
    page.select_option("#matrix-filters select[name=region]", label="Europe")
    shown = page.locator("#matrix tbody tr:visible th").all_inner_texts()
    assert shown == ["France", "Royaume-Uni", "Union européenne"]
    page.select_option("#matrix-filters select[name=topic]", "offence")
    headers = page.locator("#matrix thead tr:nth-child(2) th:visible").all_inner_texts()
    assert headers and "La publicité est une infraction" in headers
    assert page.locator("#matrix thead th.t1:visible").count() == 0
    assert errors == []
    page.close()
