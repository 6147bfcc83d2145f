"""The context of every page type, built from the answers to the questions in queries/.

Templates never query: each page renders from one of these dataclasses.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field

from ..compare import RANK, Assessment, Cited, Comparison, Recommendation
from ..namespaces import ID
from ..output import ask_records
from ..questions import answering
from ..store import thesaurus_finds_path
from .inputs import digest_of
from .platforms import (
    Platform,
    PolicyChange,
    PolicyCriterion,
    ask_platforms,
    ask_policy_changes,
    policy_criteria,
)
from .render import LANGUAGES, by_name, collation_key
from .rows import (
    DutyRow,
    PenaltyRegion,
    PenaltyRow,
    distinct_changes,
    duty_rows,
    longest_terms,
    penalty_regions,
    penalty_rows,
)
from .thesaurus import Thesaurus

TOPICS = ("offence", "penalty", "platform_duty", "jurisdiction_rule")
# Review statuses, from the most to the least checked.
BASIS_RANK = {"checked_official": 0, "checked_copy": 1, "secondary": 2, "unconfirmed": 3}


def site_path(iri: str, language: str) -> str:
    """The page of a corpus resource: https://w3id.org/wildlex/id/ke/act/s2 -> en/ke/act/s2/."""
    return f"{language}/{iri[len(str(ID)):]}/"


@dataclass
class Criterion:
    id: str
    topic: str
    label: str
    test: str
    sources: list[str]


@dataclass
class Provision:
    iri: str
    jurisdiction: str
    instrument: str
    title: str
    citation: str
    excerpt: str
    excerpt_lang: str
    translation: str
    source_url: str
    consulted: str
    review_status: str
    in_force: bool
    topics: list[str] = field(default_factory=list)
    facts: list[dict[str, str]] = field(default_factory=list)  # rows of the export question
    terms: list[str] = field(default_factory=list)  # the thesaurus terms its text names


@dataclass
class Instrument:
    iri: str
    jurisdiction: str
    titles: dict[str, str]
    type: str
    number: str
    adopted: str
    in_force: str
    repealed: str
    official_text: str
    provisions: list[Provision] = field(default_factory=list)

    def title(self, language: str) -> str:
        return self.titles.get(language) or self.titles.get("en") or next(iter(self.titles.values()))

    def heading(self, language: str) -> tuple[str, str, str]:
        """(language, title, English description) to show a reader of `language`: the title
        in that language when the law has one (an official version), else in the law's own
        language with its English title as a description ("" when there is nothing to add)."""
        if language in self.titles:
            return language, self.titles[language], ""
        own = sorted(lang for lang in self.titles if lang != "en")
        if own:
            return own[0], self.titles[own[0]], self.titles.get("en", "")
        return "en", self.title("en"), ""


@dataclass
class Jurisdiction:
    code: str
    reviewed_on: str
    topics: list[str]
    not_confirmed: list[str]
    instruments: list[Instrument]
    scorecard: list[Assessment]
    recommendations: list[Recommendation]
    changes: list[dict]

    def count(self, level: str) -> int:
        return sum(1 for a in self.scorecard if a.level == level)


@dataclass
class Portal:
    """Everything the pages of one language show."""

    language: str
    as_of: str
    criteria: list[Criterion]
    jurisdictions: list[Jurisdiction]
    provisions: dict[str, Provision]
    assessments: dict[tuple[str, str], Assessment]
    penalties: list[PenaltyRow]
    duties: list[DutyRow]
    changes: list[dict]
    cited: dict[str, Cited]
    vocabulary: list[dict]
    platforms: list[Platform] = field(default_factory=list)
    policy_criteria: list[PolicyCriterion] = field(default_factory=list)
    policy_changes: list[PolicyChange] = field(default_factory=list)
    # The build's shared answers (build_portal sets it), for what every language's portal
    # works out alike.
    shared: Shared | None = field(default=None, repr=False, compare=False)

    def latest_change(self) -> str:
        """The date of the latest change, in the law or a platform's policy (or the date the
        law is read as of, when none is recorded)."""
        dates = [c["date"] for c in self.changes] + [c.date for c in self.policy_changes]
        return max(dates, default=self.as_of)

    def by_name(self, codes: list[str]) -> list[str]:
        """Jurisdiction codes in the order of their names in this page's language."""
        return by_name(codes, self.language)

    def platforms_serving(self, code: str) -> list[Platform]:
        """The platforms that serve `code` and whose policy differs from its law."""
        return [p for p in self.platforms if code in p.serves and p.differences_in(code)]

    @functools.cached_property
    def penalty_regions(self) -> list[PenaltyRegion]:
        """The penalties page's regions, by name in this page's language (no known region last)."""
        return sorted(penalty_regions(self.penalties),
                      key=lambda r: (not r.m49, collation_key(r.name(self.language))))

    def penalty_region_of(self, code: str) -> PenaltyRegion | None:
        """The region whose penalties page lists those of `code`, if it has any."""
        return self._region_of.get(code)

    @functools.cached_property
    def _region_of(self) -> dict[str, PenaltyRegion]:
        found: dict[str, PenaltyRegion] = {}
        for region in self.penalty_regions:  # the first region that lists a code holds
            for code in region.jurisdictions():
                found.setdefault(code, region)
        return found

    def level(self, code: str, criterion: str) -> Assessment:
        return self.assessments[(code, criterion)]

    def going_further(self, code: str, criterion: str) -> list[tuple[Jurisdiction, Assessment]]:
        """The other jurisdictions, in this language's order, that meet or partly meet
        `criterion` at a higher level than `code` does."""
        mine = RANK[self.level(code, criterion).level]
        return [(j, a) for j, a in self._reaching[criterion]
                if j.code != code and RANK[a.level] > mine]

    @functools.cached_property
    def _reaching(self) -> dict[str, list[tuple[Jurisdiction, Assessment]]]:
        # A comparison page per jurisdiction scanned every other one for every criterion.
        reaching = {}
        for c in self.criteria:
            levels = [(j, self.level(j.code, c.id)) for j in self.jurisdictions]
            reaching[c.id] = [(j, a) for j, a in levels if a.level in ("met", "partly")]
        return reaching

    def basis(self, code: str, criterion: str) -> str:
        """What an assessment rests on, when less than the official text: the review status
        of its best-checked evidence (checked_copy, secondary, unconfirmed), else ""."""
        return self.shared.bases[(code, criterion)]

    def weak_findings(self, code: str) -> list[str]:
        """The criteria whose assessment for `code` rests on less than the official text."""
        return [c.id for c in self.criteria if self.basis(code, c.id)]

    def longest_terms(self) -> list[tuple[str, int, bool]]:
        """(jurisdiction, longest maximum prison term in months, life?) for the chart: the
        same in every language, worked out once per build."""
        return self.shared.longest_terms if self.shared is not None else longest_terms(self.penalties)

    def duty_counts(self) -> list[tuple[str, int]]:
        """(duty type label, number of jurisdictions imposing it) for the duties chart."""
        where: dict[str, set[str]] = defaultdict(set)
        for d in self.duties:
            for notation in d.duty_types:
                where[notation].update(d.applies_in)
        return sorted(((self.label("duty", n), len(codes)) for n, codes in where.items()),
                      key=lambda r: (-r[1], r[0]))

    def label(self, scheme: str, notation: str) -> str:
        """The ontology's label of a code-list term in this page's language."""
        return self._labels.get((scheme, notation), notation)

    @functools.cached_property
    def _labels(self) -> dict[tuple[str, str], str]:
        # Looked up a few hundred thousand times per build; the first label of a term holds.
        labels: dict[tuple[str, str], str] = {}
        for t in self.vocabulary:
            labels.setdefault((t["scheme"], t["term"]), t["label"])
        return labels

    def labels(self, scheme: str, notations: str, separator: str = ";") -> str:
        return ", ".join(self.label(scheme, n) for n in notations.split(separator) if n)


@dataclass
class Shared:
    """The answers every language shows alike, asked once per build."""

    comparison: Comparison
    jurisdictions: list[Jurisdiction]
    provisions: dict[str, Provision]
    penalties: list[PenaltyRow]
    duties: list[DutyRow]
    changes: list[dict]
    platforms: list[Platform] = field(default_factory=list)
    policy_changes: list[PolicyChange] = field(default_factory=list)
    # What each jurisdiction's page shows in every language (inputs.jurisdiction_inputs).
    jurisdiction_facts: dict = field(default_factory=dict, repr=False, compare=False)

    @functools.cached_property
    def bases(self) -> dict[tuple[str, str], str]:
        """What each assessment rests on (see Portal.basis), by (jurisdiction, criterion):
        every page that compares jurisdictions asks for all of them, in every language."""
        status_of = {iri: p.review_status for iri, p in self.provisions.items()}.get
        bases = {}
        for a in self.comparison.assessments:  # (the last of a cell holds, as Portal.level's)
            found = set(map(status_of, a.evidence))
            found.discard(None)  # (evidence that is no provision in force)
            # The best-checked status found; only a cell of statuses outside BASIS_RANK
            # alone is ranked one by one (they tie: the first of its evidence holds).
            best = next((status for status in BASIS_RANK if status in found), None)
            if best is None:
                statuses = [status_of(i) for i in a.evidence if status_of(i) is not None]
                best = statuses[0] if statuses else ""
            bases[a.jurisdiction, a.criterion] = "" if best == "checked_official" else best
        return bases

    @functools.cached_property
    def levels(self) -> str:
        """Every assessment's level and basis, as text (see inputs.levels_digest)."""
        return repr(sorted(((a.jurisdiction, a.criterion), a.level,
                            self.bases[a.jurisdiction, a.criterion])
                           for a in self.comparison.assessments))

    @functools.cached_property
    def longest_terms(self) -> list[tuple[str, int, bool]]:
        """See Portal.longest_terms."""
        return longest_terms(self.penalties)

    @functools.cached_property
    def changes_digest(self) -> str:
        """The digest of every change in the law (see inputs.changes_digest)."""
        return digest_of(tuple(self.changes))

    @functools.cached_property
    def headings(self) -> str:
        """Every provision's address, country, law, title and citation, as text (see
        inputs.headings_digest): the same in every language, written once."""
        return repr(tuple((p.iri, p.jurisdiction, p.instrument, p.title, p.citation)
                          for p in self.provisions.values()))


# The site's questions that take long on a large corpus, and whether the site asks them
# as of its date: asked side by side while the site reads them, in the order it first
# reads them (the comparison reads the matrix, then the provisions), the longest first
# otherwise. (Read in this order, a rebuild's questions were 0.04 s quicker to answer.)
SLOW_QUESTIONS = (("matrix", True), ("provisions", True), ("export", True), ("penalties", True),
                  ("changes", False), ("policy-vs-law", True), ("platform-duties", True),
                  ("instruments", False), ("coverage", False), ("jurisdictions", False))


# The questions each language's portal asks (build_portal): answered with the shared
# ones, before the processes that write the pages fork, so that neither each of them nor
# the search pages after asks them again (0.2 s each at 200 jurisdictions, in a rebuild).
LANGUAGE_QUESTIONS = ("criteria", "vocabulary", "policy-criteria")


def ask_shared(project, source, as_of: str, ahead: list[tuple[str, dict]] = ()) -> Shared:
    """The answers every language shows; `ahead`, more (name, values) to answer with the
    slowest of them, side by side, while the first are read."""
    with answering(project, source, [(name, {"asOf": as_of} if dated else {})
                                     for name, dated in SLOW_QUESTIONS] + list(ahead)
                   + [(name, {"lang": language}) for language in LANGUAGES
                      for name in LANGUAGE_QUESTIONS]):
        return _shared(project, source, as_of)


def _shared(project, source, as_of: str) -> Shared:
    comparison = Comparison(project, source, as_of)
    provisions: dict[str, Provision] = {}
    for r in ask_records(project, source, "provisions", {"asOf": as_of}):
        p = provisions.get(r["provision"])
        if p is None:  # a row per topic: made once
            p = provisions[r["provision"]] = Provision(
                r["provision"], r["jurisdiction"], r["instrument"], r["title"], r["citation"],
                r["excerpt"], r["excerptLang"], r["translation"], r["sourceUrl"], r["consulted"],
                r["reviewStatus"], r["inForce"] == "true")
        if r["topic"] and r["topic"] not in p.topics:
            p.topics.append(r["topic"])
    offence_provisions: dict[str, str] = {}
    for row in ask_records(project, source, "export", {"asOf": as_of}):
        offence_provisions[row["fact"]] = row["provision"]
        for key in ("provision", "penalty_provision"):
            if row[key] in provisions and row not in provisions[row[key]].facts:
                provisions[row[key]].facts.append(row)

    instruments: dict[str, Instrument] = {}
    for r in ask_records(project, source, "instruments"):
        i = instruments.setdefault(r["instrument"], Instrument(
            r["instrument"], r["jurisdiction"], {}, r["type"], r["number"], r["adopted"],
            r["inForce"], r["repealed"], r["officialText"]))
        i.titles[r["titleLang"]] = r["title"]
    for p in sorted(provisions.values(), key=lambda p: p.iri):
        if p.instrument in instruments:
            instruments[p.instrument].provisions.append(p)
    found = thesaurus_finds_path(project)  # for a build in a new process
    thesaurus = Thesaurus.of(ask_records(project, source, "thesaurus"), found)
    for p in provisions.values():
        titles = instruments[p.instrument].titles.values() if p.instrument in instruments else ()
        p.terms = thesaurus.terms(p.excerpt, p.translation, p.title, *titles)
    thesaurus.save(found)

    penalties = penalty_rows(ask_records(project, source, "penalties", {"asOf": as_of}))
    for row in penalties:
        row.punished_provisions = list(dict.fromkeys(
            offence_provisions[fact] for fact in row.punishes if fact in offence_provisions))
        by_law: dict[str, list] = {}
        for iri in row.punished_provisions:
            if iri in provisions:
                by_law.setdefault(provisions[iri].instrument, []).append(provisions[iri])
        row.punished_by_law = [(law, items[0].title, [(o.iri, o.citation) for o in items])
                               for law, items in by_law.items()]
    # Law by law, so that each law heads its penalties once (the page sorts by country after).
    penalties.sort(key=lambda r: (r.provision.rsplit("/", 1)[0], r.citation, r.penalty))
    changes = distinct_changes(ask_records(project, source, "changes"), {
        **{iri: iri for iri in provisions}, **{iri: iri for iri in instruments},
        **{p.penalty: p.provision for p in penalties}}, {p.iri: p.title for p in provisions.values()})
    by_jurisdiction = defaultdict(list)
    for change in changes:
        by_jurisdiction[change["jurisdiction"]].append(change)
    members = defaultdict(list)
    for r in ask_records(project, source, "jurisdictions"):
        if r["memberOf"]:
            members[r["memberOf"]].append(r["jurisdiction"])
    duties = duty_rows(ask_records(project, source, "platform-duties", {"asOf": as_of}), members,
                       {i.iri for i in instruments.values() if i.type == "regulation"},
                       {p.iri: p.instrument for p in provisions.values()})
    coverage = {r["jurisdiction"]: r for r in ask_records(project, source, "coverage")}
    laws = defaultdict(list)  # (each jurisdiction scanning every law took 0.15 s at 200)
    for i in sorted(instruments.values(), key=lambda i: i.iri):
        laws[i.jurisdiction].append(i)
    jurisdictions = []
    for code in sorted(c.upper() for c in comparison.codes):
        c = coverage.get(code, {})
        jurisdictions.append(Jurisdiction(
            code, c.get("reviewedOn", ""),
            sorted(t.rsplit("/", 1)[-1] for t in c.get("topics", "").split()),
            sorted(n for n in c.get("notConfirmed", "").split(" | ") if n),
            laws[code],
            comparison.scorecard(code), comparison.recommend(code), by_jurisdiction[code]))
    platforms = ask_platforms(project, source, as_of)
    return Shared(comparison, jurisdictions, provisions, penalties, duties, changes, platforms,
                  ask_policy_changes(project, source, platforms))


def build_portal(project, source, language: str, shared: Shared) -> Portal:
    criteria = [Criterion(r["notation"], r["topic"], r["label"], r["test"],
                          [s for s in r["sources"].split(" | ") if s])
                for r in ask_records(project, source, "criteria", {"lang": language})]
    criteria.sort(key=lambda c: (TOPICS.index(c.topic) if c.topic in TOPICS else len(TOPICS), c.id))
    comparison = shared.comparison
    return Portal(language, comparison.as_of, criteria,
                  by_name(shared.jurisdictions, language, lambda j: j.code), shared.provisions,
                  {(a.jurisdiction, a.criterion): a for a in comparison.assessments},
                  by_name(shared.penalties, language, lambda p: p.jurisdiction),
                  by_name(shared.duties, language, lambda d: d.jurisdiction),
                  shared.changes, comparison.provisions,
                  ask_records(project, source, "vocabulary", {"lang": language}),
                  shared.platforms, policy_criteria(project, source, language),
                  shared.policy_changes, shared)
