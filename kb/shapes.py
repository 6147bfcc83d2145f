"""The SHACL shapes of ontology/shapes.ttl, and the ISO code lists from pycountry."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pycountry
from rdflib import Graph

from .project import Project

# The European Union is not in ISO 3166-1 but makes law of its own.
REGIONAL_CODES = ("EU",)


def country_codes() -> list[str]:
    return sorted({c.alpha_2 for c in pycountry.countries} | set(REGIONAL_CODES))


def currency_codes() -> list[str]:
    return sorted(c.alpha_3 for c in pycountry.currencies)


def load_shapes(project: Project) -> Graph:
    """The shapes (parsed once per version of the file: the preview's worker validates at
    every save). Membership of the ISO code lists is checked in Python (validate.py):
    as sh:in lists of some 250 values they dominated the cost of SHACL validation."""
    path = project.shapes_file()
    found = path.stat()
    return _parsed(path, found.st_mtime_ns, found.st_size)


@lru_cache(maxsize=2)
def _parsed(path: Path, modified: int, size: int) -> Graph:
    shapes = Graph()
    shapes.parse(path, format="turtle")
    return shapes
