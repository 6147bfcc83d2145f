"""The comparison portal: a static website in English, French and Spanish."""

from .build import build_site

__all__ = ["build_site"]
