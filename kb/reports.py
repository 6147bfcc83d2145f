"""Text and Markdown reports of comparisons: what `wildlex compare` and `recommend` print."""

from __future__ import annotations

import textwrap

from .compare import Cited, Comparison

LEVEL_MARK = {"met": "met", "partly": "partly", "not_met": "NOT MET", "not_known": "not known"}


def _cite(c: Cited, indent: str = "      ") -> list[str]:
    lines = [f"{indent}{c.jurisdiction} — {c.title}, {c.citation} [{c.review_status}]"]
    quote = c.excerpt if not c.translation else f"{c.excerpt} (unofficial English: {c.translation})"
    lines += textwrap.wrap(f"“{quote}”", width=96, initial_indent=indent + "  ",
                           subsequent_indent=indent + "  ", max_lines=4, placeholder=" …”")
    lines.append(f"{indent}  {c.source_url}")
    return lines


def compare_text(comparison: Comparison, codes: list[str]) -> str:
    codes = [comparison.check(c) for c in codes]
    first, peers = codes[0], codes[1:]
    criteria = [a.criterion for a in comparison.scorecard(first)]
    width = max(len(c) for c in criteria)
    out = [f"Comparison as of {comparison.as_of}", "",
           "criterion".ljust(width) + "  " + "  ".join(c.ljust(9) for c in codes)]
    for criterion in criteria:
        cells = [LEVEL_MARK[comparison.level(c, criterion).level].ljust(9) for c in codes]
        out.append(criterion.ljust(width) + "  " + "  ".join(cells))
    gaps = comparison.gaps(first, peers)
    out += ["", f"Gaps: where {', '.join(peers)} go further than {first} ({len(gaps)})"]
    for gap in gaps:
        out.append(f"  {gap.criterion}: {first} {LEVEL_MARK[gap.level]}, "
                   f"{gap.peer} {LEVEL_MARK[gap.peer_level]}")
        for model in gap.models[:2]:
            out += _cite(model)
    unknown = [a.criterion for a in comparison.scorecard(first) if a.level == "not_known"]
    if unknown:
        out += ["", f"Not known for {first} (topic not reviewed, so no gap is claimed): "
                + ", ".join(unknown)]
    return "\n".join(out) + "\n"


def recommend_text(comparison: Comparison, code: str) -> str:
    code = comparison.check(code)
    recommendations = comparison.recommend(code)
    out = [f"Recommendations for {code} as of {comparison.as_of} "
           f"({len(recommendations)} criteria not fully met)"]
    for rec in recommendations:
        out += ["", f"* {rec.criterion} ({LEVEL_MARK[rec.level]})"]
        if not rec.models:
            out.append("      no model provision found in the corpus yet")
        for model in rec.models:
            out += _cite(model)
    unknown = [a.criterion for a in comparison.scorecard(code) if a.level == "not_known"]
    if unknown:
        out += ["", "Not reviewed, so not assessed: " + ", ".join(unknown)]
    return "\n".join(out) + "\n"
