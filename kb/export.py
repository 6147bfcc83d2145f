"""Exports: the flat CSV table, and the dataset in Turtle, N-Quads or JSON-LD."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .errors import WildlexError
from .output import render
from .project import Project
from .questions import ask
from .sparql import Answer, LocalSource

DATASET_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nq": ox.RdfFormat.N_QUADS,
                   "jsonld": ox.RdfFormat.JSON_LD}


def export_table(project: Project, source, as_of: str) -> str:
    """The flat table: the law's rows (queries/export.rq), then the platforms' policies'
    (queries/policy-export.rq, kinds of their own), in the law's columns plus the
    policies' own at the end."""
    law = ask(project, source, "export", {"asOf": as_of})
    policies = ask(project, source, "policy-export", {"asOf": as_of})
    columns = law.columns + [c for c in policies.columns if c not in law.columns]
    first = render(_in_columns(law, columns), "csv", sort_rows=True)
    then = render(_in_columns(policies, columns), "csv", sort_rows=True)
    return first + then.split("\n", 1)[1]  # its header is the first's


def _in_columns(answer: Answer, columns: list[str]) -> Answer:
    """`answer` with every one of `columns`, empty where it has none."""
    return Answer(columns, [{c: row.get(c) for c in columns} for row in answer.rows])


def export_dataset(source, fmt: str) -> str:
    """Every named graph (N-Quads keeps them; Turtle and JSON-LD merge them)."""
    return ox.serialize(_contents(_sorted_quads(source), fmt),
                        format=DATASET_FORMATS[fmt]).decode("utf-8")


def write_datasets(source, files: dict[str, Path]) -> None:
    """`export_dataset` for several formats ({format: file}), written straight to the
    files: a large dataset is never held as text, and is sorted once."""
    quads = _sorted_quads(source)
    for fmt, path in files.items():
        ox.serialize(_contents(quads, fmt), output=str(path), format=DATASET_FORMATS[fmt])


def _sorted_quads(source) -> list[ox.Quad]:
    if not isinstance(source, LocalSource):
        raise WildlexError("a dataset export reads the local knowledge base — leave out "
                           "--endpoint, or use the endpoint's own dump")
    return sorted(source.store.quads_for_pattern(None, None, None, None), key=str)


def _contents(quads: list[ox.Quad], fmt: str) -> list:
    """The quads for a format that keeps graphs; else the triples, each once, sorted."""
    if DATASET_FORMATS[fmt].supports_datasets:
        return quads
    return sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
