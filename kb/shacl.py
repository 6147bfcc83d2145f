"""The SHACL engine, chosen in one place.

pyshacl-turbo (a Rust engine with pySHACL's `validate` signature) gives the same
findings as pyshacl on the broken files of tests/data/invalid/ and on the benchmark
corpus, many times faster; tests/test_validate.py keeps pyshacl as the reference and
fails on any disagreement. They disagree on one kind of shape, which stays on pyshacl:
a number or duration too large for rdflib (a fine of 10^41, a term of 10^20 years) is
ill-typed for pyshacl and not for pyshacl-turbo, so the property shapes of the paths in
ON_PYSHACL run on pyshacl (check_plausible gives those values their precise message).
"""

from __future__ import annotations

import warnings
from functools import lru_cache

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH

# Which engine `validation_report` uses; the differential test sets it to "pyshacl".
ENGINE = "pyshacl-turbo"
WLX = "https://w3id.org/wildlex/ontology#"
ON_PYSHACL = frozenset(URIRef(WLX + name) for name in
                       ("maxFine", "minFine", "maxImprisonment", "minImprisonment"))
# What a node shape keeps when only some of its property shapes are run: its targets.
TARGETS = (RDF.type, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
           SH.property)


class EngineFailure(Exception):
    """The SHACL engine could not run the shapes (a fault of ontology/shapes.ttl, not of a file)."""


def validation_report(data: Graph, shapes: Graph) -> Graph | None:
    """The SHACL validation report of `data` against `shapes`, or None when it conforms.

    `data` may be changed in place (no copy of it is made)."""
    if ENGINE == "pyshacl":
        return _report("pyshacl", data, shapes)
    turbo, kept = _engines(shapes)
    reports = [r for r in (_turbo_report(turbo, data), _report("pyshacl", data, kept))
               if r is not None]
    if not reports:
        return None
    merged = Graph()
    for report in reports:
        merged += report
    return merged


def split_shapes(shapes: Graph) -> tuple[Graph, Graph]:
    """(the shapes without the property shapes of ON_PYSHACL's paths; those alone, under
    the targets of the node shapes that hold them). A property shape no shape points at
    checks nothing, so each is left in the graph that does not use it."""
    chosen = {ps for ps in shapes.objects(None, SH.property) if shapes.value(ps, SH.path) in ON_PYSHACL}
    holders = {node for node, ps in shapes.subject_objects(SH.property) if ps in chosen}
    targeted = set(shapes.subjects(RDF.type, SH.NodeShape))
    for target in TARGETS[1:-1]:
        targeted |= set(shapes.subjects(target, None))
    rest, alone = Graph(), Graph()
    for triple in shapes:
        node, predicate, value = triple
        if predicate == SH.property and value in chosen:
            # A stand-in with the path alone: it checks nothing, and a closed shape
            # still allows the property.
            stand_in = BNode()
            rest.add((node, SH.property, stand_in))
            rest.add((stand_in, SH.path, shapes.value(value, SH.path)))
        else:
            rest.add(triple)
        if node in targeted and (node not in holders or predicate not in TARGETS):
            continue  # other shapes, and a holder's own constraints (sh:closed …): in `rest`
        if predicate == SH.property and value not in chosen:
            continue
        alone.add(triple)
    return rest, alone


@lru_cache(maxsize=2)
def _engines(shapes: Graph):
    """The shapes split between the engines (split_shapes), pyshacl-turbo's compiled: the
    same shapes check every file of a validation, and the preview's worker validates at
    every save (splitting and compiling them took a fifth of checking one file)."""
    from pyshacl_turbo import ValidationFailure, compile_shapes

    turbo, kept = split_shapes(shapes)
    try:
        return compile_shapes(turbo), kept
    except (ValidationFailure, RuntimeError) as failure:
        raise _failed(failure) from None


def _turbo_report(compiled, data: Graph) -> Graph | None:
    """pyshacl-turbo's report, as its `validate` gives it (literals normalised), from the
    compiled shapes."""
    from pyshacl_turbo import ValidationFailure

    try:
        conforms, results, _ = compiled.validate(data, inplace=True, allow_warnings=True,
                                                 _normalize_report_literals=True)
    except (ValidationFailure, RuntimeError) as failure:
        raise _failed(failure) from None
    return None if conforms else results


def _failed(failure: Exception) -> EngineFailure:
    return EngineFailure(f"ontology/shapes.ttl: the SHACL engine {ENGINE} failed: {failure}")


def _report(engine: str, data: Graph, shapes: Graph) -> Graph | None:
    if engine == "pyshacl":
        from pyshacl import validate

        with warnings.catch_warnings():
            # rdflib warns when sh:lessThanOrEquals compares an ill-typed date; that value
            # is reported with its line by the datatype check anyway.
            warnings.filterwarnings("ignore", "NotImplemented should not be used in a boolean context",
                                    DeprecationWarning)
            conforms, results, _ = validate(data, shacl_graph=shapes, inference="none",
                                            allow_warnings=True, inplace=True)
    else:
        from pyshacl_turbo import validate

        conforms, results, _ = validate(data, shacl_graph=shapes, inference="none",
                                        allow_warnings=True, inplace=True)
    if not isinstance(results, Graph):
        # pyshacl-turbo returns its failure in place of a report graph.
        raise EngineFailure(f"ontology/shapes.ttl: the SHACL engine {engine} failed: {results}")
    return None if conforms else results
