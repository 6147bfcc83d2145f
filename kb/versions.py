"""Versions in force one at a time: a superseded provision or penalty is closed, and no
two versions of the same thing are in force on the same day.

A provision's versions are those with the same citation in the same instrument, or
those linked by wlx:supersedes; a penalty's are the penalties of the same offence at
the same tier (kind, persons, aggravations, base) set by different provisions (one
provision's alternatives, such as on indictment and summarily, are not versions, nor
are undated penalties of distinct provisions, such as a base and a special tier); a unit
value's are the values of the same unit. Checked per file, where versions are written side by side.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from .namespaces import ELI, WLX

_ALWAYS = (dt.date.min, dt.date.max)


def interval(graph: Graph, node) -> tuple[dt.date, dt.date] | None:
    """The in-force interval of `node` (open ends as date.min / date.max), or None when a
    date is not a plain date (the datatype check reports that)."""
    ends = []
    for predicate, default in ((WLX.inForceFrom, dt.date.min), (WLX.inForceUntil, dt.date.max)):
        value = graph.value(node, predicate)
        if value is None:
            ends.append(default)
            continue
        parsed = value.toPython() if isinstance(value, Literal) else None
        if not isinstance(parsed, dt.date) or isinstance(parsed, dt.datetime):
            return None
        ends.append(parsed)
    return ends[0], ends[1]


def overlap(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _shown(span: tuple[dt.date, dt.date]) -> str:
    start = "open" if span[0] == dt.date.min else span[0].isoformat()
    end = "open" if span[1] == dt.date.max else span[1].isoformat()
    return f"{start} to {end}"


def unclosed_supersessions(graph: Graph) -> Iterator[tuple[URIRef, URIRef, str]]:
    """(newer, older, message) for each wlx:supersedes whose older version stays open or
    ends after the newer one starts."""
    for newer, older in sorted(graph.subject_objects(WLX.supersedes)):
        if (older, None, None) not in graph:
            continue  # defined in another file: checked there
        old_span, new_span = interval(graph, older), interval(graph, newer)
        if old_span is None or new_span is None:
            continue
        if old_span[1] == dt.date.max:
            start = graph.value(newer, WLX.inForceFrom)
            day_before = ((new_span[0] - dt.timedelta(days=1)).isoformat() if start is not None
                          else "YYYY-MM-DD")
            yield newer, older, (
                f"<{older}> is superseded by <{newer}> but stays in force — close it with "
                f'wlx:inForceUntil "{day_before}"^^xsd:date (the day before the newer version starts)')
        elif new_span[0] != dt.date.min and old_span[1] >= new_span[0]:
            yield newer, older, (
                f"<{older}> is in force until {old_span[1].isoformat()}, after <{newer}> which "
                f"supersedes it starts ({new_span[0].isoformat()}) — end the older version the day before")


def _provision_versions(graph: Graph) -> dict[tuple, list[URIRef]]:
    groups: dict[tuple, list[URIRef]] = defaultdict(list)
    for provision in graph.subjects(RDF.type, WLX.Provision):
        instrument, citation = graph.value(provision, ELI.is_part_of), graph.value(provision, WLX.citation)
        if instrument is not None and citation is not None:
            groups[("provision", instrument, str(citation).strip())].append(provision)
    return groups


def _penalty_versions(graph: Graph) -> dict[tuple, list[URIRef]]:
    groups: dict[tuple, list[URIRef]] = defaultdict(list)
    for penalty in graph.subjects(RDF.type, WLX.Penalty):
        tier = (graph.value(penalty, WLX.penaltyKind),
                frozenset(graph.objects(penalty, WLX.appliesTo)),
                frozenset(graph.objects(penalty, WLX.aggravation)),
                graph.value(penalty, WLX.basePenalty),
                # A confiscation-only penalty and a prison-or-fine penalty of the same
                # offence are two parts of one sentence, not two versions.
                graph.value(penalty, WLX.confiscation) is not None
                and not any((penalty, p, None) in graph for p in (
                    WLX.maxImprisonment, WLX.maxFine, WLX.minFine, WLX.lifeImprisonment,
                    WLX.imprisonmentFactor, WLX.imprisonmentIncrease, WLX.fineFactor)))
        for offence in graph.objects(penalty, WLX.penalises):
            groups[("penalty", offence, *tier)].append(penalty)
    return groups


def _same_citation(graph: Graph, first, second) -> bool:
    cite = [graph.value(graph.value(p, WLX.definedIn), WLX.citation) for p in (first, second)]
    return cite[0] is not None and cite[0] == cite[1]


def _unit_versions(graph: Graph) -> dict[tuple, list[URIRef]]:
    groups: dict[tuple, list[URIRef]] = defaultdict(list)
    for unit in graph.subjects(RDF.type, WLX.UnitValue):
        groups[("unit", str(graph.value(unit, WLX.fineUnit)))].append(unit)
    return groups


def overlapping_versions(graph: Graph) -> Iterator[tuple[URIRef, URIRef, str]]:
    """(later, earlier, message) for each pair of versions of one thing in force together."""
    related = set(graph.subject_objects(WLX.supersedes))
    for key, members in (_provision_versions(graph) | _penalty_versions(graph)
                         | _unit_versions(graph)).items():
        members = sorted(set(members))
        for i, first in enumerate(members):
            for second in members[i + 1:]:
                if (first, second) in related or (second, first) in related:
                    continue  # reported by unclosed_supersessions, with a sharper message
                if key[0] == "penalty" and graph.value(first, WLX.definedIn) == graph.value(
                        second, WLX.definedIn):
                    continue  # alternatives one provision states (on indictment, summarily...)
                a, b = interval(graph, first), interval(graph, second)
                if a is None or b is None or not overlap(a, b):
                    continue
                if key[0] == "penalty" and a == b == _ALWAYS and not _same_citation(graph, first, second):
                    continue  # undated penalties of distinct provisions: concurrent, not versions
                what = {"provision": "two versions of the same provision (same citation)",
                        "penalty": "two penalties of the same offence at the same tier",
                        "unit": "two values of the same statutory unit"}[key[0]]
                yield second, first, (
                    f"{what} are in force together: <{first}> ({_shown(a)}) and <{second}> "
                    f"({_shown(b)}) — close the older one with wlx:inForceUntil the day before the "
                    "newer one's wlx:inForceFrom (and link them with wlx:supersedes), or tell the "
                    "tiers apart with wlx:aggravation, wlx:appliesTo or a distinct citation")
