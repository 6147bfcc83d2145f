"""Values no law holds: checks that keep absurd data off the pages and out of the scores.

SHACL checks each value's form; these check its size and meaning. Imprisonment of 10^12
months was shown on the penalties page and counted as a serious crime; a citation
with a right-to-left override displays as something other than what it is.
"""

from __future__ import annotations

import decimal

from rdflib import Literal, URIRef

from .buildable import problem
from .derive import months
from .namespaces import ELI, WLX
from .problems import Problem
from .turtle import TurtleFile

# The longest fixed prison term any law sets is far below this; longer is a typo
# (months written as years) or life imprisonment, which has its own property.
MAX_PRISON_MONTHS = 100 * 12
# Larger than any statutory fine in any currency (the largest are in the 10^12 range
# of weak currencies); a larger number is a typo.
MAX_FINE = decimal.Decimal(10) ** 15

# Invisible characters that reorder or hide text (Trojan Source, CVE-2021-42574):
# never in a corpus file.
HIDDEN = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200B,
                          *range(0x2060, 0x2065), 0xFEFF, 0x180E)}
# Direction marks and joiners that right-to-left and Indic scripts need in running text
# (a title or an excerpt in Persian), but that have no place in a citation or a code.
MARKS = {"\u200e", "\u200f", "\u061c", "\u200c", "\u200d"}
ORDERED = {"amends": "eli:amends (or wlx:amendedBy)", "supersedes": "wlx:supersedes"}


def check_plausible(files: list[TurtleFile], links: dict[str, dict[str, set[str]]]) -> list[Problem]:
    """`links` holds, per relation, each corpus IRI's successors across the whole corpus
    (see `links_of`), so that a cycle through other files is found."""
    problems = []
    for tf in files:
        if tf.statements == 0:
            problems.append(Problem(tf.display, 1, 1,
                "the file states nothing (it is empty or holds only comments) — describe "
                "the instrument, or delete the file"))
            continue
        problems += _prison_terms(tf) + _fines(tf) + _hidden_characters(tf) + _cycles(tf, links)
    return problems


def _prison_terms(tf: TurtleFile) -> list[Problem]:
    problems = []
    for predicate in (WLX.maxImprisonment, WLX.minImprisonment):
        for penalty, value in tf.graph.subject_objects(predicate):
            term = months(str(value))
            if term is not None and term > MAX_PRISON_MONTHS:
                problems.append(problem(tf, penalty, predicate,
                    f'wlx:{predicate.split("#")[-1]} "{str(value)[:30]}" is longer than '
                    f"{MAX_PRISON_MONTHS // 12} years — check the number; for life "
                    "imprisonment write wlx:lifeImprisonment true"))
    return problems


def _fines(tf: TurtleFile) -> list[Problem]:
    problems = []
    for predicate in (WLX.maxFine, WLX.minFine):
        for penalty, value in tf.graph.subject_objects(predicate):
            try:
                amount = decimal.Decimal(str(value))
            except decimal.InvalidOperation:
                continue  # not a number: SHACL says so
            if amount.is_finite() and amount > MAX_FINE:
                problems.append(problem(tf, penalty, predicate,
                    f"wlx:{predicate.split('#')[-1]} {amount:.3G} is above 10^15 — "
                    "no law sets such a fine; check the number of digits"))
    return problems


def _hidden_characters(tf: TurtleFile) -> list[Problem]:
    problems = []
    for subject, predicate, value in tf.graph:
        text = str(value)
        if not isinstance(value, (Literal, URIRef)):
            continue
        running_text = isinstance(value, Literal) and value.language is not None
        found = sorted({c for c in text if c in HIDDEN or (c in MARKS and not running_text)})
        if found:
            shown = ", ".join(f"U+{ord(c):04X}" for c in found)
            problems.append(problem(tf, subject, predicate,
                f"the value holds invisible characters that change how text displays "
                f"({shown}) — delete them; type the text again if need be"))
    return problems


def links_of(quads) -> list[list[str]]:
    """[relation, from, to] for each statement that orders two corpus resources in time."""
    out = []
    for quad in quads:
        predicate = quad.predicate.value
        if predicate == str(ELI.amends):
            out.append(["amends", quad.subject.value, quad.object.value])
        elif predicate == str(WLX.amendedBy):  # X amendedBy Y: Y amends X
            out.append(["amends", quad.object.value, quad.subject.value])
        elif predicate == str(WLX.supersedes):
            out.append(["supersedes", quad.subject.value, quad.object.value])
    return out


def _cycles(tf: TurtleFile, links: dict[str, dict[str, set[str]]]) -> list[Problem]:
    problems = []
    for predicate in (ELI.amends, WLX.amendedBy, WLX.supersedes):
        relation = "supersedes" if predicate == WLX.supersedes else "amends"
        for subject, value in tf.graph.subject_objects(predicate):
            start, end = (value, subject) if predicate == WLX.amendedBy else (subject, value)
            path = _path(links.get(relation, {}), str(end), str(start))
            if path is not None:
                if str(start) == str(end):
                    message = (f"{ORDERED[relation]} makes <{start}> amend or replace itself "
                               "— remove that statement")
                else:
                    chain = " → ".join(f"<{iri}>" for iri in [str(start), *path])
                    message = (f"{ORDERED[relation]} closes a cycle: {chain} — nothing amends "
                               "or replaces itself, even through others; remove the link "
                               "that goes back")
                problems.append(problem(tf, subject, predicate, message))
    return problems


def _path(successors: dict[str, set[str]], start: str, goal: str) -> list[str] | None:
    """The IRIs from `start` to `goal` following `successors`, or None."""
    seen, frontier = {start: None}, [start]
    while frontier:
        node = frontier.pop()
        if node == goal:
            path = []
            while node is not None:
                path.append(node)
                node = seen[node]
            return path[::-1]
        for following in sorted(successors.get(node, ())):
            if following not in seen:
                seen[following] = node
                frontier.append(following)
    return None
