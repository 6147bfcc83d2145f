"""Validate corpus files: syntax, layout, vocabulary, cross-file links, SHACL.

Every problem is a `Problem` with the file, line and column and a message that
says what to do. Validation always considers the whole corpus (links cross files)
but reports only on the files asked for.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from .buildable import check_buildable
from .corpus import place_of
from .derive import months
from .namespaces import ID, RDF, SH, WLX, WLXSH
from .ontology import class_statements, declared_terms, is_own_vocabulary, load_ontology, qname
from .parallel import cores, fork_map
from .plausible import check_plausible
from .problems import Problem
from .project import Project
from .reading import MAX_STATEMENTS, Unreadable, contribution_digest, read_contribution, too_many_statements
from .shacl import validation_report
from .shapes import country_codes, currency_codes, load_shapes
from .sources import editorial_marks, official_hosts, unofficial_checked
from .turtle import TurtleFile, parse_quads, read_turtle
from .validation_cache import Summary, ValidationCache, context_digest, digest
from .versions import overlapping_versions, unclosed_supersessions


@dataclass
class Report:
    files: list[str]
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def validate_corpus(project: Project, paths: list[Path] | None = None) -> Report:
    """Check the corpus; report problems found in `paths` (all files by default).

    Files unchanged since they last validated cleanly are not parsed again (see
    validation_cache); the checks that cross files use their summaries.
    """
    cache = ValidationCache(project)
    corpus, digests, contents, unreadable = _read_corpus(project)
    summaries = {name: s for name in corpus
                 if (s := cache.fresh(name, digests[name])) is not None}
    changed = [name for name in sorted(corpus) if name not in summaries]
    for name in list(changed):
        if name not in contents:  # (not read this time: its digest was known)
            try:
                contents[name] = read_contribution(corpus[name], project.corpus_dir)
                digests[name] = digest(contents[name])  # (as read now)
            except Unreadable as error:  # (made unreadable since its digest was taken)
                unreadable.append(Problem(name, 1, 1, str(error)))
                changed.remove(name)
                del corpus[name]
    # Every check needs to know what each file defines, so the changed files are
    # summarised first from a quick parse; the full reading (rdflib, positions) is done
    # later by the processes that check each file.
    for name in list(changed):
        quads = parse_quads(contents[name], name)
        if quads is not None and len(quads) > MAX_STATEMENTS:
            # Refused before the costly checks, whose time and memory grow with it.
            unreadable.append(Problem(name, 1, 1, too_many_statements(len(quads))))
            changed.remove(name)
            del corpus[name]
        elif quads is not None:
            place = place_of(corpus[name], project.corpus_dir)
            summaries[name] = Summary.of(digests[name], _kept(quads, place))
    del contents
    # A file that did not change can still break: an IRI it uses may have gone, or a
    # changed file may now define one of its IRIs first. Those files are read again.
    definers = _definers(corpus, summaries)
    # What each file's SHACL result depends on outside it, worked out once for both uses.
    contexts = {name: context_digest(summary, summaries, definers)
                for name, summary in summaries.items()}
    checked = changed + [name for name in sorted(corpus) if name not in changed
                         and _implicated(summaries[name], name, definers, contexts[name])]
    rules = Rules.of(project)
    problems = _check_spread(sorted(checked), (project, corpus, rules, summaries, definers))
    problems += unreadable
    warnings = [p for p in problems if p.severity == "warning"]
    problems = [p for p in problems if p.severity != "warning"]
    # A file with warnings is checked again next time, so that they are shown again.
    failing = {p.path for p in problems + warnings}
    clean = {name: summaries[name] for name in corpus if name in summaries and name not in failing}
    for name, summary in clean.items():
        summary.context = contexts[name]
    cache.save(clean)
    wanted = {project.display(p) for p in _expand(paths)} if paths else None
    selected = [name for name in sorted(corpus) if wanted is None or name in wanted]
    chosen = sorted({p for p in problems if wanted is None or p.path in wanted})
    warned = sorted({p for p in warnings if wanted is None or p.path in wanted})
    return Report(selected, chosen, warned)


def _read_corpus(project: Project):
    """The corpus files ({name: path}), their digests, the bytes of those read to know it
    (see digests.py), and a problem for each path that is not a regular file inside
    corpus/ of a bounded size (left out of every check)."""
    corpus, digests, contents, unreadable = {}, {}, {}, []
    for path in project.corpus_files():
        name = project.display(path)
        try:
            digests[name], data = contribution_digest(path, project.corpus_dir)
        except Unreadable as error:
            unreadable.append(Problem(name, 1, 1, str(error)))
            continue
        corpus[name] = path
        if data is not None:
            contents[name] = data
    for path in project.corpus_dir.rglob("*"):  # rglob does not enter linked folders
        if path.is_symlink() and path.is_dir():
            unreadable.append(Problem(project.display(path), 1, 1,
                "a symbolic link to a folder — its files are not read; put the folder "
                "itself in corpus/"))
    return corpus, digests, contents, unreadable


@dataclass
class Rules:
    """What every file is checked against."""

    ontology: Graph
    vocabulary: set[str]
    shapes: Graph
    official_hosts: dict[str, list[str]]

    @classmethod
    def of(cls, project: Project) -> Rules:
        ontology = load_ontology(project)
        return cls(ontology, declared_terms(ontology), load_shapes(project), official_hosts(project))


def _kept(quads, place):
    """The quads left once the layout check has set aside subjects the file may not
    define (they are reported, and kept out of the checks of other files)."""
    if place is None:
        return quads
    return [q for q in quads if not isinstance(q.subject, ox.NamedNode) or place.owns(q.subject.value)]


# Files per task when checking is spread over processes: small enough to keep each
# process's graphs small, large enough that pyshacl's start-up cost does not show.
FILES_PER_TASK = 100
# Below this many files one process is quicker than starting others.
SPREAD_ABOVE = 40


def _check_spread(names: list[str], context) -> list[Problem]:
    """Check the files `names`: in one forked process per core for many files (pyshacl
    and rdflib are single-threaded), each reading and checking a group of files with
    the summaries of all the others (as a file validated alone from the cache is)."""
    if cores() < 2 or len(names) <= SPREAD_ABOVE:
        return _check_files(context, names)
    tasks = max(cores(), -(-len(names) // FILES_PER_TASK))
    groups = [names[i::tasks] for i in range(tasks)]
    found = fork_map(_check_files, context, groups)
    return [problem for problems in found for problem in problems]


def _check_files(context, names: list[str]) -> list[Problem]:
    """Every check of the files `names`, read in full here."""
    project, corpus, rules, summaries, definers = context
    files = [read_turtle(corpus[name], name) for name in names]
    problems: list[Problem] = [p for tf in files for p in tf.problems]
    parsed = [tf for tf in files if tf.graph is not None]
    problems += _check_layout(project, parsed)
    problems += _check_duplicates(parsed, definers)
    problems += _check_placeholders(parsed)
    problems += _check_vocabulary(parsed, rules.vocabulary)
    problems += _check_codes(parsed, rules.shapes)
    # A file that does not parse defines nothing this time: the links to what it would
    # define are not reported again, its syntax error says what to fix.
    unparsed = [place for name in corpus if name not in summaries
                and (place := place_of(corpus[name], project.corpus_dir)) is not None]
    problems += _check_links(parsed, definers, unparsed)
    problems += _check_shapes(parsed, rules.ontology, rules.shapes, summaries, definers,
                              rules.vocabulary)
    problems += _check_prison_terms(parsed)
    problems += _check_versions(parsed)
    problems += _check_sources(project, parsed, rules.official_hosts)
    problems += check_buildable(project, parsed)
    problems += check_plausible(parsed, _links(summaries))
    return problems


def _links(summaries) -> dict[str, dict[str, set[str]]]:
    """{relation: {IRI: the IRIs it amends or supersedes}} across the corpus."""
    links: dict[str, dict[str, set[str]]] = {}
    for summary in summaries.values():
        for relation, first, second in summary.links:
            links.setdefault(relation, {}).setdefault(first, set()).add(second)
    return links


def _definers(corpus, summaries) -> dict[str, str]:
    """The first file, in path order, that defines each subject IRI."""
    definers: dict[str, str] = {}
    for name in sorted(corpus):
        for iri in summaries[name].defines if name in summaries else ():
            definers.setdefault(iri, name)
    return definers


def _implicated(summary: Summary, name: str, definers: dict[str, str], context: str) -> bool:
    """Whether a file that did not change must be checked again: another file defines one
    of its IRIs first, or what it refers to changed type (`context`: its context now)."""
    return any(definers[iri] != name for iri in summary.defines) or summary.context != context


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
                "ISO 3166 code (or eu) and <slug> lower-case letters, digits and hyphens, "
                "or a platform's policies in corpus/platforms/<slug>.ttl — "
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


def _check_duplicates(files: list[TurtleFile], definers: dict[str, str]) -> list[Problem]:
    problems = []
    for tf in files:
        for subject in sorted({s for s in tf.graph.subjects() if isinstance(s, URIRef)}, key=str):
            first = definers.get(str(subject), tf.display)
            if first != tf.display:
                line, column = _where(tf, subject)
                problems.append(Problem(tf.display, line, column,
                    f"<{subject}> is already defined in {first} — "
                    "keep one definition and refer to it from here"))
    return problems


def _check_codes(files: list[TurtleFile], shapes: Graph) -> list[Problem]:
    """ISO 3166 and ISO 4217 codes, against pycountry's lists. A set lookup here costs
    nothing; as SHACL sh:in lists they doubled the time of validating a large corpus."""
    problems = []
    for predicate, shape, known in ((WLX.code, WLXSH.JurisdictionCode, set(country_codes())),
                                    (WLX.currency, WLXSH.Currency, set(currency_codes()))):
        message = str(shapes.value(shape, SH.message))
        for tf in files:
            for subject, value in tf.graph.subject_objects(predicate):
                if isinstance(value, Literal) and str(value) not in known:
                    line, column = _where(tf, _anchor(tf.graph, subject),
                                          _anchor_predicate(tf.graph, subject, predicate))
                    problems.append(Problem(tf.display, line, column, f'{message} (found "{value}")'))
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


def _check_links(files: list[TurtleFile], owners: dict[str, str], unparsed=()) -> list[Problem]:
    problems = []
    for tf in files:
        for subject, predicate, value in tf.graph:
            if (isinstance(value, URIRef) and str(value).startswith(str(ID))
                    and str(value) not in owners
                    and not any(place.owns(str(value)) for place in unparsed)):
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


def _check_shapes(files, ontology, shapes, summaries, definers, vocabulary) -> list[Problem]:
    """SHACL over the files read this time. The resources they refer to in other files
    are represented by their types alone, which is all sh:class needs."""
    data = Graph()  # (pyshacl needs a store of named graphs)
    for tf in files:
        data += tf.graph
    data += class_statements(ontology)  # so that sh:class can see the code lists' types
    read = {tf.display for tf in files}
    for tf in files:
        for iri in summaries[tf.display].refers:
            owner = definers.get(iri)
            if owner is not None and owner not in read:
                for kind in summaries[owner].types.get(iri, ()):
                    data.add((URIRef(iri), RDF.type, URIRef(kind)))
    owners: dict[str, TurtleFile] = {}
    for tf in files:
        for subject in tf.graph.subjects():
            if isinstance(subject, URIRef):
                owners.setdefault(str(subject), tf)
    results = validation_report(data, shapes)
    if results is None:
        return []
    problems = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        if _reported_elsewhere(value, path, definers, vocabulary):
            continue
        anchor = _anchor(data, focus)
        tf = owners.get(str(anchor))
        if tf is None:
            continue
        # A node shape, or a property shape over several properties, may name the one
        # whose line a finding points at.
        path = shapes.value(results.value(result, SH.sourceShape), WLXSH.reportAt) or path
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


def _check_versions(files: list[TurtleFile]) -> list[Problem]:
    """Superseded versions closed, and one version of each thing in force at a time."""
    problems = []
    for tf in files:
        for newer, _older, message in unclosed_supersessions(tf.graph):
            line, column = _where(tf, newer, WLX.supersedes)
            problems.append(Problem(tf.display, line, column, message))
        for later, _earlier, message in overlapping_versions(tf.graph):
            line, column = _where(tf, later)
            problems.append(Problem(tf.display, line, column, message))
    return problems


def _check_sources(project: Project, files: list[TurtleFile], hosts) -> list[Problem]:
    """checked_official only on a declared official host; excerpts without editorial marks."""
    problems = []
    for tf in files:
        for subject, message in unofficial_checked(tf.graph, tf.path, project.corpus_dir, hosts):
            line, column = _where(tf, subject, WLX.reviewStatus)
            problems.append(Problem(tf.display, line, column, message))
        for subject, message in editorial_marks(tf.graph):
            line, column = _where(tf, subject, WLX.excerpt)
            problems.append(Problem(tf.display, line, column, message, "warning"))
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
