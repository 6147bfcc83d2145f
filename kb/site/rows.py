"""Rows of the portal's comparative tables (penalties, platform duties), one per fact.

The questions answer one row per fact and per thing it punishes or names; a page wants
one row per fact, linked to the provision that sets it.
"""

from __future__ import annotations

import itertools
import operator
from dataclasses import dataclass, field

from ..regions import region, region_name


@dataclass
class PenaltyRow:
    jurisdiction: str
    penalty: str
    provision: str  # IRI of the provision that sets it
    citation: str
    kind: str
    applies_to: list[str]
    max_months: str
    life: bool
    max_fine: str
    currency: str
    basis: str
    unit: str
    amount: str  # the maximum in money (units times their value, a tier's factor times its base)
    amount_currency: str
    cap: str  # the overall ceiling of a per-specimen fine, in amount_currency
    eur: str
    cap_eur: str
    rate_date: str  # the date of the rate used for `eur`; empty without a conversion
    derivation: str  # how a maximum was derived, in English
    serious: bool
    aggravations: list[str]
    review_status: str
    punishes: list[str] = field(default_factory=list)  # the offences or duties it punishes
    punished_provisions: list[str] = field(default_factory=list)  # the provisions defining them
    # The same, law by law: (instrument, its title, [(provision, citation), ...])
    punished_by_law: list[tuple[str, str, list[tuple[str, str]]]] = field(default_factory=list)


def penalty_rows(answers: list[dict]) -> list[PenaltyRow]:
    """One row per penalty, in the order of the answers (a penalty that punishes several
    offences comes once)."""
    rows: dict[str, PenaltyRow] = {}
    for r in answers:
        if r["penalty"] in rows:
            rows[r["penalty"]].punishes.append(r["punishes"])
            continue
        converted = r["maxFineEUR"] != "" or r["fineCapEUR"] != ""
        rows[r["penalty"]] = PenaltyRow(
            r["jurisdiction"], r["penalty"], r["provision"], r["citation"], r["kind"],
            [p for p in r["appliesTo"].split(";") if p], r["maxImprisonmentMonths"],
            r["life"] == "true", r["maxFine"], r["currency"], r["fineBasis"] or "fixed",
            r["fineUnit"], r["maxFineAmount"], r["amountCurrency"], r["fineCap"],
            r["maxFineEUR"], r["fineCapEUR"], r["rateDate"] if converted else "", r["derivation"],
            r["seriousCrime"] == "true", [a for a in r["aggravations"].split(";") if a],
            r["reviewStatus"], [r["punishes"]])
    return list(rows.values())


@dataclass
class PenaltyRegion:
    """The penalties of one continent: a page of its own, so that no page grows with the
    whole corpus (the single table passed 150 KB at 445 penalties)."""

    slug: str  # its English name in lower case, the same in every language's address
    m49: str  # "" for jurisdictions of no known continent
    rows: list[PenaltyRow]

    def name(self, language: str) -> str:
        return region_name(self.m49, language) if self.m49 else ""

    def jurisdictions(self) -> list[str]:
        return list(dict.fromkeys(r.jurisdiction for r in self.rows))


def penalty_regions(rows: list[PenaltyRow]) -> list[PenaltyRegion]:
    """`rows` by continent (in the order of the first row of each), each keeping their order."""
    regions: dict[str, PenaltyRegion] = {}
    # A jurisdiction's rows at a time (the pages' rows come by jurisdiction).
    for code, same in itertools.groupby(rows, operator.attrgetter("jurisdiction")):
        m49 = region(code)
        if m49 not in regions:
            slug = region_name(m49, "en").lower().replace(" ", "-") if m49 else "other"
            regions[m49] = PenaltyRegion(slug, m49, [])
        regions[m49].rows.extend(same)
    return list(regions.values())


def longest_terms(rows: list[PenaltyRow]) -> list[tuple[str, int, bool]]:
    """(jurisdiction, longest maximum prison term in months, life?) of `rows`, the longest
    first, then by code (the same in any order of the rows)."""
    best: dict[str, tuple[int, bool]] = {}
    for p in rows:
        months = 9999 if p.life else int(p.max_months or 0)
        if months and (months, p.life) > best.get(p.jurisdiction, (0, False)):
            best[p.jurisdiction] = (months, p.life)
    return sorted(((code, m, life) for code, (m, life) in best.items()), key=lambda r: (-r[1], r[0]))


def distinct_changes(answers: list[dict], pages: dict[str, str],
                     laws: dict[str, str]) -> list[dict]:
    """Each change once: a provision and its penalties changing on the same day under the
    same citation are one change to a reader. `pages` maps a subject to the resource
    whose page shows it; each change gets it as "page" (empty when there is none), and
    as "law" the title of the law a provision belongs to (`laws`: provision -> title),
    since a citation alone does not say which law. A penalty's or a unit value's
    "definedIn" (its provision) is the page when the subject has none of its own."""
    def same(r):
        return r["date"], r["jurisdiction"], r["change"], r["citation"]

    # A subject without a page (a penalty no longer in force) is the change of the
    # provision under the same citation that day, when there is one; else it links to
    # the page of the provision that states it (a unit value's too).
    shown = {same(r) for r in answers if pages.get(r["subject"])}
    seen, out = set(), []
    for r in answers:
        page = pages.get(r["subject"], "")
        if not page and same(r) in shown:
            continue
        # The same citation in two laws is two changes.
        key = (*same(r), page)
        if key in seen:
            continue
        seen.add(key)
        page = page or pages.get(r.get("definedIn") or "", "")
        out.append({**r, "page": page, "law": laws.get(page, "")})
    return out


@dataclass
class DutyRow:
    jurisdiction: str
    duty: str
    provision: str  # IRI of the provision that imposes it
    citation: str
    duty_types: list[str]
    bearers: list[str]
    deadline: str  # an xsd:duration such as PT24H, or ""
    wildlife_specific: bool
    sanctioned: bool
    review_status: str
    applies_in: list[str]  # the jurisdiction, and the members bound by its regulations


def duty_rows(answers: list[dict], members: dict[str, list[str]],
              directly_applicable: set[str], instrument_of: dict[str, str]) -> list[DutyRow]:
    """One row per duty. A regional organisation's duty applies in its members too when
    the instrument is directly applicable (an EU regulation), as the matrix counts it."""
    rows = []
    for r in answers:
        applies_in = [r["jurisdiction"]]
        if instrument_of.get(r["provision"]) in directly_applicable:
            applies_in += members.get(r["jurisdiction"], [])
        rows.append(DutyRow(
            r["jurisdiction"], r["duty"], r["provision"], r["citation"],
            [t for t in r["dutyTypes"].split(";") if t], [b for b in r["bearers"].split(";") if b],
            r["deadline"], r["wildlifeSpecific"] == "true", r["sanctions"] != "",
            r["reviewStatus"], applies_in))
    return rows
