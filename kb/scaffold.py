"""`wildlex new`: the skeleton of a corpus file for a contributor to fill in."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from babel import Locale, UnknownLocaleError
from babel.languages import get_official_languages
from babel.numbers import get_territory_currencies
from jinja2 import Environment, PackageLoader, StrictUndefined

from .corpus import COVERAGE_FILE
from .coverage import country_name
from .errors import UnknownJurisdiction, WildlexError
from .namespaces import ID
from .project import Project
from .shapes import country_codes
from .slugs import corpus_file

INSTRUMENT_TYPES = ("act", "code", "regulation", "decree", "directive")
_TITLE = ox.NamedNode("http://data.europa.eu/eli/ontology#title")
_ORIGINAL_LANGUAGE = ox.NamedNode("https://w3id.org/wildlex/ontology#originalLanguage")
_templates = Environment(loader=PackageLoader("kb", "templates"), undefined=StrictUndefined,
                         keep_trailing_newline=True, autoescape=False)


@dataclass
class Scaffold:
    instrument: Path
    coverage: Path | None  # written too when the jurisdiction had none


def slugify(title: str) -> str:
    """`Wildlife Act, 2013` -> `wildlife-act-2013` (ASCII, for a file name and an IRI)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].rstrip("-")


def check_code(code: str) -> str:
    upper = code.upper()
    if upper not in country_codes():
        close = difflib.get_close_matches(upper, country_codes(), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise UnknownJurisdiction(
            f"unknown jurisdiction code {code!r}{hint} — use an ISO 3166-1 alpha-2 code "
            f"or EU; the valid codes are: {' '.join(country_codes())}")
    return upper.lower()


def existing_instrument(folder: Path, title: str) -> Path | None:
    """The file of `folder` whose instrument has `title` (compared as a slug) as a title."""
    wanted = slugify(title)
    for path in sorted(folder.glob("*.ttl")):
        if path.name == COVERAGE_FILE:
            continue
        try:
            quads = ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE)
            titles = [q.object.value for q in quads if q.predicate == _TITLE]
        except (OSError, SyntaxError, ValueError):
            continue
        if path.stem == wanted or any(slugify(t) == wanted for t in titles):
            return path
    return None


def check_language(language: str) -> None:
    try:
        Locale.parse(language, sep="-")
    except (UnknownLocaleError, ValueError):
        raise WildlexError(f"--language expects a language tag such as en, fr, pt or pt-BR, "
                           f"found {language!r}") from None


def default_language(folder: Path, territory: str) -> str:
    """The language most of the jurisdiction's instruments are written in; failing that,
    English where it is an official language (many States legislate in English beside a
    national language: Kenya, India), else the first official language (CLDR)."""
    languages: list[str] = []
    for path in sorted(folder.glob("*.ttl")):
        try:
            quads = ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE)
        except (OSError, SyntaxError, ValueError):
            continue
        languages += [q.object.value for q in quads if q.predicate == _ORIGINAL_LANGUAGE]
    if languages:
        return max(sorted(set(languages)), key=languages.count)
    official = get_official_languages(territory) if territory != "EU" else ("en",)
    return "en" if "en" in official or not official else official[0]


def make_instrument(project: Project, code: str, title: str, kind: str = "act",
                    language: str | None = None, slug: str | None = None) -> Scaffold:
    """Write corpus/<code>/<slug>.ttl (and coverage.ttl if missing); never overwrite."""
    code = check_code(code)
    if slug is None:
        slug = slugify(title)
        if not slug or slug == "coverage":
            raise WildlexError(f"cannot make a file name from {title!r} — pass --slug NAME")
    path = corpus_file(project.corpus_dir, code, slug)
    folder = path.parent
    if path.exists():
        raise WildlexError(f"{project.display(path)} already exists — edit it, or choose "
                           "another --slug")
    territory = code.upper()
    same = existing_instrument(folder, title)
    if same is not None:
        raise WildlexError(f"the corpus already has this instrument: {project.display(same)} — "
                           "add to that file instead of starting a second one")
    if language is not None:
        check_language(language)
    currencies = get_territory_currencies(territory) if territory != "EU" else ["EUR"]
    values = {
        "code": code, "title": title.replace('"', '\\"'), "type": kind, "slug": slug,
        "namespace": f"{ID}{code}/{slug}", "path": project.display(path),
        "jurisdiction_name": country_name(territory),
        "language": language or default_language(folder, territory),
        "currency": currencies[0] if currencies else "TODO",
        "today": dt.date.today().isoformat(),
    }
    folder.mkdir(parents=True, exist_ok=True)
    _create(path, _templates.get_template("instrument.ttl.j2").render(values))
    coverage = folder / COVERAGE_FILE
    if coverage.exists() or coverage.is_symlink():
        return Scaffold(path, None)
    _create(coverage, _templates.get_template("coverage.ttl.j2").render(values))
    return Scaffold(path, coverage)


def _create(path: Path, text: str) -> None:
    # "x": a new file or an error; never through a link that appeared in the meantime.
    with open(path, "x", encoding="utf-8") as stream:
        stream.write(text)
