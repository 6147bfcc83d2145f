"""Exports: the flat CSV table, and the dataset in Turtle, N-Quads or JSON-LD."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox

from .errors import WildlexError
from .output import ask_table, csv_table
from .project import Project
from .sparql import LocalSource

DATASET_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nq": ox.RdfFormat.N_QUADS,
                   "jsonld": ox.RdfFormat.JSON_LD}


def export_table(project: Project, source, as_of: str) -> str:
    """The flat table: the law's rows (queries/export.rq), then the platforms' policies'
    (queries/policy-export.rq, kinds of their own), in the law's columns plus the
    policies' own at the end."""
    law_columns, law = ask_table(project, source, "export", {"asOf": as_of})
    policy_columns, policies = ask_table(project, source, "policy-export", {"asOf": as_of})
    columns = law_columns + [c for c in policy_columns if c not in law_columns]
    first = csv_table(columns, _in_columns(law, columns), sort_rows=True)
    then = csv_table(columns, _in_columns(policies, columns), sort_rows=True)
    return first + then.split("\n", 1)[1]  # its header is the first's


def _in_columns(records: list[dict[str, str]], columns: list[str]) -> list[dict[str, str]]:
    """`records` with every one of `columns`, empty where they have none."""
    return [{c: record.get(c, "") for c in columns} for record in records]


def export_dataset(source, fmt: str) -> str:
    """Every named graph (N-Quads and JSON-LD keep them; Turtle merges them)."""
    output = io.BytesIO()
    _write(_lines(source), fmt, output)
    return output.getvalue().decode("utf-8")


def write_datasets(source, files: dict[str, Path], lines: list[bytes] | None = None) -> None:
    """`export_dataset` for several formats ({format: file}), written straight to the
    files: a large dataset is never held as text, and is sorted once. `lines`, the
    dataset's sorted N-Quads lines, if the caller has them (see kb/quads.py)."""
    lines = _lines(source) if lines is None else lines
    for fmt, path in sorted(files.items(), key=lambda item: item[0] != "nq"):
        with open(path, "wb") as output:
            if "nq" in files and fmt != "nq" and DATASET_FORMATS[fmt].supports_datasets:
                # Parsed from the N-Quads file just written: half the time of the lines.
                ox.serialize(ox.parse(path=files["nq"], format=ox.RdfFormat.N_QUADS, lenient=True),
                             output, format=DATASET_FORMATS[fmt])
            else:
                _write(lines, fmt, output)


def _lines(source) -> list[bytes]:
    """Every quad as an N-Quads line, sorted, so that the same corpus gives the same bytes.
    Lines, not quad objects: a dataset of 500,000 quads held as pyoxigraph objects raised
    a build's peak memory by 600 MB."""
    if not isinstance(source, LocalSource):
        raise WildlexError("a dataset export reads the local knowledge base — leave out "
                           "--endpoint, or use the endpoint's own dump")
    if next(source.store.quads_for_pattern(None, None, None, ox.DefaultGraph()), None) is not None:
        raise WildlexError("the store holds triples outside the files' graphs — build it again "
                           "with `wildlex build` (remove build/store first)")
    lines = [f"{quad} .\n".encode() for quad in source.store.quads_for_pattern(None, None, None, None)]
    lines.sort()
    return lines


def _write(lines: list[bytes], fmt: str, output) -> None:
    """N-Quads as they are; a format that keeps graphs (JSON-LD) from the quads; one that
    does not (Turtle) from the triples, each once, sorted. Both are parsed from the lines
    as they are read, never joined into one copy of the dataset."""
    if fmt == "nq":
        output.writelines(lines)
        return
    # Lenient: the lines are the store's quads, checked when they were loaded.
    if DATASET_FORMATS[fmt].supports_datasets:
        ox.serialize(ox.parse(_Reader(lines), format=ox.RdfFormat.N_QUADS, lenient=True), output,
                     format=DATASET_FORMATS[fmt])
        return
    ox.serialize(ox.parse(_Reader(_triples(lines)), format=ox.RdfFormat.N_TRIPLES, lenient=True),
                 output, format=DATASET_FORMATS[fmt])


def _triples(lines: list[bytes]):
    """The triples of sorted N-Quads lines, each once, sorted: a line is its triple and
    then its graph, which is named (every quad of the store is in its file's graph), so
    the lines of one triple are together, and in the order of the triples."""
    previous = None
    for line in lines:
        triple = line[:line.rindex(b" <")] + b" .\n"
        if triple != previous:
            yield triple
            previous = triple


class _Reader(io.RawIOBase):
    """A binary file whose content is the chunks of `chunks` one after the other."""

    def __init__(self, chunks):
        self.chunks, self.rest = iter(chunks), b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        size = len(buffer)
        if len(self.rest) < size:  # several lines per read: one read per line is slow
            more = [self.rest]
            held = len(self.rest)
            for chunk in self.chunks:
                more.append(chunk)
                held += len(chunk)
                if held >= size:
                    break
            self.rest = b"".join(more)
        taken = min(size, len(self.rest))
        buffer[:taken] = self.rest[:taken]
        self.rest = self.rest[taken:]
        return taken
