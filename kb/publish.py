"""Upload the knowledge base to a remote SPARQL store, all or nothing.

Every named graph (one per source file) goes in one SPARQL 1.1 Update request: each
graph is dropped and inserted again, and the graphs of files that are gone are
removed. A SPARQL server runs one update request as one transaction (Oxigraph, Fuseki
and GraphDB do), so a request cut short or refused leaves the previous state whole.
One PUT per graph, as before, left 9 of 104 graphs replaced when the 10th failed;
staging graphs renamed later would show up twice in the union default graph that
readers query.
"""

from __future__ import annotations

import pyoxigraph as ox

from .errors import EndpointError
from .sparql import RemoteSource
from .store import SOURCE_GRAPH


def update_address(endpoint: str) -> str:
    """The update service: an Oxigraph-style Graph Store address (…/store) is taken as
    its server's …/update."""
    base, sep, query = endpoint.partition("?")
    if base.rstrip("/").endswith("/store"):
        return base.rstrip("/")[: -len("store")] + "update" + sep + query
    return endpoint


def publish(store: ox.Store, endpoint: str, timeout: float = 30.0) -> int:
    """Replace the Wildlex graphs at `endpoint` with those of `store`; return how many."""
    remote = RemoteSource(endpoint, timeout)  # checks the address and the timeout
    graphs = sorted(store.named_graphs(), key=lambda g: g.value)
    if not graphs:
        raise EndpointError("the knowledge base is empty — run `wildlex build` first")
    address = update_address(endpoint)
    try:
        remote.send("POST", address, update_text(store, graphs).encode("utf-8"),
                    {"Content-Type": "application/sparql-update"}, range(200, 300))
    except EndpointError as error:
        raise EndpointError(f"{error} — nothing was published: the update is one request, "
                            "which a SPARQL server applies whole or not at all") from None
    return len(graphs)


def update_text(store: ox.Store, graphs: list[ox.NamedNode]) -> str:
    """One update request: the graphs of removed files dropped, every graph replaced."""
    kept = ", ".join(str(graph) for graph in graphs)
    operations = [
        # Graphs of files removed since the last publication (ours only: their names
        # start with the source prefix).
        "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER(STRSTARTS(STR(?g), "{SOURCE_GRAPH}") && ?g NOT IN ({kept})) }}']
    for graph in graphs:
        triples = [ox.Triple(q.subject, q.predicate, q.object)
                   for q in store.quads_for_pattern(None, None, None, graph)]
        body = ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES)
        operations.append(f"DROP SILENT GRAPH {graph}")
        operations.append(f"INSERT DATA {{ GRAPH {graph} {{\n{body.decode('utf-8')}}} }}")
    return " ;\n".join(operations) + "\n"
