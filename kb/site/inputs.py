"""What each page is made from, beyond the portal's date and labels (see reuse.py).

A page whose inputs are unchanged is linked from the published site, not rendered again,
so each function here must name everything its template reads. The pages that show every
jurisdiction share one digest of what they show of each (`levels_digest`), and those
that link to provisions anywhere share one of the provisions' headings (`headings_digest`):
an excerpt edited in one law then renders again its own pages, not the overviews.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


def digest_of(value) -> str:
    """The digest of `value`'s repr (the text of inputs that hold no dataclass)."""
    return hashlib.sha256(repr(value).encode()).hexdigest()


def levels_digest(portal) -> str:
    """Every jurisdiction's level and basis per criterion, in the page's order: all that a
    comparison page shows of the others: the order of the jurisdictions and criteria, the
    criteria's labels, and every assessment's level and basis (worked out once for all
    the languages)."""
    return digest_of((tuple(j.code for j in portal.jurisdictions),
                    tuple((c.id, c.label) for c in portal.criteria), portal.shared.levels))


def headings_digest(portal) -> str:
    """What a page linking to a provision shows of it: its address, country, law, title and
    citation (not its words)."""
    return hashlib.sha256(portal.shared.headings.encode()).hexdigest()


def changes_digest(portal) -> str:
    """The changes in the law the changes page and feed list: the same in every language,
    written once per build (each page's text of them took 0.02 s at 200 jurisdictions)."""
    if portal.shared is not None and portal.changes is portal.shared.changes:
        return portal.shared.changes_digest
    return digest_of(tuple(portal.changes))


@dataclass
class JurisdictionFacts:
    """What a jurisdiction's page shows alike in every language: the jurisdiction, its
    assessments in the criteria's order, the provisions they cite (an EU Member State's
    may be the EU's), what each rests on, the platforms serving it, and the penalties
    page it links to. One object per jurisdiction and build, so that its text is worked
    out once for the three languages' pages (reuse.InputTexts)."""

    jurisdiction: object
    assessments: tuple
    cited: tuple
    bases: tuple
    platforms: tuple
    penalties: str


def jurisdiction_inputs(portal, jurisdiction) -> tuple:
    """A jurisdiction's page: its JurisdictionFacts, and the criteria in the page's language."""
    made = portal.shared.jurisdiction_facts if portal.shared is not None else {}
    facts = made.get(jurisdiction.code)
    if facts is None:
        facts = made[jurisdiction.code] = jurisdiction_facts(portal, jurisdiction)
    return facts, tuple(portal.criteria)


def jurisdiction_facts(portal, jurisdiction) -> JurisdictionFacts:
    """A jurisdiction's JurisdictionFacts, read from `portal`, whose language changes none
    of them: the criteria's order is their topic's and their code's, and a
    jurisdiction's penalties are in one region (tests/test_site.py checks it)."""
    code = jurisdiction.code
    assessments = tuple(portal.level(code, c.id) for c in portal.criteria)
    # Each provision once (which assessment cites it is in their evidence): a country's
    # assessments cite each of its provisions several times.
    cited = tuple({iri: portal.provisions[iri] for a in assessments for iri in a.evidence
                   if iri in portal.provisions}.values())
    penalties = portal.penalty_region_of(code)
    return JurisdictionFacts(jurisdiction, assessments, cited,
                             tuple(portal.basis(code, c.id) for c in portal.criteria),
                             tuple(portal.platforms_serving(code)), penalties.slug if penalties else "")


def overview_inputs(portal, levels: str, headings: str) -> dict[str, tuple]:
    """The inputs of each page that is not about one resource, by template name."""
    criteria = tuple(portal.criteria)
    scorecards = tuple((j.code, j.reviewed_on, tuple(a.level for a in j.scorecard))
                       for j in portal.jurisdictions)
    return {
        "home": (levels, criteria, scorecards, tuple(portal.changes[:8])),
        "matrix": (levels, criteria),
        "compare": (levels,),
        "criteria": (levels, criteria),
        "vocabulary": (criteria,),
        # Of each region, what the table shows (not its rows: its own page's inputs).
        "penalties": (tuple(portal.longest_terms()),
                      tuple((r.slug, r.m49, tuple(r.jurisdictions()), len(r.rows))
                            for r in portal.penalty_regions)),
        "duties": (tuple(portal.duties), headings),
        "changes": (changes_digest(portal), tuple(portal.policy_changes)),
        "platforms": (tuple(portal.platforms), tuple(portal.policy_criteria)),
        "data": (), "method": (), "about": (),
    }


def criterion_inputs(portal, criterion, headings: str) -> tuple:
    """A criterion's page: each jurisdiction's assessment of it, and the provisions cited."""
    return (criterion, tuple(portal.level(j.code, criterion.id) for j in portal.jurisdictions),
            headings)


def region_inputs(portal, region, headings: str) -> tuple:
    """A region's penalties page: its rows, and the other regions it links to."""
    return (region, tuple((r.slug, r.m49) for r in portal.penalty_regions), headings)


def platform_inputs(portal, platform, headings: str) -> tuple:
    """A platform's page: its policy, the criteria, and what was reviewed of the law of
    the jurisdictions it serves."""
    return (platform, tuple(portal.policy_criteria),
            tuple((j.code, tuple(j.topics)) for j in portal.jurisdictions), headings)
