"""The home page's world map: each jurisdiction coloured by the share of criteria it meets.

The country outlines are those of pygal_maps_world (its worldmap.svg, one group of
paths per ISO 3166-1 code, a 2475-unit-wide view). They are written again at
whole-unit precision, which keeps the inline map near 340 KB instead of 780; the
rounding of relative coordinates drifts by a few units at most, invisible at page
size. Order is the file's, so the same corpus gives the same bytes. The table under
the map says the same in text.
"""

from __future__ import annotations

import functools
import re
from importlib.resources import files

from lxml import etree
from markupsafe import Markup, escape

SVG = "{http://www.w3.org/2000/svg}"
BANDS = 5  # colour classes map-0 (none met) .. map-4 (most met)
_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?")


@functools.cache
def _source():
    return etree.parse(str(files("pygal_maps_world") / "worldmap.svg"))


@functools.cache
def outlines() -> tuple[tuple[str, str], ...]:
    """(lower-case ISO code, path data) for every country, in the file's order."""
    out = []
    for group in _source().iter(SVG + "g"):
        classes = (group.get("class") or "").split()
        if "country" not in classes:
            continue
        data = " ".join(_rounded(p.get("d")) for p in group.iter(SVG + "path"))
        out.append((classes[0], data))
    return tuple(out)


def view_box() -> str:
    return _source().getroot().get("viewBox")


def _rounded(path: str) -> str:
    """Whole units, and an absolute first move: the paths of a country are joined into
    one, where a leading relative "m" would start from the end of the previous one."""
    path = path.strip()
    if path.startswith("m"):
        path = "M" + path[1:]
    # Each number keeps its own separator: "-0.1" must not become a bare "0" glued to
    # the number before it.
    def whole(match) -> str:
        text = match.group(0)
        value = abs(round(float(text)))
        return f"-{value}" if text.startswith("-") else f" {value}"

    return re.sub(r"\s+", " ", _NUMBER.sub(whole, path)).replace(" -", "-").strip()


def band(met: int, total: int) -> int:
    return min(BANDS - 1, met * BANDS // total) if total else 0


def world_map(shares: dict[str, tuple[int, int, str, str]], title: str) -> Markup:
    """`shares`: ISO code -> (criteria met, criteria, tooltip, link). Others stay grey."""
    parts = [f'<svg class="world-map" viewBox="{view_box()}" role="group" aria-labelledby="map-title" '
             f'xmlns="http://www.w3.org/2000/svg"><title id="map-title">{escape(title)}</title>']
    for code, data in outlines():
        share = shares.get(code.upper())
        if share is None:
            parts.append(f'<path class="map-none" d="{data}"/>')
            continue
        met, total, tooltip, link = share
        # The title names the link, for screen readers and as a tooltip.
        parts.append(f'<a href="{escape(link)}"><title>{escape(tooltip)}</title>'
                     f'<path class="map-{band(met, total)}" d="{data}"/></a>')
    parts.append("</svg>")
    return Markup("".join(parts))
