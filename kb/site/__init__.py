"""The comparison portal: a static website in English, French and Spanish."""

from .build import build_site, site_is_current

__all__ = ["build_site", "site_is_current"]
