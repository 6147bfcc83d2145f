"""`wildlex impact`: the findings a corpus change flips, against a git revision."""

import subprocess

from conftest import REPO, make_project
from kb.cli import cli


def git(folder, *args):
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


def test_impact_reports_flips_gaps_and_penalties(runner, tmp_path):
    project = make_project(tmp_path / "project")
    subprocess.run(["cp", "-r", str(REPO / "queries"), str(project / "queries")], check=True)
    git(project, "init", "-q")
    git(project, "-c", "user.email=t@example.org", "-c", "user.name=t", "add", ".")
    git(project, "-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qm", "base")

    act = project / "corpus/ke/test-act.ttl"
    text = act.read_text()
    text = text.replace("wlx:conduct conduct:sale, conduct:offer_for_sale ;",
                        "wlx:conduct conduct:sale, conduct:offer_for_sale, conduct:advertising ;")
    text = text.replace('wlx:maxImprisonment "P5Y"^^xsd:duration ;',
                        'wlx:maxImprisonment "P10Y"^^xsd:duration ;')
    act.write_text(text)

    result = runner.invoke(cli, ["impact", "--as-of", "2026-06-01", "--root", str(project)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Impact of the working tree against HEAD, as of 2026-06-01"
    assert "Assessments that change (1)" in lines
    assert "  KE  offence-advertising  not_met  met" in lines
    assert "  KE  GB  offence-advertising" in lines[lines.index("Gaps closed (1)") + 1]
    # FR and the EU were reviewed for offences and do not meet it: now behind KE.
    opened = lines[lines.index("Gaps opened (2)") + 1: lines.index("Gaps opened (2)") + 3]
    assert opened == ["  EU  KE  offence-advertising", "  FR  KE  offence-advertising"]
    changed = lines[lines.index("Penalties that change (1)") + 1]
    assert changed.startswith("  KE  s2-penalty  maxImprisonmentMonths=60")
    assert "maxImprisonmentMonths=120" in changed

    markdown = runner.invoke(cli, ["impact", "--format", "md", "--as-of", "2026-06-01",
                                   "--root", str(project)])
    assert "| KE | offence-advertising | not_met | met |" in markdown.output


def test_impact_names_a_revision_git_does_not_know(runner, tmp_path):
    project = make_project(tmp_path / "project")
    subprocess.run(["cp", "-r", str(REPO / "queries"), str(project / "queries")], check=True)
    git(project, "init", "-q")
    result = runner.invoke(cli, ["impact", "--base", "nope", "--root", str(project)])
    assert result.exit_code == 1
    assert "git cannot read revision 'nope'" in result.output
