"""Comparisons built on the matrix question: scorecards, gaps between jurisdictions,
and recommendations (IUCN res. 050 para. 1(b)).

"Not known" is never treated as "not met": a jurisdiction whose topic was not
reviewed has no gap on it, only an unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .output import show
from .project import Project
from .questions import Parameter, ask, known_jurisdictions, term_for

RANK = {"met": 3, "partly": 2, "not_met": 1, "not_known": 0}
REVIEW_RANK = {"checked_official": 0, "secondary": 1, "unconfirmed": 2}


@dataclass(frozen=True)
class Assessment:
    jurisdiction: str
    criterion: str
    level: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Cited:
    """A provision as a memo cites it."""

    iri: str
    jurisdiction: str
    citation: str
    title: str
    excerpt: str
    translation: str
    source_url: str
    review_status: str


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
        self.codes = known_jurisdictions(project, source)
        matrix = ask(project, source, "matrix", {"asOf": as_of})
        self.assessments = [
            Assessment(show(r["jurisdiction"]), show(r["criterion"]), show(r["level"]),
                       tuple(sorted(show(r["evidence"]).split())))
            for r in matrix.rows]
        self.as_of = show(matrix.rows[0]["asOf"]) if matrix.rows else as_of
        provisions = ask(project, source, "provisions", {"asOf": as_of})
        self.provisions: dict[str, Cited] = {}
        for r in provisions.rows:
            if show(r["inForce"]) != "true":
                continue  # only the law in force is evidence or a model
            iri = r["provision"].value
            self.provisions.setdefault(iri, Cited(
                iri, show(r["jurisdiction"]), show(r["citation"]), show(r["title"]),
                show(r["excerpt"]), show(r["translation"]), show(r["sourceUrl"]),
                show(r["reviewStatus"])))

    def check(self, code: str) -> str:
        """`code` in capitals, or UnknownJurisdiction listing the known ones."""
        term_for(Parameter("jurisdiction", "jurisdiction", None), code, self.codes)
        return code.upper()

    def scorecard(self, code: str) -> list[Assessment]:
        code = self.check(code)
        return [a for a in self.assessments if a.jurisdiction == code]

    def level(self, code: str, criterion: str) -> Assessment:
        return next(a for a in self.assessments
                    if a.jurisdiction == code and a.criterion == criterion)

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
                                   self.cited(theirs)))
        return out

    def recommend(self, code: str, per_criterion: int = 3) -> list[Recommendation]:
        """Each criterion `code` does not fully meet, with the strongest models elsewhere."""
        code = self.check(code)
        out = []
        for mine in self.scorecard(code):
            if mine.level not in ("not_met", "partly"):
                continue
            candidates = [a for a in self.assessments
                          if a.criterion == mine.criterion and a.jurisdiction != code
                          and RANK[a.level] > RANK[mine.level]]
            candidates.sort(key=lambda a: (-RANK[a.level], a.jurisdiction))
            models = [c for a in candidates for c in self.cited(a)]
            models.sort(key=lambda c: (REVIEW_RANK.get(c.review_status, 9),))
            out.append(Recommendation(mine.criterion, mine.level, models[:per_criterion]))
        return out
