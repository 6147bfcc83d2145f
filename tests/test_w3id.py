"""`wildlex w3id`: every IRI under https://w3id.org/wildlex/ resolves to a page the build writes."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from conftest import make_built_site_project, release_stores
from kb.cli import cli
from kb.w3id import BASE

SITE = "https://wildlex.example.org/portal/"


def resolve(rules: str, path: str, accept: str = "text/html", language: str = "en") -> str:
    """Where Apache's mod_rewrite sends `path` (relative to w3id.org/wildlex/), for the
    subset of .htaccess the rules use: RewriteCond on two headers, RewriteRule with
    E=, R=303 and L, and rules without flags rewriting for the rules after them."""
    env, conditions = {}, []
    for line in rules.splitlines():
        words = line.split()
        if not words or words[0].startswith("#") or words[0] in ("Options", "RewriteEngine"):
            continue
        flags = words[3] if len(words) > 3 else ""
        if words[0] == "RewriteCond":
            value = {"%{HTTP_ACCEPT}": accept, "%{HTTP:Accept-Language}": language}[words[1]]
            conditions.append(re.search(words[2], value, re.I if "NC" in flags else 0))
            continue
        assert words[0] == "RewriteRule", line
        match = re.search(words[1], path) if all(conditions) else None
        conditions = []
        if match is None:
            continue
        if flags.startswith("[E="):
            name, value = flags[3:-1].split(":")
            env[name] = value
            continue
        target = re.sub(r"%\{ENV:(\w+)\}", lambda m: env[m.group(1)], words[2])
        target = re.sub(r"\$(\d)", lambda m, found=match: found.group(int(m.group(1))) or "", target)
        if "R=303" in flags:
            return target
        path = target
    raise AssertionError(f"no rule redirects {path!r}")


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The mini project, built with its site, and its redirect rules."""
    from click.testing import CliRunner

    project = make_built_site_project(tmp_path_factory.mktemp("w3id") / "project")
    rules = project / "w3id.htaccess"
    made = CliRunner().invoke(cli, ["w3id", "--site-url", SITE, "-o", str(rules),
                                    "--root", str(project)])
    assert made.exit_code == 0, made.output
    release_stores()
    return project, rules.read_text()


def store_iris(project) -> set[str]:
    store = ox.Store.read_only(str(project / "build" / "store"))
    return {term.value.split("#")[0] for quad in store
            for term in (quad.subject, quad.predicate, quad.object, quad.graph_name)
            if isinstance(term, ox.NamedNode) and term.value.startswith(BASE)}


def test_every_iri_in_the_store_goes_to_a_page_the_build_writes(published):
    project, rules = published
    site = (project / "build" / "site").resolve()
    iris = store_iris(project)
    assert len(iris) > 100
    missing = []
    for iri in sorted(iris):
        for language in ("en", "fr", "es"):
            url = resolve(rules, iri[len(BASE):], language=language)
            assert url.startswith(SITE), (iri, url)
            page = site / url[len(SITE):]
            page = page / "index.html" if url.endswith("/") else page
            if not page.is_file():
                missing.append((iri, language, url))
            elif language != "en":
                assert f"{SITE}{language}/" in url, (iri, url)
    assert missing == []


def test_a_client_asking_for_data_gets_the_data(published):
    project, rules = published
    site = project / "build" / "site"
    for accept, name in (("text/turtle", "wildlex.ttl"), ("application/ld+json", "wildlex.jsonld")):
        url = resolve(rules, "id/gb/test-act/s1", accept=accept)
        assert url == f"{SITE}data/{name}"
        assert (site / "data" / name).is_file()


def test_an_offence_goes_to_the_page_of_the_provision_that_defines_it(published):
    _, rules = published
    assert resolve(rules, "id/gb/test-act/s1-offence") == f"{SITE}en/gb/test-act/s1/"
    assert resolve(rules, "id/gb/test-act/s2-penalty", language="fr-CA") == (
        f"{SITE}fr/gb/test-act/s2/")
    assert resolve(rules, "id/gb/coverage") == f"{SITE}en/gb/"
    assert resolve(rules, "site/en/matrix/") == f"{SITE}en/matrix/"


def test_the_site_url_must_be_a_web_address(runner, built_dir):
    result = runner.invoke(cli, ["w3id", "--site-url", "ftp://x y", "--root", str(built_dir)])
    assert result.exit_code == 2
    assert "Invalid value for --site-url: 'ftp://x y' is not an http(s) URL" in result.output

