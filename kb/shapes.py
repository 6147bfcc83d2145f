"""The SHACL shapes of ontology/shapes.ttl, completed with ISO code lists from pycountry."""

from __future__ import annotations

import pycountry
from rdflib import Graph, Literal
from rdflib.collection import Collection
from rdflib.term import BNode

from .namespaces import SH, WLXSH
from .project import Project

# The European Union is not in ISO 3166-1 but makes law of its own.
REGIONAL_CODES = ("EU",)


def country_codes() -> list[str]:
    return sorted({c.alpha_2 for c in pycountry.countries} | set(REGIONAL_CODES))


def currency_codes() -> list[str]:
    return sorted(c.alpha_3 for c in pycountry.currencies)


def load_shapes(project: Project) -> Graph:
    shapes = Graph()
    shapes.parse(project.ontology_dir / "shapes.ttl", format="turtle")
    _add_in_list(shapes, WLXSH.JurisdictionCode, country_codes())
    _add_in_list(shapes, WLXSH.Currency, currency_codes())
    return shapes


def _add_in_list(shapes: Graph, shape, values: list[str]) -> None:
    head = BNode()
    Collection(shapes, head, [Literal(v) for v in values])
    shapes.add((shape, SH["in"], head))
