"""One jinja2 environment for the site: autoescape, StrictUndefined, gettext, babel formats."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import json
import re
from gettext import GNUTranslations, NullTranslations
from importlib.metadata import version
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.units import format_unit
from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from markupsafe import Markup
from pyuca import Collator

from .. import __version__
from ..errors import WildlexError
from ..project import Project
from ..regions import region, region_name

LANGUAGES = ("en", "fr", "es")
REGIONAL = {"EU": {"en": "European Union", "fr": "Union européenne", "es": "Unión Europea"}}


def translations(project: Project, language: str):
    """The interface strings of `language`, compiled from site/locale/<lang>/…/messages.po."""
    po = project.file(f"site/locale/{language}/LC_MESSAGES/messages.po")
    if language == "en" or not po.exists():
        return NullTranslations()
    with po.open("rb") as stream:
        catalog = read_po(stream, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return GNUTranslations(buffer)


@functools.cache
def country(code: str, language: str) -> str:
    """The name of a jurisdiction in `language`, from babel's CLDR data."""
    if code in REGIONAL:
        return REGIONAL[code][language]
    return Locale(language).territories.get(code, code)


@functools.cache
def _collator() -> Collator:
    return Collator()


def collation_key(text: str):
    """A key that sorts `text` as a reader expects, accents and case aside."""
    return _collator().sort_key(text)


def by_name(codes, language: str, key=None) -> list:
    """`codes` (or things whose `key` is a code) in the order of their names in `language`,
    by the Unicode Collation Algorithm: "Égypte" comes between "Allemagne" and "Espagne"
    (then by code; things of the same code keep their order)."""
    items = list(codes)
    keys = items if key is None else list(map(key, items))
    # Each code's place, worked out once: the pages sort 15,000 rows by 200 codes.
    places = {code: place for place, code in enumerate(
        sorted(set(keys), key=lambda code: (_name_key(code, language), code)))}
    order = sorted(range(len(items)), key=[places[code] for code in keys].__getitem__)
    return [items[i] for i in order]


@functools.cache
def _name_key(code: str, language: str):
    # Pages sort thousands of rows by a few hundred names: each name's key is made once.
    return _collator().sort_key(country(code, language))


# Pages repeat the same dates and amounts thousands of times, and babel takes tens of
# microseconds to format each: format each value once per language.
@functools.lru_cache(maxsize=1 << 16)
def long_date(value: str, language: str) -> str:
    return format_date(dt.date.fromisoformat(value), format="long", locale=language) if value else ""


@functools.lru_cache(maxsize=1 << 16, typed=True)
def number(value, language: str) -> str:
    return format_decimal(value, locale=language) if value != "" else ""


_DURATION = re.compile(r"P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?")
_UNITS = ("duration-day", "duration-hour", "duration-minute")


def duration(value: str, language: str) -> str:
    """An xsd:duration as a reader says it: PT24H -> "24 hours", P7D -> "7 days"."""
    match = _DURATION.fullmatch(value or "")
    if not value or not match:
        return value or ""
    return ", ".join(format_unit(int(n), unit, locale=language)
                     for n, unit in zip(match.groups(), _UNITS, strict=True) if n)


def _gettext_once(translate):
    """jinja2's new-style gettext, which a template calls some seventy times per page,
    with each string without variables translated, escaped and formatted once per
    language (the same steps, hence the same text, as jinja2.ext's)."""
    done: dict[tuple[str, bool], str] = {}

    @pass_context
    def gettext(context, string: str, **variables) -> str:
        escape = context.eval_ctx.autoescape
        if not variables and (string, escape) in done:
            return done[string, escape]
        text = translate(string)
        text = (Markup(text) if escape else text) % variables
        if not variables:
            done[string, escape] = text
        return text

    return gettext


def relative(target: str, current: str) -> str:
    """`target` (a site path such as en/ke/) as a link from the page at `current`.

    Site paths are plain, normalised and relative to the site root, so this is
    posixpath.relpath without its file-system calls (it runs for every link of every page)."""
    start = current.split("/")[:-1]
    parts = [p for p in target.split("/") if p]
    common = 0
    while common < min(len(start), len(parts)) and start[common] == parts[common]:
        common += 1
    link = "/".join([".."] * (len(start) - common) + parts[common:]) or "."
    return link + "/" if target.endswith("/") and not link.endswith("/") else link


def publisher(project: Project) -> dict:
    """Who publishes the portal and where error reports go: site/publisher.json."""
    path = project.file("site/publisher.json")
    try:
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {
            "name": "Wildlex", "report_to": ""}
    except ValueError as error:
        raise WildlexError(f"{path}: not valid JSON ({error}); fix the file or delete it") from error


def make_environment(project: Project, language: str) -> Environment:
    env = Environment(loader=FileSystemLoader(project.layers("site/templates")),
                      autoescape=select_autoescape(["html", "xml", "atom"], default=True),
                      undefined=StrictUndefined, extensions=["jinja2.ext.i18n"],
                      trim_blocks=True, lstrip_blocks=True,
                      # An environment serves one build: its templates are not read again
                      # for changes (a stat per page rendered).
                      auto_reload=False,
                      bytecode_cache=FileSystemBytecodeCache(str(_bytecode_folder(project))))
    strings = translations(project, language)
    env.install_gettext_translations(strings, newstyle=True)
    env.globals["gettext"] = env.globals["_"] = _gettext_once(strings.gettext)
    env.filters["country"] = lambda code: country(code, language)
    env.filters["date"] = lambda value: long_date(value, language)
    env.filters["number"] = lambda value: number(value, language)
    env.filters["duration"] = lambda value: duration(value, language)
    env.filters["countries"] = lambda codes: ", ".join(
        country(code, language) for code in by_name(codes, language))
    env.globals["region_of"] = region
    env.globals["regions"] = lambda codes: sorted(
        {(region(c), region_name(region(c), language)) for c in codes if region(c)},
        key=lambda r: _collator().sort_key(r[1]))
    env.globals["languages"] = LANGUAGES
    env.globals["release"] = __version__
    env.globals["publisher"] = publisher(project)
    env.globals["language"] = language
    env.globals["fragment"] = _fragments(env)
    return env


def _bytecode_folder(project: Project) -> Path:
    """Where the compiled templates are kept: each process that writes pages compiled
    them again (0.17 s for all; 0.03 s read back). Jinja names them by a template's name
    and source, not by the environment's options: the folder is named by this code and
    jinja's version."""
    code = Path(__file__).read_bytes() + version("jinja2").encode()
    folder = project.build_dir / "templates-bytecode" / hashlib.sha256(code).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _fragments(env: Environment):
    """`fragment(name, here)`: template `name` rendered for the page at `here` with only
    its links for context, once for all the pages whose links to the language's top
    pages (two path segments at most) are the same: those with the same depth and the
    same first two segments. Tens of thousands of pages repeat the same menu."""
    rendered: dict[tuple, Markup] = {}

    def fragment(name: str, here: str) -> Markup:
        file_path = here + "index.html" if here.endswith("/") else here
        parts = file_path.split("/")
        key = (name, len(parts), tuple(parts[:2]))
        if key not in rendered:
            rendered[key] = Markup(env.get_template(name).render(
                url=lambda target: _top_link(target, file_path)))
        return rendered[key]

    return fragment


def _top_link(target: str, file_path: str) -> str:
    if target.strip("/").count("/") > 1:
        raise WildlexError(f"a fragment links to {target}: only a language's top pages "
                           "(two segments at most) give the same link from every page of a depth")
    return relative(target, file_path)
