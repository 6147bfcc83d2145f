"""The SHACL engine, chosen in one place.

pyshacl-turbo (a Rust engine with pySHACL's `validate` signature) gives the same
findings as pyshacl on every broken file of tests/data/invalid/ and on the benchmark
corpus, many times faster; tests/test_validate.py keeps pyshacl as the reference and
fails on any disagreement. pyshacl is then needed by the tests only.
"""

from __future__ import annotations

import warnings

from rdflib import Graph

# Which engine `validation_report` uses; the differential test sets it to "pyshacl".
ENGINE = "pyshacl-turbo"


class EngineFailure(Exception):
    """The SHACL engine could not run the shapes (a fault of ontology/shapes.ttl, not of a file)."""


def validation_report(data: Graph, shapes: Graph) -> Graph | None:
    """The SHACL validation report of `data` against `shapes`, or None when it conforms.

    `data` may be changed in place (no copy of it is made)."""
    if ENGINE == "pyshacl":
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
        raise EngineFailure(f"ontology/shapes.ttl: the SHACL engine {ENGINE} failed: {results}")
    return None if conforms else results
