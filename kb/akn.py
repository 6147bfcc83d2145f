"""`wildlex import-akn`: an Akoma Ntoso 3.0 act as a corpus file to annotate.

Reads the FRBR metadata (country, date, number, name, expression language) and
every section, article, rule or regulation of the body with its number, heading and
text, and writes an Instrument with its Provisions. Offences and penalties are the
contributor's to add; the source address and review status are left as placeholders
that fail validation until filled. The parser resolves no entities and fetches
nothing from the network.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
from lxml import etree

from .errors import WildlexError
from .namespaces import ID

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
NS = {"a": AKN}
PROVISIONS = {"section": "s.", "article": "art.", "rule": "r.", "regulation": "reg."}
EXCERPT_LIMIT = 1400


class AknError(WildlexError):
    """The file is not a well-formed Akoma Ntoso 3.0 act."""


@dataclass
class AknProvision:
    local_name: str
    citation: str
    heading: str
    text: str


@dataclass
class AknAct:
    country: str
    title: str
    number: str
    date: str | None
    language: str
    kind: str
    provisions: list[AknProvision] = field(default_factory=list)


def make_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True)


def read_act(path: Path) -> AknAct:
    try:
        root = etree.parse(str(path), make_parser()).getroot()
    except etree.XMLSyntaxError as error:
        line = error.position[0] if error.position else 1
        raise AknError(f"{path}:{line}: not well-formed XML: {error.msg} — check the tag "
                       "or character on that line") from None
    if root.tag != f"{{{AKN}}}akomaNtoso":
        raise AknError(f"{path}:{root.sourceline}: expected an <akomaNtoso> root element in the "
                       f"namespace {AKN}, found <{etree.QName(root).localname}> "
                       f"in {etree.QName(root).namespace or 'no namespace'}")
    act = root.find("a:act", NS)
    if act is None:
        raise AknError(f"{path}:{root.sourceline}: expected an <act> inside <akomaNtoso> — "
                       "only acts can be imported")
    work = _required(act, "a:meta/a:identification/a:FRBRWork", path)
    expression = _required(act, "a:meta/a:identification/a:FRBRExpression", path)
    country = _value(work, "a:FRBRcountry", "value", path).lower()
    language = _language(_value(expression, "a:FRBRlanguage", "language", path), path, expression)
    title = (_optional_value(work, "a:FRBRname", "value")
             or _text(act.find(".//a:docTitle", NS)) or "TODO: the title")
    date = _optional_value(work, "a:FRBRdate", "date")
    parsed = AknAct(country, title, _optional_value(work, "a:FRBRnumber", "value") or "",
                    date, language, act.get("name") or "act")
    body = _required(act, "a:body", path)
    seen = set()
    for element in body.iter(*(f"{{{AKN}}}{name}" for name in PROVISIONS)):
        name = etree.QName(element).localname
        num = _text(element.find("a:num", NS)).rstrip(".")
        local = _local_name(element.get("eId") or f"{name}_{num}", seen)
        heading = _text(element.find("a:heading", NS))
        parts = [_text(child) for child in element
                 if etree.QName(child).localname not in ("num", "heading")]
        text = " ".join(p for p in parts if p)
        if len(text) > EXCERPT_LIMIT:
            text = text[:EXCERPT_LIMIT].rsplit(" ", 1)[0] + " […]"
        parsed.provisions.append(AknProvision(local, f"{PROVISIONS[name]} {num}".strip(), heading,
                                              text or "TODO: the text of this provision"))
    return parsed


def _required(element, xpath: str, path: Path):
    found = element.find(xpath, NS)
    if found is None:
        wanted = xpath.replace("a:", "")
        raise AknError(f"{path}:{element.sourceline}: expected {wanted} — "
                       "the document lacks the Akoma Ntoso element it names")
    return found


def _value(element, xpath: str, attribute: str, path: Path) -> str:
    found = _required(element, xpath, path)
    value = found.get(attribute)
    if not value:
        raise AknError(f"{path}:{found.sourceline}: expected a {attribute}= attribute on "
                       f"<{etree.QName(found).localname}>")
    return value


def _optional_value(element, xpath: str, attribute: str) -> str | None:
    found = element.find(xpath, NS)
    return found.get(attribute) if found is not None else None


def _text(element) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip() if element is not None else ""


def _language(code: str, path: Path, element) -> str:
    """AKN uses ISO 639-2 codes (eng); the corpus uses the two-letter form (en)."""
    language = pycountry.languages.get(alpha_3=code) or pycountry.languages.get(alpha_2=code)
    if language is None:
        raise AknError(f"{path}:{element.sourceline}: unknown language code {code!r} in "
                       "FRBRlanguage — use ISO 639-2, e.g. eng, fra, spa")
    return getattr(language, "alpha_2", None) or language.alpha_3


def _local_name(candidate: str, seen: set[str]) -> str:
    """A name safe in an IRI and a file path, unique in the file."""
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", candidate).strip("-") or "provision"
    unique, counter = name, 2
    while unique in seen:
        unique, counter = f"{name}-{counter}", counter + 1
    seen.add(unique)
    return unique


def to_turtle(act: AknAct, slug: str) -> str:
    """The corpus file for `act`, with placeholders where only the contributor knows."""
    namespace = f"{ID}{act.country}/{slug}"
    kind = act.kind if act.kind in ("act", "code", "regulation", "decree", "directive") else "act"

    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [
        f"# {act.title} — imported from Akoma Ntoso by `wildlex import-akn`.",
        "# Fill every TODO (where you read each excerpt, and how far you checked it), add the",
        "# offences, penalties, duties and rules each provision creates, then run wildlex validate.",
        "",
        "@prefix wlx:    <https://w3id.org/wildlex/ontology#> .",
        "@prefix eli:    <http://data.europa.eu/eli/ontology#> .",
        "@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .",
        "@prefix jur:    <https://w3id.org/wildlex/id/> .",
        f"@prefix :       <{namespace}/> .",
        "@prefix itype:  <https://w3id.org/wildlex/code/itype/> .",
        "@prefix review: <https://w3id.org/wildlex/code/review/> .",
        "",
        f"<{namespace}> a wlx:Instrument ;",
        f"    eli:title {quote(act.title)}@{act.language} ;",
    ]
    if act.language != "en":
        lines.append('    eli:title "TODO: the title in English"@en ;')
    if act.number:
        lines.append(f"    eli:number {quote(act.number)} ;")
    if act.date:
        lines.append(f'    eli:date_document "{act.date}"^^xsd:date ;')
    lines += [f"    wlx:jurisdiction jur:{act.country} ;",
              f"    wlx:instrumentType itype:{kind} ;",
              f'    wlx:originalLanguage "{act.language}" ;',
              "    wlx:officialText <https://TODO.invalid/the-official-text> ."]
    today = dt.date.today().isoformat()
    for provision in act.provisions:
        lines += ["", f":{provision.local_name} a wlx:Provision ;",
                  f"    eli:is_part_of <{namespace}> ;",
                  f"    wlx:citation {quote(provision.citation)} ;"]
        if provision.heading:
            lines.append(f"    wlx:heading {quote(provision.heading)} ;")
        lines.append(f"    wlx:excerpt {quote(provision.text)}@{act.language} ;")
        if act.language != "en":
            lines.append('    wlx:unofficialTranslation "TODO: an English rendering"@en ;')
        lines += ["    wlx:sourceUrl <https://TODO.invalid/where-you-read-it> ;",
                  f'    wlx:consulted "{today}"^^xsd:date ;',
                  "    wlx:reviewStatus review:TODO ."]
    return "\n".join(lines) + "\n"


def country_known(code: str) -> bool:
    return code.upper() == "EU" or pycountry.countries.get(alpha_2=code.upper()) is not None
