"""The home page's world map: each jurisdiction coloured by the share of the criteria
reviewed for it that it meets.

The country outlines are those of pygal_maps_world (its worldmap.svg, one group of
paths per ISO 3166-1 code, a 2475-unit-wide view). They are written again at
whole-unit precision, which keeps the map's file near 340 KB instead of 780; the
rounding of relative coordinates drifts by a few units at most, invisible at page
size. Order is the file's, so the same corpus gives the same bytes. The table under
the map says the same in text.
"""

from __future__ import annotations

import functools
import re
from importlib.resources import files

from lxml import etree
from markupsafe import escape

SVG = "{http://www.w3.org/2000/svg}"
BANDS = 5  # colour classes map-0 (lowest share met) .. map-4 (highest)
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


def band(share: float) -> int:
    """The colour class of a share (0 to 1) of the reviewed criteria met."""
    return min(BANDS - 1, int(share * BANDS))


def map_class(met: int, partly: int, known: int) -> str:
    """A jurisdiction's colour: the share of the criteria reviewed for it that it meets
    (partly met counts half). "Not known" is left out of the share, never counted as not
    met; a jurisdiction with nothing reviewed gets a pattern of its own."""
    if not known:
        return "map-unknown"
    return f"map-{band((met + partly / 2) / known)}"


# Diagonal hatching for the jurisdictions in the portal whose law was not reviewed.
HATCH = ('<defs><pattern id="hatch" width="8" height="8" patternUnits="userSpaceOnUse" '
         'patternTransform="rotate(45)"><rect width="8" height="8" fill="#f2f2f2"/>'
         '<line x1="0" y1="0" x2="0" y2="8" stroke="#767676" stroke-width="3"/></pattern></defs>')


def world_map(classes: dict[str, str], title: str) -> str:
    """A standalone SVG file: `classes` maps an ISO code to its colour class; the other
    countries are "not in the portal". The figures and links are in the page's table:
    the map is an image, and its file is cached across pages and languages."""
    parts = ['<?xml version="1.0" encoding="utf-8"?>\n'
             f'<svg viewBox="{view_box()}" xmlns="http://www.w3.org/2000/svg">'
             f'<title>{escape(title)}</title><style>{STYLE}</style>{HATCH}']
    for code, data in outlines():
        parts.append(f'<path class="{classes.get(code.upper(), "map-none")}" d="{data}"/>')
    parts.append("</svg>\n")
    return "".join(parts)


# Every colour has a contrast of at least 3:1 with "not in the portal" (#f2f2f2), the
# palest (#b5651d) 3.9:1; the classes run from a low share (brown) to a high one (green).
COLOURS = {"map-none": "#f2f2f2", "map-0": "#b5651d", "map-1": "#8c6d1f", "map-2": "#5a7d2a",
           "map-3": "#1d6b45", "map-4": "#0b3d22"}
STYLE = ("path{stroke:#fff;stroke-width:.6}.map-none{stroke:#8a8a8a}"
         ".map-unknown{fill:url(#hatch);stroke:#555}"
         + "".join(f".{name}{{fill:{colour}}}" for name, colour in COLOURS.items()))
