"""The ontology, code lists and criteria, loaded once per run."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef

from .namespaces import CODE, PREFIXES, WLX
from .project import Project


def load_ontology(project: Project) -> Graph:
    """Every ontology/*.ttl file except the shapes, as one graph (parsed once per version)."""
    return _load(tuple((path, path.stat().st_mtime_ns) for path in project.ontology_files()))


@cache
def _load(versions: tuple[tuple[Path, int], ...]) -> Graph:
    graph = Graph()
    for path, _ in versions:
        graph.parse(path, format="turtle")
    return graph


def declared_terms(ontology: Graph) -> set[str]:
    """Our own IRIs (wlx: terms and code-list concepts) that the ontology declares."""
    return {
        str(s) for s in ontology.subjects()
        if isinstance(s, URIRef) and is_own_vocabulary(str(s))
    }


def is_own_vocabulary(iri: str) -> bool:
    return iri.startswith(str(WLX)) or iri.startswith(CODE)


def qname(iri: str) -> str:
    """`wlx:maxFine` for the full IRI, using the project's prefixes (longest match)."""
    best = ""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(PREFIXES.get(best, "")):
            best = prefix
    if best:
        return f"{best}:{iri[len(PREFIXES[best]):]}"
    return f"<{iri}>"
