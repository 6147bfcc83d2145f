"""Checks that keep out what passes SHACL yet cannot be built or misleads the site.

Each rule here stands for a build that failed, or a site that silently dropped a
jurisdiction, on a corpus that validated (issue 21): a date with a time zone, a
jurisdiction code that names another country's folder, a provision whose page would
clash with its instrument's, a review date years ahead that moves the whole site.
"""

from __future__ import annotations

import datetime as dt
import re

from rdflib import Literal, URIRef

from .corpus import place_of
from .namespaces import ID, WLX, XSD
from .problems import Problem
from .turtle import TurtleFile

PLAIN_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Laws are dated; nothing in the corpus is older than written law or later than a
# plausible entry into force. The site formats every date, which needs plain years.
EARLIEST_YEAR, LATEST_YEAR = 1000, 2100
# Dates that say when someone read the law: they cannot be later than today (a day's
# grace for the time zones ahead of UTC).
REVIEW_DATES = (WLX.reviewedOn, WLX.consulted)
# File names the site writes in a page's folder: a resource named so would make its
# page collide with the page of the resource above it.
PAGE_FILES = {"index.html"}


def check_buildable(project, files: list[TurtleFile]) -> list[Problem]:
    problems = []
    for tf in files:
        problems += _dates(tf)
        place = place_of(tf.path, project.corpus_dir)
        if place is not None:
            problems += _jurisdiction_of_folder(tf, place.code)
        problems += _page_names(tf)
    return problems


def where(tf: TurtleFile, subject, predicate=None) -> tuple[int, int]:
    from .validate import _anchor, _anchor_predicate

    anchor = _anchor(tf.graph, subject)
    if predicate is not None:
        predicate = _anchor_predicate(tf.graph, subject, predicate)
    return tf.positions.of(str(anchor), None if predicate is None else str(predicate)) or (1, 1)


def problem(tf: TurtleFile, subject, predicate, message: str) -> Problem:
    return Problem(tf.display, *where(tf, subject, predicate), message)


def _dates(tf: TurtleFile) -> list[Problem]:
    problems = []
    latest_review = dt.date.today() + dt.timedelta(days=1)
    for subject, predicate, value in tf.graph:
        if not (isinstance(value, Literal) and value.datatype == XSD.date):
            continue
        name = _qname(predicate)
        text = str(value)
        if not PLAIN_DATE.fullmatch(text):
            problems.append(problem(tf, subject, predicate,
                f'{name} expects a plain date written "2026-11-23"^^xsd:date, without a time '
                f'zone (found "{text[:40]}") — remove the time zone'))
            continue
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            continue  # not a real date: SHACL's datatype check says so with its line
        if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            problems.append(problem(tf, subject, predicate,
                f'{name} "{text}" is outside the years {EARLIEST_YEAR}–{LATEST_YEAR} — '
                "check the year"))
        elif predicate in REVIEW_DATES and day > latest_review:
            problems.append(problem(tf, subject, predicate,
                f'{name} "{text}" is in the future — it is the date you read the law; '
                "write that day, no later than today"))
    return problems


def _jurisdiction_of_folder(tf: TurtleFile, code: str) -> list[Problem]:
    """corpus/ke/ speaks of Kenya: a code or jurisdiction naming another country would
    move its facts to that country's pages and drop Kenya from the site."""
    problems = []
    own = URIRef(f"{ID}{code}")
    for subject, value in tf.graph.subject_objects(WLX.code):
        if subject == own and str(value) != code.upper():
            problems.append(problem(tf, subject, WLX.code,
                f'wlx:code "{value}" names another jurisdiction than the folder '
                f'corpus/{code}/ — write wlx:code "{code.upper()}"'))
    for subject, value in tf.graph.subject_objects(WLX.jurisdiction):
        if value != own:
            shown = f"jur:{str(value)[len(str(ID)):]}" if str(value).startswith(str(ID)) else value
            problems.append(problem(tf, subject, WLX.jurisdiction,
                f"wlx:jurisdiction {shown} is not the jurisdiction of the folder corpus/{code}/ "
                f"— write jur:{code}, or move the file to that jurisdiction's folder"))
    return problems


def _page_names(tf: TurtleFile) -> list[Problem]:
    problems = []
    for subject in sorted({s for s in tf.graph.subjects() if isinstance(s, URIRef)}, key=str):
        last = str(subject).rstrip("/").rsplit("/", 1)[-1]
        if str(subject).startswith(str(ID)) and last.lower() in PAGE_FILES:
            problems.append(problem(tf, subject, None,
                f"<{subject}> ends in {last}, the name of the page of the resource above it "
                "— name it after its citation, e.g. s12"))
    return problems


def _qname(predicate) -> str:
    from .ontology import qname

    return qname(str(predicate))


__all__ = ["check_buildable"]
