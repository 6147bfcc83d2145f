"""Exports: the flat CSV table, and the dataset in Turtle, N-Quads or JSON-LD."""

from __future__ import annotations

import pyoxigraph as ox

from .errors import WildlexError
from .output import render
from .project import Project
from .questions import ask
from .sparql import LocalSource

DATASET_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nq": ox.RdfFormat.N_QUADS,
                   "jsonld": ox.RdfFormat.JSON_LD}


def export_table(project: Project, source, as_of: str) -> str:
    return render(ask(project, source, "export", {"asOf": as_of}), "csv", sort_rows=True)


def export_dataset(source, fmt: str) -> str:
    """Every named graph (N-Quads keeps them; Turtle and JSON-LD merge them)."""
    if not isinstance(source, LocalSource):
        raise WildlexError("a dataset export reads the local knowledge base — leave out "
                           "--endpoint, or use the endpoint's own dump")
    store = source.store
    quads = sorted(store.quads_for_pattern(None, None, None, None), key=str)
    if DATASET_FORMATS[fmt].supports_datasets:
        return ox.serialize(quads, format=DATASET_FORMATS[fmt]).decode("utf-8")
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
    return ox.serialize(triples, format=DATASET_FORMATS[fmt]).decode("utf-8")
