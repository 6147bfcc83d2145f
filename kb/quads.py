"""The quads of each source file as the store holds them, kept as N-Quads under
build/quads/ by the load that put them in the store.

A build reads the whole store twice: into memory for its questions and, graph by graph,
into the datasets. Read from the on-disk store that took 3 s for 550,000 quads (RocksDB
is read quad by quad into Python); parsed from these files it takes about 1 s, and a
rebuild after one change rewrites one of them (and the datasets make that graph's texts
again: export.KeptParts). A file is named by what its quads are made of
(the file's path and content, and the code that derives the added facts), so a file
there is never out of date, only unused: the load removes those.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pyoxigraph as ox

from .files import write_atomically
from .project import Project


def quads_dir(project: Project) -> Path:
    return project.build_dir / "quads"


def _file(project: Project, name: str, digest: str, derivation: str) -> Path:
    key = hashlib.sha256(f"{name}\n{digest}\n{derivation}".encode()).hexdigest()
    return quads_dir(project) / f"{key}.nq"


def keep(project: Project, name: str, digest: str, derivation: str, quads: list[ox.Quad]) -> None:
    """Keep the quads the store holds for source file `name` (its manifest name) with
    content `digest`, derived by code `derivation`."""
    # As the store holds them: it writes some literals in their canonical form (a
    # duration "PT24H" is "P1D"), and a quad given twice once.
    canonical = ox.Store()
    canonical.extend(quads)
    output = io.BytesIO()
    ox.serialize(canonical, output, format=ox.RdfFormat.N_QUADS)
    path = _file(project, name, digest, derivation)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, output.getvalue())


def kept(project: Project, manifest: dict[str, str], derivation: str) -> list[Path] | None:
    """The files holding the quads of every file of `manifest`, or None if one is
    missing (a store loaded before they were kept) or nothing was loaded."""
    if not manifest:
        return None
    paths = [_file(project, name, digest, derivation) for name, digest in sorted(manifest.items())]
    return paths if all(path.exists() for path in paths) else None


def missing(project: Project, manifest: dict[str, str], derivation: str) -> list[str]:
    """The names of `manifest` whose quads are not kept."""
    return [name for name, digest in sorted(manifest.items())
            if not _file(project, name, digest, derivation).exists()]


def remove_unused(project: Project, manifest: dict[str, str], derivation: str) -> None:
    """Remove the kept quads of file contents the store no longer holds."""
    used = {_file(project, name, digest, derivation).name for name, digest in manifest.items()}
    folder = quads_dir(project)
    for path in folder.iterdir() if folder.is_dir() else ():
        if path.name not in used:
            path.unlink(missing_ok=True)


def read(paths: list[Path]) -> bytes:
    """The N-Quads of `paths`, one after the other."""
    return b"".join(path.read_bytes() for path in paths)


def memory_store(data: bytes) -> ox.Store:
    """An in-memory store of N-Quads `data`, blank nodes keeping their names (the store's
    loader would rename them, and the answers and datasets would change from build to
    build)."""
    store = ox.Store()
    store.extend(ox.parse(data, format=ox.RdfFormat.N_QUADS, lenient=True))
    return store
