"""`wildlex fmt`: one canonical form for corpus Turtle, so that diffs stay small.

Prefixes sorted; the instrument (or jurisdiction) first, then subjects in natural
order (:s2 before :s10, :s92 before :s92-penalty); rdf:type first, then predicates
in the order ontology/shapes.ttl lists them; objects sorted. Each comment stays with
the statement or property it stands above. The result is parsed again and must be
isomorphic to the input, or nothing is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib.compare import isomorphic

from .errors import WildlexError
from .positions import _TOKEN, RDF_TYPE, scan
from .turtle import read_turtle

XSD = "http://www.w3.org/2001/XMLSchema#"
_PN_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$|^$")
_NUMBER = {XSD + "integer": re.compile(r"^[+-]?\d+$"), XSD + "decimal": re.compile(r"^[+-]?\d*\.\d+$")}


@dataclass
class Formatted:
    path: Path
    changed: bool


def predicate_order(shapes_text: str, prefixes: dict[str, str]) -> dict[str, list[str]]:
    """For each target class, its predicates in the order its node shape lists them:
    the reading order of a record."""
    def expand(name: str) -> str:
        prefix, local = name.split(":")
        return prefixes.get(prefix, "") + local

    named = {m[0]: m[1] for m in re.findall(
        r"(wlxsh:\w+) a sh:PropertyShape\s*;\s*sh:path\s+([\w-]+:[\w-]+)", shapes_text)}
    orders = {}
    blocks = re.split(r"\n(?=wlxsh:\w+ a sh:NodeShape)", shapes_text)
    for block in blocks:
        target = re.search(r"sh:targetClass\s+([\w-]+:[\w-]+)", block)
        if not target:
            continue
        order = []
        for match in re.finditer(r"sh:path\s+([\w-]+:[\w-]+)|(wlxsh:\w+)\s*[,;.]", block):
            name = match[1] or named.get(match[2])
            if name and expand(name) not in order:
                order.append(expand(name))
        orders.setdefault(expand(target[1]), order)  # the main shape of a class comes first
    return orders


def _natural(text: str) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


# The order of the properties of a topic review, as CONTRIBUTING.md writes them.
_NESTED_ORDER = {f"https://w3id.org/wildlex/ontology#{name}": rank for rank, name in enumerate(
    ("topic", "instrumentRead", "alsoRead", "finding"))}


class Writer:
    def __init__(self, prefixes: dict[str, str], nodes: dict | None = None):
        self.prefixes = prefixes
        self.nodes = nodes or {}  # blank node -> its predicates and objects

    def nested(self, node, depth: int) -> str:
        """A blank node used once, written in place as [ predicate object ; … ]."""
        properties = self.nodes.get(node.value)
        if properties is None:
            raise WildlexError("fmt writes a blank node only where it is used once, in [ ] — "
                               "name the resource")
        indent = "    " * (depth + 1)
        lines = [f"{self.iri(p)} {', '.join(sorted(self.term(o, depth + 1) for o in properties[p]))}"
                 for p in sorted(properties, key=lambda p: (p != RDF_TYPE, _NESTED_ORDER.get(p, 9), p))]
        return "[\n" + " ;\n".join(indent + line for line in lines) + "\n" + "    " * depth + "]"

    def iri(self, value: str) -> str:
        if value == RDF_TYPE:
            return "a"
        best = max((p for p, ns in self.prefixes.items() if value.startswith(ns)),
                   key=lambda p: len(self.prefixes[p]), default=None)
        if best is not None and _PN_LOCAL.match(value[len(self.prefixes[best]):]):
            return f"{best}:{value[len(self.prefixes[best]):]}"
        return f"<{value}>"

    def term(self, term, depth: int = 1) -> str:
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value)
        if isinstance(term, ox.BlankNode):
            return self.nested(term, depth)
        text = term.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        text = text.replace("\r", "\\r").replace("\t", "\\t")
        if term.language:
            return f'"{text}"@{term.language}'
        datatype = term.datatype.value
        if datatype == XSD + "string":
            return f'"{text}"'
        if datatype == XSD + "boolean" and term.value in ("true", "false"):
            return term.value
        if datatype in _NUMBER and _NUMBER[datatype].match(term.value):
            return term.value
        return f'"{text}"^^{self.iri(datatype)}'


def _comments(text: str) -> list[tuple[int, str, bool]]:
    """(line, comment text, alone on its line) for every comment in the file."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    out = []
    for match in _TOKEN.finditer(text):
        if match.lastgroup == "comment":
            line = next(i for i in range(len(starts) - 1, -1, -1) if starts[i] <= match.start())
            alone = not text[starts[line]: match.start()].strip()
            out.append((line + 1, match.group().rstrip(), alone))
    return out


def format_text(text: str, orders: dict[str, list[str]], main_subject: str | None = None) -> str:
    """The canonical form of Turtle `text` (which must already parse)."""
    triples = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    declared = dict(re.findall(r"@prefix\s+([\w-]*):\s*<([^>]*)>\s*\.", text))
    positions = scan(text)

    subjects: dict[str, dict[str, list]] = {}
    nodes: dict[str, dict[str, list]] = {}
    for t in triples:
        into = nodes if isinstance(t.subject, ox.BlankNode) else subjects
        into.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object)
    uses: dict[str, int] = {}
    for t in triples:
        if isinstance(t.object, ox.BlankNode):
            uses[t.object.value] = uses.get(t.object.value, 0) + 1
    if any(uses.get(node, 0) != 1 for node in nodes) or any(node not in nodes for node in uses):
        raise WildlexError("fmt writes a blank node only where it is used once, in [ ] — "
                           "name the resource")
    writer = Writer(declared, nodes)

    # Comments: the header (above the first directive) stays on top; every other one
    # belongs to the next subject or predicate below it.
    first_code_line = min([ln for ln, _ in positions.subjects.values()] or [1])
    directive_lines = [i + 1 for i, line in enumerate(text.splitlines())
                       if line.lstrip().lower().startswith(("@prefix", "@base", "prefix", "base"))]
    body_start = min(directive_lines + [first_code_line])
    located = ([((ln, col), ("s", s)) for s, (ln, col) in positions.subjects.items()] +
               [((ln, col), ("p", s, p)) for (s, p), (ln, col) in positions.predicates.items()])
    anchors = [(ln, key) for (ln, _), key in sorted(located, key=lambda item: item[0])]
    header, attached, trailing = [], {}, []
    for line, comment, alone in _comments(text):
        if line < body_start:
            header.append(comment)
            continue
        if not alone:
            before = [key for ln, key in anchors if ln <= line]
            attached.setdefault(before[-1] if before else ("end",), []).append(comment.strip())
            continue
        after = next((key for ln, key in anchors if ln > line), None)
        (attached.setdefault(after, []) if after else trailing).append(comment.strip())

    def subject_key(iri: str):
        return (iri != main_subject, _natural(iri))

    out = header[:] + ([""] if header else [])
    width = max((len(p) for p in declared), default=0) + 1
    out += [f"@prefix {(p + ':').ljust(width)} <{ns}> ." for p, ns in sorted(declared.items())]
    for subject in sorted(subjects, key=subject_key):
        out.append("")
        out += attached.get(("s", subject), [])
        types = sorted(o.value for o in subjects[subject].get(RDF_TYPE, []))
        order = next((orders[t] for t in types if t in orders), [])
        rank = {iri: i for i, iri in enumerate(order)}
        predicates = sorted(subjects[subject],
                            key=lambda p: (p != RDF_TYPE, rank.get(p, len(rank)), p))
        lines = []
        for predicate in predicates:
            terms = sorted({writer.term(o, 2) for o in subjects[subject][predicate]})
            objects = ", ".join(terms)
            if len(terms) > 1 and len(objects) > 80:  # a long list: one value per line
                objects = "\n        " + ",\n        ".join(terms)
            comments = attached.get(("p", subject, predicate), [])
            separator = "" if objects.startswith("\n") else " "
            lines.append((comments, f"{writer.iri(predicate)}{separator}{objects}"))
        if predicates[0] == RDF_TYPE:  # "<subject> a wlx:Offence ;" on one line
            out += lines[0][0]
            lines[0] = ([], f"{writer.iri(subject)} {lines[0][1]}")
        else:
            lines.insert(0, ([], writer.iri(subject)))
        for i, (comments, line) in enumerate(lines):
            indent = "" if i == 0 else "    "
            end = "" if i == 0 and predicates[0] != RDF_TYPE else (" ." if i == len(lines) - 1 else " ;")
            out += [indent + c for c in comments]
            out.append(f"{indent}{line}{end}")
    if trailing or ("end",) in attached:
        out += [""] + trailing + attached.get(("end",), [])
    return "\n".join(out) + "\n"


def format_file(project, path: Path, orders: dict[str, list[str]], check: bool) -> Formatted:
    """Rewrite `path` canonically (or, with `check`, only say whether it would change)."""
    from .corpus import place_of

    display = project.display(path)
    parsed = read_turtle(path, display)
    if parsed.problems:
        raise WildlexError(f"{parsed.problems[0]} (fmt rewrites only files that parse)")
    text = path.read_text(encoding="utf-8")
    place = place_of(path, project.corpus_dir)
    formatted = format_text(text, orders, place.namespace if place else None)
    again = read_turtle_text(formatted, display)
    if not isomorphic(parsed.graph, again):
        raise WildlexError(f"{display}: formatting would change the data, so nothing was written "
                           "— please report this file")
    changed = formatted != text
    if changed and not check:
        from .files import write_atomically

        write_atomically(path, formatted.encode("utf-8"))
    return Formatted(path, changed)


def read_turtle_text(text: str, display: str):
    from rdflib import Graph

    from .turtle import to_rdflib

    graph = Graph()
    for t in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE):
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return graph
