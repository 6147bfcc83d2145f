"""The IRIs Wildlex mints and reuses, in one place."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

WLX = Namespace("https://w3id.org/wildlex/ontology#")
WLXSH = Namespace("https://w3id.org/wildlex/shapes#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SH = Namespace("http://www.w3.org/ns/shacl#")
ID = Namespace("https://w3id.org/wildlex/id/")
CODE = "https://w3id.org/wildlex/code/"

CODE_LISTS = (
    "conduct", "online", "species", "mental", "duty", "bearer", "kind", "fine",
    "aggravation", "person", "jbasis", "itype", "review", "topic", "level",
    # platform policies (ontology/platforms.ttl)
    "pkind", "pconduct", "product", "measure", "coc",
    # the thesaurus of wildlife-trade words (ontology/thesaurus.ttl)
    "term",
)

PREFIXES = {
    "wlx": str(WLX),
    "eli": str(ELI),
    "dct": str(DCTERMS),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "xsd": str(XSD),
    "jur": str(ID),
    **{name: f"{CODE}{name}/" for name in CODE_LISTS},
}

__all__ = ["WLX", "WLXSH", "ELI", "SH", "ID", "CODE", "CODE_LISTS", "PREFIXES",
           "DCTERMS", "OWL", "PROV", "RDF", "RDFS", "SKOS", "XSD"]
