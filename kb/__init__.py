"""Wildlex: national laws against online wildlife trafficking, as RDF."""

__version__ = "0.1.0"
