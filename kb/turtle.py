"""Read one contributor's Turtle file: encoding, syntax, and triples as an rdflib graph.

pyoxigraph parses (fast, with exact error positions); the triples are handed to
rdflib because pyshacl validates rdflib graphs.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from .positions import Positions, scan
from .problems import Problem
from .reading import Unreadable, read_contribution

# rdflib logs every ill-typed literal; SHACL reports them with a line and a fix.
logging.getLogger("rdflib.term").setLevel(logging.ERROR)

MAX_LITERAL = 20_000
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

_SYNTAX_HINTS = (
    ("dot is expected", "end the previous statement with ' .' (or continue it with ';')"),
    ("prefix", "declare the prefix at the top of the file, e.g. @prefix wlx: "
               "<https://w3id.org/wildlex/ontology#> . (`wildlex new` writes them all)"),
    ("unterminated", "close the string with the same quote that opened it"),
    ("string literal", "close the string on the same line with the quote that opened it, "
                       "or use \"\"\" … \"\"\" for text over several lines"),
    ("iri", "write web addresses between < and >, with no spaces"),
)


@dataclass
class TurtleFile:
    """A parsed file, or the problems that stopped it from parsing."""

    path: Path
    display: str
    graph: Graph | None = None
    positions: Positions = field(default_factory=Positions)
    problems: list[Problem] = field(default_factory=list)
    statements: int = 0  # as parsed, before any is set aside by a check


def to_rdflib(term):
    """An rdflib term for a pyoxigraph term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == XSD_STRING:
        return Literal(term.value)
    # As written: rdflib's canonical form drops a date's time zone ("2026-11-23Z" becomes
    # "2026-11-23") and rewrites durations; the build reads what was written.
    return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)


def read_turtle(path: Path, display: str) -> TurtleFile:
    """Parse `path`; problems name `display` with the line and a fix."""
    result = TurtleFile(path, display)
    try:
        data = read_contribution(path)
    except Unreadable as error:
        result.problems.append(Problem(display, 1, 1, str(error)))
        return result
    text, quads = _parse(data, result)
    if quads is None:
        return result
    graph = Graph(store=GRAPH_STORE)
    for quad in quads:
        value = to_rdflib(quad.object)
        if _malformed_number(quad.object):
            # rdflib reads "NaN"^^xsd:decimal as Decimal('NaN'), whose comparison in
            # pyshacl raised; as text, the datatype check reports it with its line.
            value = Literal(quad.object.value)
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), value))
    result.statements = len(quads)
    result.graph = graph
    result.positions = scan(text)
    _check_literal_sizes(graph, result)
    return result


# rdflib's store for one file's graph: a graph of triples needs no store of named graphs,
# and without one adding a triple (most of reading a file) is a quarter quicker. (The
# graph validation merges them into is pyshacl's, which needs one.)
GRAPH_STORE = "SimpleMemory"

XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBER_FORMS = {
    XSD + "decimal": re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"),
    **{XSD + name: re.compile(r"[+-]?\d+") for name in (
        "integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
        "negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt",
        "unsignedShort", "unsignedByte")},
}


def _malformed_number(term) -> bool:
    """A decimal or integer literal whose text XSD does not allow (NaN, INF, 1e3)."""
    if not isinstance(term, ox.Literal):
        return False
    form = _NUMBER_FORMS.get(term.datatype.value)
    return form is not None and not form.fullmatch(term.value)


def parse_quads(data: bytes, display: str) -> list[ox.Quad] | None:
    """The quads of a file, or None when it does not decode or parse (`read_turtle`
    says why). Several times quicker than `read_turtle`: no rdflib graph, no positions."""
    return _parse(data, TurtleFile(Path(display), display))[1]


def _parse(data: bytes, result: TurtleFile) -> tuple[str | None, list[ox.Quad] | None]:
    text = _decode(data, result)
    if text is None:
        return None, None
    try:
        return text, list(ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=None))
    except MemoryError:  # a token over the parser's 16 MiB buffer
        result.problems.append(Problem(result.display, 1, 1,
            "a text in this file is too long for the Turtle parser — quote a short excerpt"))
        return text, None
    except SyntaxError as error:
        line, column = error.lineno or 1, error.offset or 1
        result.problems.append(Problem(result.display, line, column, _syntax_message(error.msg)))
        return text, None


def _decode(data: bytes, result: TurtleFile) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        result.problems.append(Problem(result.display, 1, 1,
            "the file starts with a byte-order mark — save it as UTF-8 without BOM"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        result.problems.append(Problem(result.display, line, column,
            f"byte 0x{data[error.start]:02x} is not UTF-8 — save the file as UTF-8"))
        return None
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        result.problems.append(Problem(result.display, line, 1,
            "the line ends with a carriage return (Windows line endings) — "
            "save the file with LF line endings"))
        return None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        result.problems.append(Problem(result.display, line, 1,
            "the file contains a NUL character — remove it"))
        return None
    return text


def _syntax_message(message: str) -> str:
    message = re.sub(r"^Parser error at line \d+ (?:between columns \d+ and \d+|column \d+): ", "",
                     message)
    message = message.rstrip(".")
    lower = message.lower()
    for needle, hint in _SYNTAX_HINTS:
        if needle in lower:
            return f"Turtle syntax error: {message} — {hint}"
    return f"Turtle syntax error: {message} — compare with the skeleton that `wildlex new` writes"


def _check_literal_sizes(graph: Graph, result: TurtleFile) -> None:
    for subject, predicate, value in graph:
        if isinstance(value, Literal) and len(value) > MAX_LITERAL:
            line, column = result.positions.of(str(subject), str(predicate)) or (1, 1)
            result.problems.append(Problem(result.display, line, column,
                f"a text of {len(value):,} characters is far too long — "
                f"quote a short excerpt (at most {MAX_LITERAL:,} characters)"))
