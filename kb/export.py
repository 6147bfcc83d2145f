"""Exports: the flat CSV table, and the dataset in Turtle, N-Quads or JSON-LD."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable, Iterable
from importlib.metadata import version
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from .errors import WildlexError
from .files import write_atomically
from .output import ask_table, csv_table
from .project import Project
from .sparql import LocalSource

DATASET_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nq": ox.RdfFormat.N_QUADS,
                   "jsonld": ox.RdfFormat.JSON_LD}
# One named graph's text in a format ("nq", "ttl", "jsonld"): see `write_datasets`.
Part = Callable[[str], bytes]


def export_table(project: Project, source, as_of: str) -> str:
    """The flat table: the law's rows (queries/export.rq), then the platforms' policies'
    (queries/policy-export.rq, kinds of their own), in the law's columns plus the
    policies' own at the end."""
    law_columns, law = ask_table(project, source, "export", {"asOf": as_of})
    policy_columns, policies = ask_table(project, source, "policy-export", {"asOf": as_of})
    columns = law_columns + [c for c in policy_columns if c not in law_columns]
    first = csv_table(columns, law, sort_rows=True)
    then = csv_table(columns, policies, sort_rows=True)
    return first + then.split("\n", 1)[1]  # its header is the first's


def export_dataset(source, fmt: str) -> str:
    """The dataset in `fmt` (see `write_datasets`), from the store."""
    output = io.BytesIO()
    write_datasets({fmt: output}, store_parts(source))
    return output.getvalue().decode("utf-8")


def write_datasets(outputs: dict, parts: Iterable[Part]) -> list[dict[str, list[int]]]:
    """Write the dataset in several formats ({format: binary file}) from its parts, one
    per named graph in the order of their names (see `store_parts`): N-Quads and JSON-LD
    keep the graphs, Turtle, which has none, gives each graph's triples one after the
    other. Written graph by graph, the dataset is never held whole; and each graph's text
    being its own, a rebuild after one file changed makes one graph's text again and
    copies the others' (`KeptParts`). Returns where each part's text is in each file
    ({format: [offset, length]})."""
    joined = dict.fromkeys(outputs, False)
    for fmt, output in outputs.items():
        if fmt == "jsonld":
            output.write(b"[")
    where = []
    for part in parts:
        spans = {}
        for fmt, output in outputs.items():
            text = part(fmt)
            if fmt == "jsonld" and text:  # the graphs' objects, in one array
                output.write(b"," if joined[fmt] else b"")
                joined[fmt] = True
            spans[fmt] = [output.tell(), len(text)]
            output.write(text)
        where.append(spans)
    for fmt, output in outputs.items():
        if fmt == "jsonld":
            output.write(b"]\n")
    return where


def graph_text(lines: list[bytes], fmt: str) -> bytes:
    """One graph's text in `fmt` from its quads' N-Quads lines, sorted: the lines
    themselves, its triples in Turtle, or its object in JSON-LD (without the array the
    serializer puts it in: `write_datasets` puts every graph's in one)."""
    if fmt == "nq":
        return b"".join(lines)
    output = io.BytesIO()
    # Lenient: the lines are the store's quads, checked when they were loaded.
    if fmt == "jsonld":
        ox.serialize(ox.parse(_Reader(lines), format=ox.RdfFormat.N_QUADS, lenient=True), output,
                     format=ox.RdfFormat.JSON_LD)
        text = output.getvalue().strip()
        return text[1:-1] if text.startswith(b"[") and text.endswith(b"]") else text
    ox.serialize(ox.parse(_Reader(_triples(lines)), format=ox.RdfFormat.N_TRIPLES, lenient=True),
                 output, format=DATASET_FORMATS[fmt])
    return output.getvalue()


def store_parts(source) -> list[Part]:
    """The dataset's parts read from the store: for each named graph, in the order of
    their names, its text in a format. Lines, not quad objects: a dataset of 500,000
    quads held as pyoxigraph objects raised a build's peak memory by 600 MB."""
    if not isinstance(source, LocalSource):
        raise WildlexError("a dataset export reads the local knowledge base — leave out "
                           "--endpoint, or use the endpoint's own dump")
    if next(source.store.quads_for_pattern(None, None, None, ox.DefaultGraph()), None) is not None:
        raise WildlexError("the store holds triples outside the files' graphs — build it again "
                           "with `wildlex build` (remove build/store first)")
    graphs: dict[str, list[bytes]] = {}
    for quad in source.store.quads_for_pattern(None, None, None, None):
        graphs.setdefault(quad.graph_name.value, []).append(f"{quad} .\n".encode())
    return [_part(sorted(graphs[name])) for name in sorted(graphs)]


def _part(lines: list[bytes]) -> Part:
    return lambda fmt: graph_text(lines, fmt)


class KeptParts:
    """The dataset's parts read from the quads the loads kept (kb/quads.py), one file per
    graph, in the order of their names as `store_parts` gives them. A graph's texts that
    the published datasets hold are read from them: build/dataset-parts.json records
    where each graph's are in which files (named by the kept quads' file, and so by its
    source file's content, and by the code that writes them). A rebuild after one file
    changed makes that graph's texts and copies the others'. Use it as a context manager
    (it holds the published files open), then `record` where the new files hold what."""

    def __init__(self, project: Project, paths: list[Path], published: Path | None):
        """`published`: the folder of the published datasets, if any."""
        code = hashlib.sha256(Path(__file__).read_bytes())
        code.update(f"\0{version('pyoxigraph')}".encode())
        self.keys = [hashlib.sha256(f"{path.name}\0{code.hexdigest()}".encode()).hexdigest()
                     for path in paths]
        self.paths, self.published = paths, published
        self.record_path = project.build_dir / "dataset-parts.json"
        self.sources: dict[str, BinaryIO] = {}  # format: the published file
        self.spans: dict[str, dict[str, list[int]]] = {}  # key: {format: [offset, length]}

    def __enter__(self) -> KeptParts:
        if self.published is None:
            return self  # no published site: every text is made
        try:
            record = json.loads(self.record_path.read_text())
            for fmt, seen in record["files"].items():
                path = self.published / f"wildlex.{fmt}"
                if _identity(path) != seen:
                    raise ValueError(f"{path} is not the file recorded")
                self.sources[fmt] = open(path, "rb")  # noqa: SIM115 (closed on exit)
            self.spans = record["parts"]
        except (OSError, ValueError, KeyError, TypeError):
            self.__exit__()  # no record, or of files not published: every text is made
        return self

    def __exit__(self, *exc) -> None:
        for source in self.sources.values():
            source.close()
        self.sources, self.spans = {}, {}

    def __iter__(self):
        for path, key in zip(self.paths, self.keys, strict=True):
            yield self._part(path, key)

    def _part(self, path: Path, key: str) -> Part:
        lines: list[bytes] = []

        def text(fmt: str) -> bytes:
            span, source = self.spans.get(key, {}).get(fmt), self.sources.get(fmt)
            if span is not None and source is not None:
                source.seek(span[0])
                return source.read(span[1])
            if not lines:
                lines.extend(sorted(path.read_bytes().splitlines(keepends=True)))
            return graph_text(lines, fmt)
        return text

    def record(self, where: list[dict[str, list[int]]], files: dict[str, Path]) -> None:
        """Record that `files` ({format: path}), once published, hold each part's texts
        `where` (`write_datasets`'s answer)."""
        record = {"files": {fmt: _identity(path) for fmt, path in files.items()},
                  "parts": dict(zip(self.keys, where, strict=True))}
        write_atomically(self.record_path, json.dumps(record).encode())


def _identity(path: Path) -> list[int]:
    """What tells a file apart from another, or from itself changed: the published site's
    files are linked from build to build, never written in place."""
    stat = path.stat()
    return [stat.st_ino, stat.st_size, stat.st_mtime_ns]


def _triples(lines: list[bytes]):
    """The triples of one graph's N-Quads lines: each line without its graph, its last
    term (every quad of the store is in its file's named graph)."""
    return (line[:line.rindex(b" <")] + b" .\n" for line in lines)


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
