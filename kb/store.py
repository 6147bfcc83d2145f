"""The knowledge base: a persistent Oxigraph store under build/, one named graph per file.

Each source file (ontology or corpus) becomes the named graph
`https://w3id.org/wildlex/source/<path>`, so every fact keeps its provenance.
A rebuild reloads only the files whose content changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from . import derive
from . import quads as kept_quads
from .derive import derived_quads
from .digests import file_digest, read_with_digest
from .files import write_atomically
from .freshness import changed_since_build, record_stats
from .project import Project

SOURCE_GRAPH = "https://w3id.org/wildlex/source/"
# Above this many changed files, the store is loaded in bulk.
BULK_ABOVE = 50


@dataclass
class LoadResult:
    loaded: list[str]
    removed: list[str]
    unchanged: int
    quads: int  # in the store, after the load


def graph_name(project: Project, path: Path) -> ox.NamedNode:
    return ox.NamedNode(SOURCE_GRAPH + project.display(path))


def store_path(project: Project) -> Path:
    return project.build_dir / "store"


def manifest_path(project: Project) -> Path:
    """The digests of the file contents the store holds, written after each load."""
    return project.build_dir / "store-manifest.json"


def size_path(project: Project) -> Path:
    """The number of quads in the store, with the digest of the manifest it goes with."""
    return project.build_dir / "store-size.json"


def derivation_path(project: Project) -> Path:
    """The digest of the code that derived the store's added facts (kb/derive.py)."""
    return project.build_dir / "store-derivation"


def derivation_digest() -> str:
    return hashlib.sha256(Path(derive.__file__).read_bytes()).hexdigest()


def answers_path(project: Project) -> Path:
    """The answers the last build kept for the store's content (see `answers`)."""
    return project.build_dir / "answers.sqlite"


def previous_answers_path(project: Project) -> Path:
    """The kept answers a load moved aside when it changed the store: no reader sees them,
    the next site build takes from them what the change cannot have altered (`partial`)."""
    return project.build_dir / "answers-previous.sqlite"


def parsed_records_path(project: Project) -> Path:
    """The records of the answers' lines the last `wildlex build` read (sparql.ParsedLines)."""
    return project.build_dir / "parsed-records.marshal"


def thesaurus_finds_path(project: Project) -> Path:
    """The thesaurus terms the last build found in each text (site.thesaurus.Thesaurus)."""
    return project.build_dir / "thesaurus-finds.marshal"


def open_store(project: Project) -> ox.Store:
    path = store_path(project)
    path.mkdir(parents=True, exist_ok=True)
    return ox.Store(str(path))


def read_store(project: Project) -> ox.Store:
    """The store opened read-only: several readers, and a build, can run at once."""
    return ox.Store.read_only(str(store_path(project)))


def source_files(project: Project) -> list[Path]:
    return project.ontology_files() + project.corpus_files()


def file_quads(data: bytes, graph: ox.NamedNode) -> list[ox.Quad]:
    """The quads of one source file in its named graph, with the facts the build derives.

    The parser names blank nodes at random; they are renamed in document order, per file,
    so that the same corpus always exports the same bytes.
    """
    prefix = hashlib.sha256(graph.value.encode()).hexdigest()[:12]
    names: dict[str, ox.BlankNode] = {}

    def stable(term):
        if isinstance(term, ox.BlankNode):
            return names.setdefault(term.value, ox.BlankNode(f"b{prefix}x{len(names)}"))
        return term

    quads = [ox.Quad(stable(t.subject), t.predicate, stable(t.object), graph)
             for t in ox.parse(data, format=ox.RdfFormat.TURTLE)]
    return quads + derived_quads(quads)


def memory_store(project: Project) -> ox.Store:
    """Every source file of `project` in a throw-away in-memory store."""
    store = ox.Store()
    for path in source_files(project):
        store.extend(file_quads(path.read_bytes(), graph_name(project, path)))
    return store


def in_memory(store: ox.Store, project: Project | None = None) -> ox.Store:
    """A copy of `store` in memory. Oxigraph answers several times faster from memory than
    from its on-disk store, which pays off for the dozens of questions of a site build.
    With the project whose store it is, it is parsed from the quads the loads kept (three
    times quicker), if every file's are there."""
    paths = kept_quads.kept(project, *loaded_state(project)) if project else None
    if paths is not None:
        return kept_quads.memory_store(kept_quads.read(paths))
    copy = ox.Store()
    copy.extend(store)  # quad by quad: a parser would relabel the blank nodes
    return copy


class MemoryCopy:
    """The in-memory copy of the store for the builds of one long-lived process (the
    preview's, `wildlex serve --watch`). The first build copies the whole store; each
    later one copies again only the graphs of the files whose content changed since
    (milliseconds instead of seconds), whoever loaded them. A different derivation, or
    many changed files, copies the whole store again. The answers are those of a whole
    copy (tests/test_live.py compares every page and kept answer with a cold build's)."""

    def __init__(self, project: Project):
        self.project = project
        self.copy: ox.Store | None = None
        self.state: tuple[dict, str | None] = ({}, None)  # (manifest, derivation) copied

    def __call__(self, store: ox.Store) -> ox.Store:
        manifest = json.loads(_read_text(manifest_path(self.project)) or "{}")
        derivation = _read_text(derivation_path(self.project))
        copied, copy = self.state, self.copy
        self.copy = None  # until brought in line: a failure half way copies whole next time
        changed = [name for name in set(manifest) | set(copied[0])
                   if manifest.get(name) != copied[0].get(name)]
        if copy is None or derivation != copied[1] or len(changed) > BULK_ABOVE:
            copy = in_memory(store, self.project)
        else:
            for name in sorted(changed):
                graph = ox.NamedNode(SOURCE_GRAPH + name)
                if copy.contains_named_graph(graph):
                    copy.remove_graph(graph)
                copy.extend(store.quads_for_pattern(None, None, None, graph))
        self.copy, self.state = copy, (manifest, derivation)
        return copy


def load(project: Project, store: ox.Store,
         progress: Callable[[list[Path]], Iterable[Path]] = iter) -> LoadResult:
    """Bring the store in line with the source files; return what changed.

    `progress` wraps the list of files to (re)load, e.g. in a progress bar.
    """
    manifest_file = manifest_path(project)
    manifest_bytes = manifest_file.read_bytes() if manifest_file.exists() else b"{}"
    manifest = json.loads(manifest_bytes)
    files = source_files(project)
    # (Read only if changed since this process read them: see digests.py.)
    current = {project.display(p): file_digest(p) for p in files}
    # Facts derived by older code (a file loaded before kb/derive.py changed) would lack
    # what the questions now read: then every file is loaded again.
    derivation = derivation_digest()
    rederive = _read_text(derivation_path(project)) != derivation
    changed = [p for p in files
               if rederive or manifest.get(project.display(p)) != current[project.display(p)]]
    contents = {}
    for path in changed:  # (the digest of the bytes loaded, should the file change meanwhile)
        contents[path], current[project.display(path)] = read_with_digest(path)
    removed = sorted(set(manifest) - set(current))
    if changed or removed:
        # Kept answers are checked against the manifest, which is written last: move them
        # out of readers' sight first, so that a load killed half way cannot leave them
        # looking current. They record the manifest they were computed from, so the next
        # site build can still take from them what did not change.
        if answers_path(project).exists():
            answers_path(project).replace(previous_answers_path(project))
    loaded = []
    # The store's size, counted as it changes (counting it whole took 0.1 s at 200
    # jurisdictions): None when it is not known or is counted whole after.
    size = _recorded_size(project, manifest_bytes) if len(changed) <= BULK_ABOVE else None
    for path in changed:
        graph = graph_name(project, path)
        if store.contains_named_graph(graph):
            size = _less(size, store, graph)
            store.remove_graph(graph)

    def each_file():
        for path in progress(changed):
            name = project.display(path)
            quads = file_quads(contents[path], graph_name(project, path))
            kept_quads.keep(project, name, current[name], derivation, quads)
            yield path, quads
            loaded.append(name)

    if len(changed) > BULK_ABOVE:
        # Oxigraph's bulk loader writes a large load several times quicker than one
        # transaction per file. It is not atomic, but the manifest is written only after
        # it: a build killed during it reloads the same files the next time. It is fed
        # file by file: the quads of 1,200 files held at once took 700 MB.
        store.bulk_extend(quad for _, quads in each_file() for quad in quads)
    else:
        for path, quads in each_file():
            store.extend(quads)
            if size is not None:  # (as the store holds them: a quad written twice counts once)
                size += _count(store, graph_name(project, path))
    for name in removed:
        graph = ox.NamedNode(SOURCE_GRAPH + name)
        if store.contains_named_graph(graph):
            size = _less(size, store, graph)
            store.remove_graph(graph)
    store.flush()
    # The quads of files loaded before they were kept (see kb/quads.py), from the files.
    paths = {project.display(path): path for path in files}
    for name in kept_quads.missing(project, current, derivation):
        path = paths[name]
        data, found = (contents[path], current[name]) if path in contents else read_with_digest(path)
        if found == current[name]:  # (else changed meanwhile: the next load keeps its quads)
            kept_quads.keep(project, name, current[name], derivation,
                            file_quads(data, graph_name(project, path)))
    kept_quads.remove_unused(project, current, derivation)
    manifest_bytes = json.dumps(current, indent=1, sort_keys=True).encode()
    write_atomically(manifest_file, manifest_bytes)
    write_atomically(derivation_path(project), derivation.encode())  # after: see above
    record_stats(project, files)
    size = len(store) if size is None else size
    # (After the manifest: a load stopped before leaves a size for another manifest.)
    write_atomically(size_path(project), json.dumps(
        {"manifest": hashlib.sha256(manifest_bytes).hexdigest(), "quads": size}).encode())
    return LoadResult(loaded, removed, len(current) - len(loaded), size)


def _recorded_size(project: Project, manifest: bytes) -> int | None:
    """The store's size recorded with `manifest` by the last load, if it was."""
    try:
        recorded = json.loads(size_path(project).read_text())
        if recorded["manifest"] == hashlib.sha256(manifest).hexdigest():
            return int(recorded["quads"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def _count(store: ox.Store, graph: ox.NamedNode) -> int:
    return sum(1 for _ in store.quads_for_pattern(None, None, None, graph))


def _less(size: int | None, store: ox.Store, graph: ox.NamedNode) -> int | None:
    """`size` less the quads of `graph`, which is about to be removed."""
    return None if size is None else size - _count(store, graph)


def dataset_parts(project: Project, store: ox.Store, published: Path | None):
    """The dataset's parts (export.write_datasets), read from the quads the loads kept
    and the published datasets in folder `published` (export.KeptParts), or from `store`
    if the quads are not all kept."""
    from .export import KeptParts, store_parts
    from .sparql import LocalSource

    paths = kept_quads.kept(project, *loaded_state(project))
    return (contextlib.nullcontext(store_parts(LocalSource(store))) if paths is None
            else KeptParts(project, paths, published))


def loaded_state(project: Project) -> tuple[dict[str, str], str]:
    """The manifest and the derivation digest of the last load ({} and "" before one)."""
    manifest = json.loads(_read_text(manifest_path(project)) or "{}")
    return manifest, _read_text(derivation_path(project)) or ""


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text()
    except OSError:
        return None


def stale_files(project: Project) -> list[str]:
    """The source files changed since the store was last loaded (none: it is current)."""
    try:
        manifest = json.loads(manifest_path(project).read_text())
    except (OSError, ValueError):
        return []  # no store yet: the caller says to build
    return changed_since_build(project, manifest, source_files(project))
