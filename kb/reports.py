"""Text and Markdown reports of comparisons: what `wildlex compare` and `recommend` print."""

from __future__ import annotations

import textwrap

from .compare import Assessment, Cited, Comparison
from .coverage import country_name

LEVEL_MARK = {"met": "met", "partly": "partly", "not_met": "NOT MET", "not_known": "not known"}


def _cite(c: Cited, indent: str = "      ") -> list[str]:
    lines = [f"{indent}{c.jurisdiction} — {c.title}, {c.citation} [{c.review_status}]"]
    quote = c.excerpt if not c.translation else f"{c.excerpt} (unofficial English: {c.translation})"
    lines += textwrap.wrap(f"“{quote}”", width=96, initial_indent=indent + "  ",
                           subsequent_indent=indent + "  ", max_lines=4, placeholder=" …”")
    lines.append(f"{indent}  {c.source_url}")
    return lines


def _names(codes: list[str]) -> str:
    names = [f"{country_name(c)} ({c})" for c in codes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _evidence_of_not_met(comparison: Comparison, assessment: Assessment, indent: str) -> list[str]:
    """What was read before calling a criterion not met."""
    read = [comparison.titles.get(iri, iri) for iri in assessment.reviewed]
    read += list(assessment.also_reviewed)
    lines = textwrap.wrap("reviewed: " + ("; ".join(read) if read else "no instrument named"),
                          width=96, initial_indent=indent, subsequent_indent=indent + "  ")
    if assessment.finding:
        lines += textwrap.wrap(f"finding: {assessment.finding}", width=96,
                               initial_indent=indent, subsequent_indent=indent + "  ")
    return lines


def compare_text(comparison: Comparison, codes: list[str]) -> str:
    codes = [comparison.check(c) for c in codes]
    first, peers = codes[0], codes[1:]
    criteria = [a.criterion for a in comparison.scorecard(first)]
    labels = {c: comparison.label(c) for c in criteria}
    width = min(44, max(len(label) for label in labels.values()))
    out = [f"Comparison of {_names([first])} with {_names(peers).replace(' or ', ' and ')}, "
           f"as of {comparison.as_of}", "",
           "criterion".ljust(width) + "  " + "  ".join(c.ljust(9) for c in codes)]
    for criterion in criteria:
        cells = [LEVEL_MARK[comparison.level(c, criterion).level].ljust(9) for c in codes]
        label = textwrap.wrap(labels[criterion], width)
        out.append(label[-1].ljust(width) + "  " + "  ".join(cells))
        out[-1:-1] = label[:-1]
    gaps = comparison.gaps(first, peers)
    verb = "goes" if len(peers) == 1 else "go"
    out += ["", f"Gaps: where {_names(peers)} {verb} further than {_names([first])} ({len(gaps)})"]
    for gap in gaps:
        out.append(f"  {labels[gap.criterion]}: {first} {LEVEL_MARK[gap.level]}, "
                   f"{gap.peer} {LEVEL_MARK[gap.peer_level]}")
        if gap.level == "not_met":
            out += _evidence_of_not_met(comparison, comparison.level(first, gap.criterion), "      ")
        for model in gap.models[:2]:
            out += _cite(model)
    unknown = [labels[a.criterion] for a in comparison.scorecard(first) if a.level == "not_known"]
    if unknown:
        out += [""] + textwrap.wrap(
            f"Not known for {first} (topic not reviewed, so no gap is claimed): " + "; ".join(unknown),
            width=96)
    return "\n".join(out) + "\n"


def recommend_text(comparison: Comparison, code: str) -> str:
    code = comparison.check(code)
    recommendations = comparison.recommend(code)
    out = [f"Recommendations for {_names([code])} as of {comparison.as_of} "
           f"({len(recommendations)} criteria not fully met)"]
    for rec in recommendations:
        out += ["", f"* {comparison.label(rec.criterion)} ({LEVEL_MARK[rec.level]})"]
        if rec.level == "not_met":
            out += _evidence_of_not_met(comparison, comparison.level(code, rec.criterion), "      ")
        if not rec.models:
            out.append("      no model provision found in the corpus yet")
        for model in rec.models:
            out += _cite(model)
    unknown = [comparison.label(a.criterion) for a in comparison.scorecard(code)
               if a.level == "not_known"]
    if unknown:
        out += [""] + textwrap.wrap("Not reviewed, so not assessed: " + "; ".join(unknown), width=96)
    return "\n".join(out) + "\n"
