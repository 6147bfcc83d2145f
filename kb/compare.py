"""Comparisons built on the matrix question: scorecards, gaps between jurisdictions,
and recommendations (IUCN res. 050 para. 1(b)).

"Not known" is never treated as "not met": a jurisdiction whose topic was not
reviewed has no gap on it, only an unknown.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace

from babel.core import get_global

from .output import ask_records
from .project import Project
from .questions import Parameter, known_jurisdictions, term_for
from .regions import region

RANK = {"met": 3, "partly": 2, "not_met": 1, "not_known": 0}
# A model read on the official publisher's site comes first, then one read in a copy.
REVIEW_RANK = {"checked_official": 0, "checked_copy": 1, "secondary": 2, "unconfirmed": 3}


@functools.cache
def official_languages(code: str) -> frozenset[str]:
    """The languages CLDR records as official in a territory (none for EU)."""
    spoken = get_global("territory_languages").get(code.upper(), {})
    return frozenset(lang for lang, info in spoken.items()
                     if (info.get("official_status") or "").endswith("official"))


@dataclass(frozen=True)
class Assessment:
    jurisdiction: str
    criterion: str
    level: str
    evidence: tuple[str, ...]
    # For "not met": what was read for the topic, so that the finding can be checked.
    reviewed: tuple[str, ...] = ()
    also_reviewed: tuple[str, ...] = ()
    finding: str = ""
    reviewed_titles: tuple[tuple[str, str], ...] = ()  # (instrument, its English title)


@dataclass
class Cited:
    """A provision as a memo cites it (not to be changed: shared by every memo citing it;
    not frozen, which made 18,000 of them three times slower to make)."""

    iri: str
    jurisdiction: str
    citation: str
    title: str
    excerpt: str
    translation: str
    source_url: str
    review_status: str
    language: str = ""


@dataclass
class Gap:
    criterion: str
    level: str  # the level of the jurisdiction behind
    peer: str
    peer_level: str
    models: list[Cited] = field(default_factory=list)


@dataclass
class Recommendation:
    criterion: str
    level: str
    models: list[Cited]


class Comparison:
    """The matrix and the cited provisions as of one date, from one source."""

    def __init__(self, project: Project, source, as_of: str = "today"):
        # The answers' records (output.records: cells as shown, lists sorted), which a
        # build reads from the lines it parsed before (sparql.ParsedLines).
        self.codes = known_jurisdictions(project, source)
        matrix = ask_records(project, source, "matrix", {"asOf": as_of})
        self.assessments = [
            Assessment(r["jurisdiction"], r["criterion"], r["level"],
                       tuple(sorted(r["evidence"].split())),
                       tuple(sorted(r.get("reviewed", "").split())),
                       tuple(sorted(t for t in r.get("alsoReviewed", "").split(" | ") if t)),
                       r.get("reviewFinding", ""))
            for r in matrix]
        self.members = {r["jurisdiction"]: r["memberOf"]
                        for r in ask_records(project, source, "jurisdictions", {})}
        self.labels = {r["criterion"]: r["label"]
                       for r in ask_records(project, source, "criteria", {"lang": "en"})}
        self.titles: dict[str, str] = {}
        for r in ask_records(project, source, "instruments", {}):
            if r["titleLang"] == "en" or r["instrument"] not in self.titles:
                self.titles[r["instrument"]] = r["title"]
        self.assessments = [
            replace(a, reviewed_titles=tuple((iri, self.titles.get(iri, iri)) for iri in a.reviewed))
            if a.reviewed else a for a in self.assessments]
        # Each jurisdiction's and each criterion's assessments, in the matrix's order.
        self._by_jurisdiction: dict[str, list[Assessment]] = {}
        self._by_criterion: dict[str, list[Assessment]] = {}
        self._by_cell: dict[tuple[str, str], Assessment] = {}
        self._above: dict[tuple[str, str], list[Assessment]] = {}  # (see _better)
        for a in self.assessments:
            self._by_jurisdiction.setdefault(a.jurisdiction, []).append(a)
            self._by_criterion.setdefault(a.criterion, []).append(a)
            self._by_cell.setdefault((a.jurisdiction, a.criterion), a)
        self.as_of = matrix[0]["asOf"] if matrix else as_of
        self.provisions: dict[str, Cited] = {}
        for r in ask_records(project, source, "provisions", {"asOf": as_of}):
            if r["inForce"] != "true" or r["provision"] in self.provisions:
                continue  # only the law in force is evidence or a model; a row per topic
            self.provisions[r["provision"]] = Cited(
                r["provision"], r["jurisdiction"], r["citation"], r["title"], r["excerpt"],
                r["translation"], r["sourceUrl"], r["reviewStatus"], r["excerptLang"])

    def check(self, code: str) -> str:
        """`code` in capitals, or UnknownJurisdiction listing the known ones."""
        term_for(Parameter("jurisdiction", "jurisdiction", None), code, self.codes)
        return code.upper()

    def scorecard(self, code: str) -> list[Assessment]:
        code = self.check(code)
        return list(self._by_jurisdiction.get(code, ()))

    def level(self, code: str, criterion: str) -> Assessment:
        return self._by_cell[(code, criterion)]

    def cited(self, assessment: Assessment) -> list[Cited]:
        found = [self.provisions[i] for i in assessment.evidence if i in self.provisions]
        return sorted(found, key=lambda c: (REVIEW_RANK.get(c.review_status, 9), c.citation))

    def gaps(self, code: str, peers: list[str]) -> list[Gap]:
        """Criteria a peer meets better than `code` does, with the peer's provisions as models."""
        code, peers = self.check(code), [self.check(p) for p in peers]
        out = []
        for mine in self.scorecard(code):
            if mine.level == "not_known":
                continue
            for peer in peers:
                theirs = self.level(peer, mine.criterion)
                if RANK[theirs.level] > RANK[mine.level] and theirs.level in ("met", "partly"):
                    out.append(Gap(mine.criterion, mine.level, peer, theirs.level,
                                   self.models(code, [theirs], 2)))
        return out

    def _better(self, criterion: str, level: str) -> list[Assessment]:
        """The assessments of `criterion` at a higher level than `level`, in the matrix's
        order: worked out once for all the jurisdictions at that level (recommending to
        each of 200 scanned every one of them for every criterion)."""
        found = self._above.get((criterion, level))
        if found is None:
            found = self._above[criterion, level] = [
                a for a in self._by_criterion[criterion] if RANK[a.level] > RANK[level]]
        return found

    def label(self, criterion: str) -> str:
        return self.labels.get(criterion, criterion)

    def models(self, code: str, candidates: list[Assessment], limit: int) -> list[Cited]:
        """The provisions that earn `candidates` their level, as models for `code`: each
        provision once, one per lawmaker, ranked by review status, then by closeness (a
        lawmaker of the same region, then one sharing an official language), the EU's own
        regulations after the rest for a State outside the Union (they bind no one else)."""
        languages = official_languages(code)
        in_union = self.members.get(code) == "EU" or code == "EU"
        home = region(code)

        def rank(c: Cited) -> tuple:
            return (REVIEW_RANK.get(c.review_status, 9),
                    c.jurisdiction == "EU" and not in_union,
                    region(c.jurisdiction) != home,
                    c.language.split("-")[0] not in languages,
                    c.jurisdiction, c.citation)

        best: dict[str, Cited] = {}
        for assessment in candidates:
            for cited in self.cited(assessment):
                if cited.jurisdiction == code:
                    continue
                held = best.get(cited.jurisdiction)
                if held is None or rank(cited) < rank(held):
                    best[cited.jurisdiction] = cited
        return sorted(best.values(), key=rank)[:limit]

    def recommend(self, code: str, per_criterion: int = 3) -> list[Recommendation]:
        """Each criterion `code` does not fully meet, with the strongest models elsewhere."""
        code = self.check(code)
        out = []
        for mine in self.scorecard(code):
            if mine.level not in ("not_met", "partly"):
                continue
            better = [a for a in self._better(mine.criterion, mine.level) if a.jurisdiction != code]
            # Models that fully meet the criterion before those that partly do.
            models = self.models(code, [a for a in better if a.level == "met"], per_criterion)
            if len(models) < per_criterion:
                seen = {m.iri for m in models} | {m.jurisdiction for m in models}
                more = [m for m in self.models(code, better, per_criterion * 2)
                        if m.iri not in seen and m.jurisdiction not in seen]
                models += more[:per_criterion - len(models)]
            out.append(Recommendation(mine.criterion, mine.level, models))
        return out
