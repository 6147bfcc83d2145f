"""`wildlex import-akn`: an Akoma Ntoso 3.0 act, as publishers write it, as a corpus file
to annotate.

Reads what Laws.Africa, legislation.gov.uk and drafting tools put in an act: the title
from docTitle, shortTitle or an FRBRalias named "title" or "short", with the TLC
placeholders of a drafting template (`<ref class="placeholder" href="#varActTitle"/>`)
resolved from the references; the work's date, number and country from FRBRWork; the
version's date from FRBRExpression; the language. Every section, article, rule or
regulation becomes a Provision, and so does each of its subsections and each paragraph
of a schedule, cited from their <num> (s. 1(5), Schedule, para. 13) and named from their
eId; text quoted from another act (quotedStructure) is not a provision of this one.
Excerpts leave out editorial marks (remarks, notes). Offences and penalties are the
contributor's to add; the source and review status are placeholders that fail validation
until filled. The parser resolves no entities and fetches nothing from the network.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
from lxml import etree

from .akn_turtle import to_turtle
from .errors import WildlexError

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
NS = {"a": AKN}
PROVISIONS = {"section": "s.", "article": "art.", "rule": "r.", "regulation": "reg."}
SUB_PROVISIONS = ("subsection",)
EXCERPT_LIMIT = 1400
# Editorial additions, not the law's words: Laws.Africa's [remarks], notes and their marks.
EDITORIAL = {"remark", "authorialNote", "noteRef", "note", "num", "heading", "subheading"}
_PLACEHOLDER = re.compile(r"#(var\w+)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?")


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
    date: str | None  # the work's date, when FRBRWork gives a full one
    language: str
    kind: str
    provisions: list[AknProvision] = field(default_factory=list)
    version_date: str | None = None  # the expression's date (the text as at that date)
    work_date_note: str = ""  # what FRBRWork says when it is not a full date


def make_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True,
                           remove_pis=True)


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
    tlc = Placeholders(act)
    country = _country(_value(work, "a:FRBRcountry", "value", path), path, work)
    language = _language(_value(expression, "a:FRBRlanguage", "language", path), path, expression)
    work_date = _work_date(work, tlc)
    parsed = AknAct(country, _title(act, work, tlc) or "TODO: the title", _number(act, work, tlc),
                    work_date if work_date and len(work_date) == 10 else None, language,
                    act.get("name") or "act", version_date=_date(expression))
    if work_date and len(work_date) != 10:
        parsed.work_date_note = work_date
    body = _required(act, "a:body", path)
    seen: set[str] = set()
    for element in body.iter(*(f"{{{AKN}}}{name}" for name in PROVISIONS)):
        if _quoted(element):
            continue
        prefix = PROVISIONS[etree.QName(element).localname]
        citation = f"{prefix} {_num(element)}".strip()
        local = _add(parsed, element, citation, "", seen)
        for child in element.iter(*(f"{{{AKN}}}{name}" for name in SUB_PROVISIONS)):
            if child is not element and not _quoted(child):
                _add(parsed, child, f"{citation}{_bracketed(_num(child))}", local, seen)
    for schedule in _schedules(act):
        label = _schedule_label(schedule)
        for paragraph in schedule.iter(f"{{{AKN}}}paragraph"):
            if _quoted(paragraph) or _inside(paragraph, "paragraph", schedule):
                continue
            _add(parsed, paragraph, f"{label}, para. {_num(paragraph)}",
                 _short(schedule.get("eId") or "sched"), seen)
    return parsed


class Placeholders:
    """The values a drafting template's TLC references give its #varName placeholders."""

    def __init__(self, act):
        self.values = {e.get("eId"): e.get("showAs") or ""
                       for e in act.iterfind("a:meta/a:references/*", NS) if e.get("eId")}

    def resolve(self, text: str) -> str:
        # A budget of substitutions: a placeholder may name itself, or a hostile document
        # nest placeholders that each name many others.
        budget = [100]

        def expand(match, depth):
            name = match.group(1)
            if name not in self.values or depth > 5 or budget[0] <= 0:
                return match.group(0)
            budget[0] -= 1
            return _PLACEHOLDER.sub(lambda m: expand(m, depth + 1), self.values[name])

        return _PLACEHOLDER.sub(lambda m: expand(m, 0), text)

    def text(self, element) -> str:
        """The element's text, each <ref class="placeholder"> replaced by its value."""
        parts = []

        def walk(node):
            if _name(node) == "ref" and node.get("class") == "placeholder":
                value = self.resolve(node.get("href") or "")
                parts.append(value if not value.startswith("#") else "".join(node.itertext()))
            else:
                parts.append(node.text or "")
                for child in node:
                    walk(child)
            if node is not element:
                parts.append(node.tail or "")

        walk(element)
        return _clean("".join(parts))


def _title(act, work, tlc: Placeholders) -> str:
    for xpath in (".//a:docTitle", ".//a:shortTitle"):
        found = act.find(xpath, NS)
        if found is not None and tlc.text(found):
            return tlc.text(found)
    for alias in work.iterfind("a:FRBRalias", NS):
        if alias.get("name") in ("title", "short", "shortTitle") and alias.get("value"):
            return _clean(tlc.resolve(alias.get("value")))
    name = work.find("a:FRBRname", NS)
    value = _clean(tlc.resolve(name.get("value") or "")) if name is not None else ""
    return "" if value.startswith("#") else value


def _number(act, work, tlc: Placeholders) -> str:
    found = act.find(".//a:docNumber", NS)
    if found is not None and tlc.text(found) and "#" not in tlc.text(found):
        return tlc.text(found)
    number = work.find("a:FRBRnumber", NS)
    value = _clean(tlc.resolve(number.get("value") or "")) if number is not None else ""
    return "" if value.startswith("#") else value


def _date(frbr) -> str | None:
    """The first real date of an FRBRWork or FRBRExpression (drafting tools write 9999-01-01
    as a placeholder, and some a date-time)."""
    for element in frbr.iterfind("a:FRBRdate", NS):
        value = element.get("date") or ""
        if not _DATE.fullmatch(value):
            continue
        try:
            if dt.date.fromisoformat(value[:10]).year < 9000:
                return value[:10]
        except ValueError:
            continue
    return None


def _work_date(work, tlc: Placeholders) -> str | None:
    """A UK drafting template states the date of Royal Assent; otherwise FRBRWork's date,
    or its year when that is all it gives (Laws.Africa writes "1977")."""
    assent = tlc.values.get("varAssentDate", "")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", assent):
        return assent
    years = [e.get("date") for e in work.iterfind("a:FRBRdate", NS)
             if re.fullmatch(r"\d{4}", e.get("date") or "")]
    return _date(work) or (years[0] if years else None)


def _add(act: AknAct, element, citation: str, parent: str, seen: set[str]) -> str:
    own = _short(element.get("eId") or f"{etree.QName(element).localname}_{_num(element)}")
    local = _local_name(f"{parent}__{own}" if parent else own, seen)
    text = _excerpt(element)
    if len(text) > EXCERPT_LIMIT:
        text = text[:EXCERPT_LIMIT].rsplit(" ", 1)[0] + " […]"
    heading = element.find("a:heading", NS)
    act.provisions.append(AknProvision(local, citation, _excerpt(heading) if heading is not None
                                       else "", text or "TODO: the text of this provision"))
    return local


def _excerpt(element) -> str:
    """The words of the law in `element`: its own number and heading and every
    editorial mark left out, the numbers of its parts kept."""
    parts = []

    def walk(node, top):
        name = _name(node)
        if name in EDITORIAL and (top or name not in ("num", "heading", "subheading")):
            parts.append(" ")
        else:
            parts.append(node.text or "")
            for child in node:
                walk(child, top=False)
        if node is not element:
            parts.append(node.tail or "")

    parts.append(element.text or "")
    for child in element:
        walk(child, top=True)
    return _clean("".join(parts))


def _schedules(act):
    """Schedules: Laws.Africa's attachments, and legislation.gov.uk's hcontainers."""
    yield from act.iterfind("a:attachments/a:attachment", NS)
    yield from (h for h in act.iterfind(".//a:body//a:hcontainer", NS) if h.get("name") == "schedule")


def _schedule_label(schedule) -> str:
    num, heading = schedule.find("a:num", NS), schedule.find("a:heading", NS)
    for candidate in (num, heading):
        if candidate is not None and _excerpt(candidate):
            return _excerpt(candidate)
    return "Schedule"


def _quoted(element) -> bool:
    """Inside a quotation of another act's text (an amendment), not a part of this one."""
    return any(_name(a) in ("quotedStructure", "embeddedStructure", "mod")
               for a in element.iterancestors())


def _inside(element, name: str, stop) -> bool:
    for ancestor in element.iterancestors():
        if ancestor is stop:
            return False
        if _name(ancestor) == name:
            return True
    return False


def _name(node) -> str:
    """The local name of an element; "" for an entity reference left unresolved."""
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


def _num(element) -> str:
    """The number as written (`1.` → 1), or the last part of the eId when there is none."""
    num = element.find("a:num", NS)
    text = _clean("".join(num.itertext())).rstrip(".") if num is not None else ""
    return text or (element.get("eId") or "").rsplit("__", 1)[-1].rsplit("_", 1)[-1]


def _bracketed(num: str) -> str:
    return num if num.startswith("(") else f"({num})"


def _short(eid: str) -> str:
    """The last part of an eId: chp_1__part_2__sec_3 → sec_3 (the rest is the table of contents)."""
    return eid.rsplit("__", 1)[-1]


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


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _country(code: str, path: Path, element) -> str:
    """FRBRcountry is ISO 3166-1 or a subdivision (GB-SCT): the corpus files a Scottish act
    under its country, gb."""
    country = code.split("-")[0].lower()
    if not re.fullmatch(r"[a-z]{2}", country):
        raise AknError(f"{path}:{element.sourceline}: FRBRcountry {code!r} is not an ISO 3166 "
                       "code — expected two letters such as ke, or a subdivision such as GB-SCT")
    return country


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


def country_known(code: str) -> bool:
    return code.upper() == "EU" or pycountry.countries.get(alpha_2=code.upper()) is not None


__all__ = ["AknAct", "AknError", "AknProvision", "country_known", "read_act", "to_turtle"]
