"""The continent of each jurisdiction: for filtering the comparison by region, and for
ranking model provisions from the same region first.

Babel ships no territory containment, but its CLDR data lists each territory's time
zones, whose names begin with a continent. A territory goes to the continent most of
its zones name (Spain: Europe/Madrid and Africa/Ceuta tie, the later name wins); the
continent is then named by its UN M49 code, which babel translates.
"""

from __future__ import annotations

import functools
from collections import Counter

from babel import Locale
from babel.core import get_global

# Time-zone prefix -> UN M49 region. Atlantic and Indian zones are islands, not a continent.
M49 = {"Africa": "002", "America": "019", "Asia": "142", "Europe": "150",
       "Australia": "009", "Pacific": "009"}
REGIONAL = {"EU": "150"}


@functools.cache
def region(code: str) -> str:
    """The M49 code of the continent of jurisdiction `code` ("" when unknown)."""
    if code in REGIONAL:
        return REGIONAL[code]
    prefixes = Counter(zone.split("/", 1)[0] for zone in get_global("territory_zones").get(code, ()))
    ranked = sorted(((n, prefix) for prefix, n in prefixes.items() if prefix in M49), reverse=True)
    return M49[ranked[0][1]] if ranked else ""


def region_name(m49: str, language: str) -> str:
    return Locale(language).territories.get(m49, m49)
