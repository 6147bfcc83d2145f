"""`wildlex new`: the skeleton of a corpus file for a contributor to fill in."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from babel.languages import get_official_languages
from babel.numbers import get_territory_currencies
from jinja2 import Environment, PackageLoader, StrictUndefined

from .corpus import COVERAGE_FILE
from .coverage import country_name
from .errors import UnknownJurisdiction, WildlexError
from .namespaces import ID
from .project import Project
from .shapes import country_codes

INSTRUMENT_TYPES = ("act", "code", "regulation", "decree", "directive")
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


def make_instrument(project: Project, code: str, title: str, kind: str = "act",
                    language: str | None = None, slug: str | None = None) -> Scaffold:
    """Write corpus/<code>/<slug>.ttl (and coverage.ttl if missing); never overwrite."""
    code = check_code(code)
    slug = slug or slugify(title)
    if not slug or slug == "coverage":
        raise WildlexError(f"cannot make a file name from {title!r} — pass --slug NAME")
    folder = project.corpus_dir / code
    path = folder / f"{slug}.ttl"
    if path.exists():
        raise WildlexError(f"{project.display(path)} already exists — edit it, or choose "
                           "another --slug")
    territory = code.upper()
    official = get_official_languages(territory) if territory != "EU" else ("en",)
    currencies = get_territory_currencies(territory) if territory != "EU" else ["EUR"]
    values = {
        "code": code, "title": title.replace('"', '\\"'), "type": kind, "slug": slug,
        "namespace": f"{ID}{code}/{slug}", "path": project.display(path),
        "jurisdiction_name": country_name(territory),
        "language": language or (official[0] if official else "en"),
        "currency": currencies[0] if currencies else "TODO",
        "today": dt.date.today().isoformat(),
    }
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(_templates.get_template("instrument.ttl.j2").render(values), encoding="utf-8")
    coverage = folder / COVERAGE_FILE
    if coverage.exists():
        return Scaffold(path, None)
    coverage.write_text(_templates.get_template("coverage.ttl.j2").render(values), encoding="utf-8")
    return Scaffold(path, coverage)
