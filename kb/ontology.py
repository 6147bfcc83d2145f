"""The ontology, code lists and criteria, loaded once per run."""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

from rdflib import RDF, RDFS, Graph, URIRef

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


@lru_cache(maxsize=2)
def class_statements(ontology: Graph) -> Graph:
    """The ontology's rdf:type and rdfs:subClassOf statements: all that SHACL reads of it
    when a file is validated (sh:class and sh:targetClass ask what a value is an instance
    of: a topic, a criterion, a code). A file's data graph gets these 550 statements, not
    the 3,700 of the whole ontology (labels, notations), which took SHACL two thirds of its
    time per file."""
    kept = Graph()
    for predicate in (RDF.type, RDFS.subClassOf):
        kept += ontology.triples((None, predicate, None))
    return kept


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
