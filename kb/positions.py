"""Where each subject and each of its predicates stands in a Turtle file.

RDF parsers keep no source positions, yet a contributor needs `file:line:col`
for every SHACL finding. This scanner reads the statement structure of a file
that already parsed, resolving prefixed names, and records the first position of
each top-level subject and of each (subject, predicate) pair.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<long_string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*''')
  | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<directive>@prefix|@base|(?i:PREFIX|BASE)(?=\s))
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<datatype_mark>\^\^)
  | (?P<bnode>_:[^\s;,.\[\]()]+(?:\.[^\s;,.\[\]()]+)*)
  | (?P<punct>[.;,\[\]()])
  | (?P<name>[^\s;,\[\]()"'<>#]+(?<!\.))
    """,
    re.VERBOSE,
)


@dataclass
class Positions:
    """First (line, column) of each subject and (subject, predicate), 1-based."""

    subjects: dict[str, tuple[int, int]] = field(default_factory=dict)
    predicates: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)

    def of(self, subject: str, predicate: str | None = None) -> tuple[int, int] | None:
        if predicate is not None and (subject, predicate) in self.predicates:
            return self.predicates[(subject, predicate)]
        return self.subjects.get(subject)


def scan(text: str, base: str = "") -> Positions:
    """Index the subjects and predicates of Turtle `text`."""
    positions = Positions()
    prefixes: dict[str, str] = {}
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def where(offset: int) -> tuple[int, int]:
        lo, hi = 0, len(line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, offset - line_starts[lo] + 1

    def resolve(kind: str, value: str) -> str | None:
        if kind == "iri":
            return urljoin(base, value[1:-1]) if base else value[1:-1]
        if kind == "name":
            if value == "a":
                return RDF_TYPE
            prefix, colon, local = value.partition(":")
            if colon and prefix in prefixes:
                return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
        return None

    tokens = [(m.lastgroup, m.group(), m.start()) for m in _TOKEN.finditer(text)]
    tokens = [t for t in tokens if t[0] not in ("ws", "comment")]
    depth = 0
    state = "subject"
    subject: str | None = None
    i = 0
    while i < len(tokens):
        kind, value, offset = tokens[i]
        if depth == 0 and state == "subject" and kind == "directive":
            keyword = value.lower().lstrip("@")
            if keyword == "prefix" and i + 2 < len(tokens):
                prefixes[tokens[i + 1][1].rstrip(":")] = resolve("iri", tokens[i + 2][1]) or ""
                i += 3
            elif keyword == "base" and i + 1 < len(tokens):
                base = resolve("iri", tokens[i + 1][1]) or base
                i += 2
            else:
                i += 1
            if i < len(tokens) and tokens[i][1] == "." and value.startswith("@"):
                i += 1
            continue
        if kind == "punct" and value in "[(":
            if depth == 0 and state == "subject":
                subject, state = None, "predicate"
            depth += 1
        elif kind == "punct" and value in "])":
            depth -= 1
        elif depth > 0:
            pass
        elif state == "subject":
            subject = resolve(kind, value)
            if subject is not None:
                positions.subjects.setdefault(subject, where(offset))
            state = "predicate"
        elif state == "predicate":
            if kind == "punct" and value == ".":
                state = "subject"
            elif kind != "punct":
                predicate = resolve(kind, value)
                if subject is not None and predicate is not None:
                    positions.predicates.setdefault((subject, predicate), where(offset))
                state = "object"
        elif kind == "punct" and value == ";":
            state = "predicate"
        elif kind == "punct" and value == ".":
            state = "subject"
        i += 1
    return positions
