"""The platforms section of the portal (issue 19), built from the answers to
queries/platforms.rq, policy-provisions.rq, policy-matrix.rq and policy-vs-law.rq.

Like pages.py, templates never query: each platform page renders from a Platform.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..namespaces import ID
from ..output import ask_records
from .render import _collator

# The topics of the policy criteria, in the order the pages show them.
POLICY_TOPICS = ("policy_prohibition", "policy_enforcement", "code_of_conduct")
# The order of the two sides of a difference on a page: what the policy adds first.
DIRECTIONS = ("policy_beyond_law", "law_beyond_policy")


@dataclass
class PolicyProvision:
    iri: str
    anchor: str  # its id on the platform page
    document: str
    document_title: str
    title_lang: str
    applies_in: str  # the one jurisdiction a country page of the policy applies in, or ""
    citation: str
    excerpt: str
    excerpt_lang: str
    translation: str
    source_url: str
    consulted: str
    review_status: str
    in_force_from: str
    in_force_until: str


@dataclass
class Membership:
    iri: str
    code: str  # coc: code list
    since: str
    source_url: str
    consulted: str
    review_status: str


@dataclass
class Difference:
    """One row of policy-vs-law, its values split into code-list terms for the labels."""

    jurisdiction: str
    direction: str
    aspect: str
    activity: str = ""  # pconduct: (conduct, no_exception)
    scope: str = ""  # species: (conduct)
    product: str = ""  # product: (no_exception)
    policy_time: str = ""  # xsd:duration (deadline)
    law_conduct: str = ""  # conduct: (conduct, no_exception)
    law_time: str = ""  # xsd:duration (deadline)
    duty: str = ""  # duty: (duty)
    policy_evidence: list[str] = field(default_factory=list)
    law_evidence: list[str] = field(default_factory=list)


@dataclass
class Platform:
    iri: str
    slug: str
    company: str
    service: str
    kind: str
    serves: list[str]
    memberships: list[Membership]
    provisions: list[PolicyProvision] = field(default_factory=list)
    levels: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # criterion -> (level, evidence)
    differences: list[Difference] = field(default_factory=list)

    def evidence_anchor(self, iri: str) -> str:
        """The id, on this platform's page, of a provision or membership cited as evidence."""
        return anchor(self.iri, iri)

    def provision(self, iri: str) -> PolicyProvision | None:
        """One of its provisions cited as evidence (None for a membership)."""
        return next((p for p in self.provisions if p.iri == iri), None)

    def differences_in(self, code: str, direction: str | None = None) -> list[Difference]:
        return [d for d in self.differences
                if d.jurisdiction == code and direction in (None, d.direction)]

    def jurisdictions_with_differences(self) -> list[str]:
        return list(dict.fromkeys(d.jurisdiction for d in self.differences))


@dataclass
class PolicyChange:
    """A policy provision's version beginning or ending (queries/policy-changes.rq)."""

    date: str
    platform: str  # its slug: the page platforms/<slug>/
    service: str
    change: str  # version_from or version_until
    subject: str
    citation: str
    document_title: str
    anchor: str  # the provision's id on the platform's page


def ask_policy_changes(project, source, platforms: list[Platform]) -> list[PolicyChange]:
    """The changes of the platforms' policies since 2016, the latest first."""
    slugs = {p.iri: p.slug for p in platforms}
    return [PolicyChange(r["date"], slugs[r["platform"]], r["service"], r["change"], r["subject"],
                         r["citation"], r["documentTitle"], anchor(r["platform"], r["subject"]))
            for r in ask_records(project, source, "policy-changes") if r["platform"] in slugs]


def anchor(platform: str, iri: str) -> str:
    """The id on the platform's page of one of its resources: .../ebay/au/s1 -> p-au-s1."""
    return "p-" + iri[len(platform) + 1:].replace("/", "-")


def make_difference(row: dict) -> Difference:
    policy, law = row["policyValue"], row["lawValue"]
    d = Difference(row["jurisdiction"], row["direction"], row["aspect"],
                   policy_evidence=row["policyEvidence"].split(),
                   law_evidence=row["lawEvidence"].split())
    if d.aspect == "conduct":
        d.activity, _, d.scope = policy.partition(" ")
        d.law_conduct = law
    elif d.aspect == "no_exception":
        d.activity, _, d.product = policy.partition(" ")
        d.law_conduct = law
    elif d.aspect == "deadline":
        d.policy_time, d.law_time = policy, law
    elif d.aspect == "duty":
        d.duty = law
    return d


def ask_platforms(project, source, as_of: str) -> list[Platform]:
    """Every platform with its provisions, criteria levels and differences with the law,
    in the order of their service names (the same in every language)."""
    platforms: dict[str, Platform] = {}
    for r in ask_records(project, source, "platforms"):
        p = platforms.setdefault(r["platform"], Platform(
            r["platform"], r["platform"][len(str(ID)):].split("/", 1)[1], r["company"],
            r["service"], r["kind"],
            sorted(iri.rsplit("/", 1)[-1].upper() for iri in r["serves"].split()), []))
        if r["membership"]:
            p.memberships.append(Membership(r["membership"], r["code"], r["memberSince"],
                                            r["memberSource"], r["memberConsulted"],
                                            r["memberStatus"]))
    for r in ask_records(project, source, "policy-provisions"):
        if r["platform"] in platforms:
            platforms[r["platform"]].provisions.append(PolicyProvision(
                r["provision"], anchor(r["platform"], r["provision"]), r["document"],
                r["documentTitle"], r["titleLang"], r["appliesIn"], r["citation"], r["excerpt"],
                r["excerptLang"], r["translation"], r["sourceUrl"], r["consulted"],
                r["reviewStatus"], r["inForceFrom"], r["inForceUntil"]))
    for r in ask_records(project, source, "policy-matrix", {"asOf": as_of}):
        if r["platform"] in platforms:
            platforms[r["platform"]].levels[r["criterion"]] = (r["level"], r["evidence"].split())
    for r in ask_records(project, source, "policy-vs-law", {"asOf": as_of}):
        if r["platform"] in platforms:
            platforms[r["platform"]].differences.append(make_difference(r))
    collator = _collator()
    return sorted(platforms.values(), key=lambda p: (collator.sort_key(p.service), p.iri))


@dataclass
class PolicyCriterion:
    id: str
    topic: str
    label: str
    test: str


def policy_criteria(project, source, language: str) -> list[PolicyCriterion]:
    """The criteria for platform policies in `language`, grouped by topic."""
    criteria = [PolicyCriterion(r["notation"], r["topic"], r["label"], r["test"])
                for r in ask_records(project, source, "policy-criteria", {"lang": language})]
    rank = {topic: n for n, topic in enumerate(POLICY_TOPICS)}
    return sorted(criteria, key=lambda c: (rank.get(c.topic, len(rank)), c.id))
