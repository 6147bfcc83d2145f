"""The corpus file `wildlex import-akn` writes for an act read by kb.akn.

Whatever the document holds, it cannot break out of a literal, an IRI or a comment:
literals are written by rdflib, dates are checked to be dates, names are checked to
be names, comments hold one line.
"""

from __future__ import annotations

import datetime as dt
import re

from rdflib import Literal

from .errors import WildlexError
from .namespaces import ID

_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
KINDS = ("act", "code", "regulation", "decree", "directive")


def literal(text: str, language: str | None = None) -> str:
    """`text` as a Turtle literal on one line, every quote and backslash escaped."""
    return Literal(re.sub(r"\s+", " ", text).strip(), lang=language).n3()


def date(value: str) -> str:
    dt.date.fromisoformat(value)  # a ValueError, not Turtle, for anything else
    return Literal(value, datatype="http://www.w3.org/2001/XMLSchema#date").n3().replace(
        "<http://www.w3.org/2001/XMLSchema#date>", "xsd:date")


def comment(text: str) -> str:
    return "# " + re.sub(r"\s+", " ", text).strip()


def to_turtle(act, slug: str) -> str:
    """The corpus file for `act`, with placeholders where only the contributor knows."""
    for what, value in (("slug", slug), ("country", act.country), ("language", act.language)):
        if not _NAME.fullmatch(value):
            raise WildlexError(f"the {what} {value!r} is not a lower-case name of letters, "
                               "digits and hyphens — pass --slug NAME")
    namespace = f"{ID}{act.country}/{slug}"
    kind = act.kind if act.kind in KINDS else "act"
    language = act.language
    lines = [
        comment(f"{act.title} — imported from Akoma Ntoso by `wildlex import-akn`."),
        "# Fill every TODO (where you read each excerpt, and how far you checked it), add the",
        "# offences, penalties, duties and rules each provision creates, then run wildlex validate.",
    ]
    if act.version_date:
        lines.append(comment(f"The excerpts are the text of the version of {act.version_date} "
                             "(the Akoma Ntoso expression date)."))
    if act.work_date_note:
        lines.append(comment(f"The document dates the act {act.work_date_note} only: give "
                             "eli:date_document as a full date."))
    lines += [
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
        f"    eli:title {literal(act.title, language)} ;",
    ]
    if language != "en":
        lines.append('    eli:title "TODO: the title in English"@en ;')
    if act.number:
        lines.append(f"    eli:number {literal(act.number)} ;")
    if act.date:
        lines.append(f"    eli:date_document {date(act.date)} ;")
    lines += [f"    wlx:jurisdiction jur:{act.country} ;",
              f"    wlx:instrumentType itype:{kind} ;",
              f"    wlx:originalLanguage {literal(language)} ;",
              "    wlx:officialText <https://TODO.invalid/the-official-text> ."]
    today = date(dt.date.today().isoformat())
    for provision in act.provisions:
        lines += ["", f":{provision.local_name} a wlx:Provision ;",
                  f"    eli:is_part_of <{namespace}> ;",
                  f"    wlx:citation {literal(provision.citation)} ;"]
        if provision.heading:
            lines.append(f"    wlx:heading {literal(provision.heading)} ;")
        lines.append(f"    wlx:excerpt {literal(provision.text, language)} ;")
        if language != "en":
            lines.append('    wlx:unofficialTranslation "TODO: an English rendering"@en ;')
        lines += ["    wlx:sourceUrl <https://TODO.invalid/where-you-read-it> ;",
                  f"    wlx:consulted {today} ;",
                  "    wlx:reviewStatus review:TODO ."]
    return "\n".join(lines) + "\n"
