"""Facts the build adds to what contributors wrote, so that SPARQL can compare them.

SPARQL has no function that reads the years out of an xsd:duration, so the
build states each prison term in whole months next to the duration written. It also
marks each trade offence (one that punishes more than taking alone): the matrix judges
its offence criteria on those, and a flag is a join Oxigraph does quickly where a test of
every conduct, row by row, was not.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from .namespaces import WLX, XSD

# A day part is allowed for minimum terms ("six years and one day"), not counted in months.
_YEARS_MONTHS = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:\d+D)?$")
_MONTH_PROPERTIES = {
    str(WLX.maxImprisonment): ox.NamedNode(str(WLX.maxImprisonmentMonths)),
    str(WLX.minImprisonment): ox.NamedNode(str(WLX.minImprisonmentMonths)),
    str(WLX.imprisonmentIncrease): ox.NamedNode(str(WLX.imprisonmentIncreaseMonths)),
}
_INTEGER = ox.NamedNode(str(XSD.integer))
_CONDUCT = str(WLX.conduct)
_TAKING = "https://w3id.org/wildlex/code/conduct/taking"
_TRADE_OFFENCE = ox.NamedNode(str(WLX.tradeOffence))
_TRUE = ox.Literal("true", datatype=ox.NamedNode(str(XSD.boolean)))


def months(duration: str) -> int | None:
    """Whole months in a years-and-months duration such as P2Y6M (P6Y1D: 72), or None."""
    match = _YEARS_MONTHS.match(duration)
    if not match or duration == "P":
        return None
    years, extra = (int(part or 0) for part in match.groups())
    return years * 12 + extra


def derived_quads(quads: list[ox.Quad]) -> list[ox.Quad]:
    out = []
    traders = {}
    for quad in quads:
        if quad.predicate.value == _CONDUCT and quad.object.value != _TAKING:
            traders.setdefault(quad.subject, quad.graph_name)
        target = _MONTH_PROPERTIES.get(quad.predicate.value)
        if target is not None and isinstance(quad.object, ox.Literal):
            value = months(quad.object.value)
            if value is not None:
                out.append(ox.Quad(quad.subject, target, ox.Literal(str(value), datatype=_INTEGER),
                                   quad.graph_name))
    out += [ox.Quad(offence, _TRADE_OFFENCE, _TRUE, graph) for offence, graph in traders.items()]
    return out
