"""Validate corpus files: syntax, layout, vocabulary, cross-file links, SHACL.

Every problem is a `Problem` with the file, line and column and a message that
says what to do. Validation always reads the whole corpus (links cross files)
but reports only on the files asked for.
"""

from __future__ import annotations

import difflib
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, URIRef

from .corpus import place_of
from .derive import months
from .namespaces import ID, RDF, SH, WLX, WLXSH
from .ontology import declared_terms, is_own_vocabulary, load_ontology, qname
from .problems import Problem
from .project import Project
from .shapes import load_shapes
from .turtle import TurtleFile, read_turtle


@dataclass
class Report:
    files: list[TurtleFile]
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def validate_corpus(project: Project, paths: list[Path] | None = None) -> Report:
    """Check the corpus; report problems found in `paths` (all files by default)."""
    files = [read_turtle(p, project.display(p)) for p in project.corpus_files()]
    problems: list[Problem] = []
    for tf in files:
        problems += tf.problems
    parsed = [tf for tf in files if tf.graph is not None]
    problems += _check_duplicates(parsed)
    problems += _check_layout(project, parsed)
    owners = _owners(parsed)
    ontology = load_ontology(project)
    vocabulary = declared_terms(ontology)
    problems += _check_placeholders(parsed)
    problems += _check_vocabulary(parsed, vocabulary)
    problems += _check_links(parsed, owners)
    problems += _check_shapes(project, parsed, ontology, owners, vocabulary)
    problems += _check_prison_terms(parsed)
    wanted = {project.display(p) for p in _expand(paths)} if paths else None
    selected = [tf for tf in files if wanted is None or tf.display in wanted]
    chosen = sorted({p for p in problems if wanted is None or p.path in wanted})
    return Report(selected, chosen)


def _expand(paths: list[Path]) -> list[Path]:
    out = []
    for path in paths:
        out += sorted(path.rglob("*.ttl")) if path.is_dir() else [path]
    return out


def _where(tf: TurtleFile, subject, predicate=None) -> tuple[int, int]:
    return tf.positions.of(str(subject), None if predicate is None else str(predicate)) or (1, 1)


def _check_layout(project: Project, files: list[TurtleFile]) -> list[Problem]:
    problems = []
    for tf in files:
        place = place_of(tf.path, project.corpus_dir)
        if place is None:
            problems.append(Problem(tf.display, 1, 1,
                "corpus files go in corpus/<code>/<slug>.ttl, with <code> the lower-case "
                "ISO 3166 code (or eu) and <slug> lower-case letters, digits and hyphens — "
                "move or rename the file"))
            continue
        for subject in sorted(set(tf.graph.subjects()), key=str):
            if isinstance(subject, URIRef) and not place.owns(str(subject)):
                line, column = _where(tf, subject)
                problems.append(Problem(tf.display, line, column,
                    f"<{subject}> cannot be defined in this file — "
                    f"it may define only {place.expected()}"))
                # Quarantined: reported here, kept out of the checks of other files.
                tf.graph.remove((subject, None, None))
    return problems


def _owners(files: list[TurtleFile]) -> dict[str, TurtleFile]:
    """The first file that defines each subject IRI."""
    owners: dict[str, TurtleFile] = {}
    for tf in files:
        for subject in tf.graph.subjects():
            if isinstance(subject, URIRef):
                owners.setdefault(str(subject), tf)
    return owners


def _check_duplicates(files: list[TurtleFile]) -> list[Problem]:
    problems, seen = [], {}
    for tf in files:
        for subject in sorted({s for s in tf.graph.subjects() if isinstance(s, URIRef)}, key=str):
            first = seen.setdefault(str(subject), tf)
            if first is not tf:
                line, column = _where(tf, subject)
                problems.append(Problem(tf.display, line, column,
                    f"<{subject}> is already defined in {first.display} — "
                    "keep one definition and refer to it from here"))
    return problems


def _suggest(iri: str, vocabulary: set[str]) -> str:
    match = difflib.get_close_matches(iri, sorted(vocabulary), n=1, cutoff=0.8)
    return f"did you mean {qname(match[0])}?" if match else (
        "see the terms in ontology/ or CONTRIBUTING.md")


def is_placeholder(term) -> bool:
    return "TODO" in str(term)


def _check_placeholders(files: list[TurtleFile]) -> list[Problem]:
    """The skeleton of `wildlex new` fails validation until every TODO is replaced."""
    problems = []
    for tf in files:
        for subject, predicate, value in tf.graph:
            if is_placeholder(value):
                line, column = _where(tf, _anchor(tf.graph, subject),
                                      _anchor_predicate(tf.graph, subject, predicate))
                shown = qname(str(value)) if isinstance(value, URIRef) else f'"{value}"'
                problems.append(Problem(tf.display, line, column,
                    f"{qname(str(predicate))} still holds the placeholder {shown[:90]} — "
                    "replace it with the real value, or delete the line if the law says nothing"))
    return problems


def _check_vocabulary(files: list[TurtleFile], vocabulary: set[str]) -> list[Problem]:
    problems = []
    for tf in files:
        for subject, predicate, value in tf.graph:
            for term in (predicate, value):
                iri = str(term)
                if (isinstance(term, URIRef) and is_own_vocabulary(iri) and iri not in vocabulary
                        and not is_placeholder(term)):
                    line, column = _where(tf, _anchor(tf.graph, subject), _anchor_predicate(
                        tf.graph, subject, predicate))
                    problems.append(Problem(tf.display, line, column,
                        f"{qname(iri)} is not a Wildlex term — {_suggest(iri, vocabulary)}"))
    return problems


def _check_links(files: list[TurtleFile], owners: dict[str, TurtleFile]) -> list[Problem]:
    problems = []
    for tf in files:
        for subject, predicate, value in tf.graph:
            if (isinstance(value, URIRef) and str(value).startswith(str(ID))
                    and str(value) not in owners):
                line, column = _where(tf, _anchor(tf.graph, subject),
                                      _anchor_predicate(tf.graph, subject, predicate))
                problems.append(Problem(tf.display, line, column,
                    f"<{value}> is not defined in any corpus file — "
                    "check the spelling, or add the file that defines it"))
    return problems


def _anchor(graph: Graph, node):
    """The named subject whose statement contains `node` (nodes in [ ] have no line)."""
    seen = set()
    while isinstance(node, BNode) and node not in seen:
        seen.add(node)
        parent = next(graph.subjects(None, node), None)
        if parent is None:
            break
        node = parent
    return node


def _anchor_predicate(graph: Graph, subject, predicate):
    if not isinstance(subject, BNode):
        return predicate
    seen, node, last = set(), subject, predicate
    while isinstance(node, BNode) and node not in seen:
        seen.add(node)
        link = next(graph.subject_predicates(node), None)
        if link is None:
            break
        node, last = link
    return last


def _check_shapes(project, files, ontology, owners, vocabulary) -> list[Problem]:
    data = Graph()
    for tf in files:
        data += tf.graph
    data += ontology  # classes and code lists, so that sh:class can see concept types
    shapes = load_shapes(project)
    with warnings.catch_warnings():
        # rdflib warns when sh:lessThanOrEquals compares an ill-typed date; that value
        # is reported with its line by the datatype check anyway.
        warnings.filterwarnings("ignore", "NotImplemented should not be used in a boolean context",
                                DeprecationWarning)
        conforms, results, _ = shacl_validate(
            data, shacl_graph=shapes, inference="none", allow_warnings=True)
    if conforms:
        return []
    problems = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        if _reported_elsewhere(value, path, owners, vocabulary):
            continue
        anchor = _anchor(data, focus)
        tf = owners.get(str(anchor))
        if tf is None:
            continue
        if path is None:  # a node shape: point at the property it names, if any
            path = shapes.value(results.value(result, SH.sourceShape), WLXSH.reportAt)
        predicate = _anchor_predicate(data, focus, path) if isinstance(focus, BNode) else path
        line, column = _where(tf, anchor, predicate)
        problems.append(Problem(tf.display, line, column, _message(results, result, path, value)))
    return problems


def _check_prison_terms(files: list[TurtleFile]) -> list[Problem]:
    """Minimum no longer than maximum: SHACL cannot order xsd:duration values."""
    problems = []
    for tf in files:
        for penalty, shortest in tf.graph.subject_objects(WLX.minImprisonment):
            longest = tf.graph.value(penalty, WLX.maxImprisonment)
            low, high = months(str(shortest)), months(str(longest)) if longest else None
            if low is not None and high is not None and low > high:
                line, column = _where(tf, penalty, WLX.minImprisonment)
                problems.append(Problem(tf.display, line, column,
                    "wlx:minImprisonment is longer than wlx:maxImprisonment — swap them or correct one"))
    return problems


def _reported_elsewhere(value, path, owners, vocabulary) -> bool:
    """Placeholders, unknown terms and dangling links already have a more precise message."""
    if value is not None and is_placeholder(value):
        return True
    for term in (value, path):
        if isinstance(term, URIRef):
            iri = str(term)
            if is_own_vocabulary(iri) and iri not in vocabulary:
                return True
            if iri.startswith(str(ID)) and iri not in owners:
                return True
    return False


def _message(results: Graph, result, path, value) -> str:
    component = results.value(result, SH.sourceConstraintComponent)
    if component == SH.ClosedConstraintComponent:
        return (f"{qname(str(path))} is not a property of this kind of resource — "
                "check the spelling against ontology/shapes.ttl or CONTRIBUTING.md")
    message = str(results.value(result, SH.resultMessage) or "does not match the shape")
    focus = results.value(result, SH.focusNode)
    if value is not None and value != focus and not isinstance(value, BNode):
        shown = f'"{value}"' if isinstance(value, Literal) else qname(str(value))
        message = f"{message} (found {shown[:80]})"
    return message
