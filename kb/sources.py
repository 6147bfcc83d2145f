"""Honest sources: review:checked_official only on an official publisher's site, and
excerpts free of the editorial marks of consolidations.

Each jurisdiction names its official publishers' hosts in its coverage file
(wlx:officialHost); an excerpt read anywhere else is a copy (review:checked_copy).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from .corpus import place_of
from .digests import file_digest, read_with_digest
from .namespaces import CODE, WLX
from .project import Project

CHECKED_OFFICIAL = URIRef(f"{CODE}review/checked_official")
_OFFICIAL_HOST = ox.NamedNode(str(WLX.officialHost))


# The hosts a coverage file declares, by the digest of its content: a build asks twice
# (the checks, the validation cache's key), the preview's worker at every save, and
# parsing the 200 coverage files took 13 ms each time.
_DECLARED: dict[str, list[str]] = {}


def official_hosts(project: Project) -> dict[str, list[str]]:
    """Jurisdiction folder code → the official hosts its coverage file declares."""
    global _DECLARED
    hosts: dict[str, list[str]] = {}
    declared: dict[str, list[str]] = {}
    for path in sorted(project.corpus_dir.glob("*/coverage.ttl")):
        try:
            digest = file_digest(path)  # (not read again while unchanged: digests.py)
            if digest not in _DECLARED:
                data, digest = read_with_digest(path)
                quads = ox.parse(data, format=ox.RdfFormat.TURTLE)
                _DECLARED[digest] = sorted({q.object.value for q in quads if q.predicate == _OFFICIAL_HOST})
        except (OSError, SyntaxError, ValueError):
            continue  # the file's own check reports it
        declared[digest] = _DECLARED[digest]
        hosts[path.parent.name] = list(declared[digest])  # (the cached list stays as read)
    _DECLARED = declared  # (those of the files there now)
    return hosts


def hosts_digest_input(project: Project) -> bytes:
    return json.dumps(official_hosts(project), sort_keys=True).encode()


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def unofficial_checked(graph: Graph, path, corpus_dir, hosts: dict[str, list[str]]) -> Iterator[tuple]:
    """(subject, message) for each fact marked checked_official whose source is not one
    of its jurisdiction's declared official hosts."""
    place = place_of(path, corpus_dir)
    if place is None:
        return
    declared = hosts.get(place.code, [])
    where = f"corpus/{place.code}/coverage.ttl"
    if place.is_platform:
        # A platform is the official publisher of its own policy: its file names its hosts.
        declared = sorted(str(h) for h in graph.objects(None, WLX.officialHost))
        where = f"corpus/{place.code}/{place.slug}.ttl"
    for subject in sorted(graph.subjects(WLX.reviewStatus, CHECKED_OFFICIAL)):
        if (subject, RDF.type, WLX.CodeMembership) in graph:
            continue  # read on the code of conduct's own site, its official publisher
        url = graph.value(subject, WLX.sourceUrl)
        if url is None:
            continue
        host = host_of(str(url))
        if host in declared:
            continue
        listed = ", ".join(declared) if declared else "none yet"
        yield subject, (
            f"review:checked_official but the excerpt was read on {host or str(url)}, which {where} "
            f"does not declare as an official publisher (wlx:officialHost: {listed}) — if the excerpt "
            "was read in a copy (SHERLOC, FAOLEX, a legal information institute, a law firm, GitHub) "
            f'write review:checked_copy; if {host} is the official publisher, add wlx:officialHost "{host}" '
            f"to {where}")


# Marks that consolidations add to the statute's words: legislation.gov.uk's F-notes
# ("[F27 years]"), textual-amendment brackets, and a missing space after a paragraph
# label where a footnote marker was dropped ("(b)on conviction").
_EDITORIAL = [
    (re.compile(r"\[?\b[FC]\d{1,3}\b"), "an annotation mark such as F27"),
    (re.compile(r"\[(?!(?:…|\.\.\.)\])|(?<!…)(?<!\.\.\.)\]"), "square brackets other than […]"),
    (re.compile(r"\([a-z]{1,4}\)(?!or\b|and\b)[a-z]{2,}"), "a paragraph label run into the next word"),
]


def editorial_marks(graph: Graph) -> Iterator[tuple]:
    """(subject, message) for each excerpt that carries an editorial mark."""
    for subject, excerpt in sorted(graph.subject_objects(WLX.excerpt)):
        if (subject, RDF.type, WLX.Provision) not in graph:
            continue
        text = str(excerpt)
        for pattern, what in _EDITORIAL:
            match = pattern.search(text)
            if match:
                yield subject, (
                    f"the excerpt holds {what} (\"{match.group(0)}\"), an editorial mark of a "
                    "consolidation rather than the statute's words — remove it and say so in wlx:reviewNote")
                break
