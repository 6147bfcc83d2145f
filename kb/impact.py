"""`wildlex impact`: what a change to the corpus does to the findings.

The base revision is taken from git, both versions are loaded into in-memory
stores, and the comparisons are set side by side: assessments that flip, gaps
between jurisdictions that open or close, penalties that change.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from itertools import permutations
from pathlib import Path

from .compare import RANK, Comparison
from .errors import CorpusInvalid, WildlexError
from .output import records
from .project import Project, open_project
from .questions import ask
from .sparql import LocalSource
from .store import memory_store
from .validate import validate_corpus

PENALTY_FIELDS = ("maxImprisonmentMonths", "life", "minImprisonmentMonths", "maxFine", "minFine",
                  "currency", "fineBasis", "seriousCrime")


@dataclass
class Impact:
    base: str
    as_of: str
    flips: list[tuple[str, str, str, str]] = field(default_factory=list)  # j, criterion, before, after
    gaps_opened: list[tuple[str, str, str]] = field(default_factory=list)  # behind, ahead, criterion
    gaps_closed: list[tuple[str, str, str]] = field(default_factory=list)
    penalties: list[tuple[str, str, str, str]] = field(default_factory=list)  # j, penalty, before, after

    @property
    def empty(self) -> bool:
        return not (self.flips or self.gaps_opened or self.gaps_closed or self.penalties)


def checkout(project: Project, revision: str, target: Path) -> Project:
    """The project's folders as they were at `revision`, extracted into `target`."""
    # A project made by `wildlex init` may lack ontology/ and queries/: it uses the defaults.
    folders = [name for name in ("ontology", "corpus", "queries") if (project.root / name).is_dir()]
    try:
        archive = subprocess.run(["git", "archive", "--format=tar", revision, "--", *folders],
                                 cwd=project.root, capture_output=True, check=True).stdout
    except FileNotFoundError:
        raise WildlexError("impact needs git on the PATH") from None
    except subprocess.CalledProcessError as error:
        message = error.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        raise WildlexError(f"git cannot read revision {revision!r}: {' '.join(message)}") from None
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return open_project(target)


def _gaps(comparison: Comparison) -> set[tuple[str, str, str]]:
    levels = {(a.jurisdiction, a.criterion): a.level for a in comparison.assessments}
    codes = sorted({a.jurisdiction for a in comparison.assessments})
    criteria = sorted({a.criterion for a in comparison.assessments})
    return {(behind, ahead, c) for behind, ahead in permutations(codes, 2) for c in criteria
            if levels[(behind, c)] != "not_known" and levels[(ahead, c)] in ("met", "partly")
            and RANK[levels[(ahead, c)]] > RANK[levels[(behind, c)]]}


def _penalties(project: Project, source, as_of: str) -> dict[tuple[str, str], str]:
    rows = records(ask(project, source, "penalties", {"asOf": as_of}))
    out = {}
    for r in rows:
        summary = ", ".join(f"{k}={r[k]}" for k in PENALTY_FIELDS if r[k])
        out[(r["jurisdiction"], r["penalty"])] = summary
    return out


def measure(project: Project, base: str = "HEAD", as_of: str = "today") -> Impact:
    report = validate_corpus(project)
    if not report.ok:
        raise CorpusInvalid(report.problems)
    with tempfile.TemporaryDirectory(prefix="wildlex-impact-") as folder:
        before_project = checkout(project, base, Path(folder))
        before_source = LocalSource(memory_store(before_project))
        after_source = LocalSource(memory_store(project))
        before = Comparison(before_project, before_source, as_of)
        after = Comparison(project, after_source, as_of)
        impact = Impact(base, after.as_of)
        old = {(a.jurisdiction, a.criterion): a.level for a in before.assessments}
        for a in after.assessments:
            previous = old.get((a.jurisdiction, a.criterion), "absent")
            if previous != a.level:
                impact.flips.append((a.jurisdiction, a.criterion, previous, a.level))
        gaps_before, gaps_after = _gaps(before), _gaps(after)
        impact.gaps_opened = sorted(gaps_after - gaps_before)
        impact.gaps_closed = sorted(gaps_before - gaps_after)
        p_before = _penalties(before_project, before_source, as_of)
        p_after = _penalties(project, after_source, as_of)
        for key in sorted(set(p_before) | set(p_after)):
            if p_before.get(key) != p_after.get(key):
                impact.penalties.append((key[0], key[1].rsplit("/", 1)[-1],
                                         p_before.get(key, "absent"), p_after.get(key, "absent")))
    return impact


def impact_text(impact: Impact, markdown: bool = False) -> str:
    def section(title, rows, header, render):
        if markdown:
            lines = [f"### {title} ({len(rows)})", ""]
            if rows:
                lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
                lines += ["| " + " | ".join(render(r)) + " |" for r in rows]
            return lines + [""]
        lines = [f"{title} ({len(rows)})"]
        lines += ["  " + "  ".join(render(r)) for r in rows]
        return lines + [""]

    title = f"Impact of the working tree against {impact.base}, as of {impact.as_of}"
    out = [f"## {title}" if markdown else title, ""]
    if impact.empty:
        return "\n".join(out + ["No finding changes."]) + "\n"
    out += section("Assessments that change", impact.flips,
                   ["jurisdiction", "criterion", "before", "after"],
                   lambda r: [r[0], r[1], r[2], r[3]])
    out += section("Gaps opened", impact.gaps_opened, ["behind", "ahead", "criterion"],
                   lambda r: [r[0], r[1], r[2]])
    out += section("Gaps closed", impact.gaps_closed, ["behind", "ahead", "criterion"],
                   lambda r: [r[0], r[1], r[2]])
    out += section("Penalties that change", impact.penalties,
                   ["jurisdiction", "penalty", "before", "after"],
                   lambda r: [r[0], r[1], r[2], r[3]])
    return "\n".join(out).rstrip() + "\n"
