"""The knowledge base: a persistent Oxigraph store under build/, one named graph per file.

Each source file (ontology or corpus) becomes the named graph
`https://w3id.org/wildlex/source/<path>`, so every fact keeps its provenance.
A rebuild reloads only the files whose content changed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .derive import derived_quads
from .project import Project

SOURCE_GRAPH = "https://w3id.org/wildlex/source/"


@dataclass
class LoadResult:
    loaded: list[str]
    removed: list[str]
    unchanged: int


def graph_name(project: Project, path: Path) -> ox.NamedNode:
    return ox.NamedNode(SOURCE_GRAPH + project.display(path))


def store_path(project: Project) -> Path:
    return project.build_dir / "store"


def open_store(project: Project) -> ox.Store:
    path = store_path(project)
    path.mkdir(parents=True, exist_ok=True)
    return ox.Store(str(path))


def source_files(project: Project) -> list[Path]:
    return project.ontology_files() + project.corpus_files()


def load(project: Project, store: ox.Store,
         progress: Callable[[str], None] = lambda name: None) -> LoadResult:
    """Bring the store in line with the source files; return what changed."""
    manifest_path = store_path(project).parent / "store-manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    current = {}
    loaded = []
    for path in source_files(project):
        name = project.display(path)
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        current[name] = digest
        if manifest.get(name) == digest:
            continue
        progress(name)
        graph = graph_name(project, path)
        quads = [ox.Quad(t.subject, t.predicate, t.object, graph)
                 for t in ox.parse(data, format=ox.RdfFormat.TURTLE)]
        if store.contains_named_graph(graph):
            store.remove_graph(graph)
        store.extend(quads + derived_quads(quads))
        loaded.append(name)
    removed = sorted(set(manifest) - set(current))
    for name in removed:
        graph = ox.NamedNode(SOURCE_GRAPH + name)
        if store.contains_named_graph(graph):
            store.remove_graph(graph)
    store.flush()
    manifest_path.write_text(json.dumps(current, indent=1, sort_keys=True))
    return LoadResult(loaded, removed, len(current) - len(loaded))
