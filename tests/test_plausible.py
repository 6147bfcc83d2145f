"""Absurd values that the catalogue of one-file cases cannot show: cycles through
several files, and empty files (issue 21, item 4)."""

from conftest import DATA
from kb.cli import cli

ACT = (DATA / "corpus/ke/test-act.ttl").read_text()
ID = "https://w3id.org/wildlex/id/"


def amending(act: str, slug: str, target: str) -> str:
    text = act.replace(f"<{ID}ke/test-act", f"<{ID}ke/{slug}")
    return text.replace("wlx:officialText <https://example.org/ke/test-act> .",
                        f"wlx:officialText <https://example.org/ke/test-act> ;\n"
                        f"    eli:amends <{ID}ke/{target}> .")


def test_a_cycle_of_amendments_through_a_file_validated_earlier_is_found(runner, project_dir):
    corpus = project_dir / "corpus/ke"
    (corpus / "amending-act.ttl").write_text(amending(ACT, "amending-act", "test-act"))
    first = runner.invoke(cli, ["validate", "--root", str(project_dir)])
    assert first.exit_code == 0, first.output  # and amending-act.ttl is now cached as clean
    (corpus / "test-act.ttl").write_text(amending(ACT, "test-act", "amending-act"))
    result = runner.invoke(cli, ["validate", "--root", str(project_dir)])
    assert result.exit_code == 1
    assert (f"corpus/ke/test-act.ttl:23:5: eli:amends (or wlx:amendedBy) closes a cycle: "
            f"<{ID}ke/test-act> → <{ID}ke/amending-act> → <{ID}ke/test-act> — nothing amends "
            "or replaces itself, even through others; remove the link that goes back"
            ) in result.output.splitlines()


def test_an_empty_file_is_refused(runner, project_dir):
    (project_dir / "corpus/ke/empty.ttl").write_text("")
    result = runner.invoke(cli, ["validate", "--root", str(project_dir)])
    assert result.exit_code == 1
    assert ("corpus/ke/empty.ttl:1:1: the file states nothing (it is empty or holds only "
            "comments) — describe the instrument, or delete the file") in result.output.splitlines()


def test_direction_marks_stay_allowed_in_running_text(runner, project_dir):
    """Persian needs the zero-width non-joiner; a right-to-left title its marks."""
    path = project_dir / "corpus/ke/test-act.ttl"
    path.write_text(ACT.replace('"Test Wildlife Act"@en ;',
                                '"Test Wildlife Act"@en, "\u0642\u0627\u0646\u0648\u0646\u200c'
                                '\u0647\u0627\u200f"@fa ;'))
    result = runner.invoke(cli, ["validate", "--root", str(project_dir)])
    assert result.exit_code == 0, result.output


def test_a_file_whose_statements_were_all_set_aside_is_not_called_empty(runner, project_dir):
    """Everything it states belongs to another folder: the layout message says so."""
    coverage = project_dir / "corpus/ke/coverage.ttl"
    text = coverage.read_text().replace("jur:ke", "jur:gb").replace("/ke/coverage", "/gb/coverage")
    coverage.write_text(text)
    result = runner.invoke(cli, ["validate", "--root", str(project_dir)])
    assert result.exit_code == 1
    assert "cannot be defined in this file" in result.output
    assert "the file states nothing" not in result.output
