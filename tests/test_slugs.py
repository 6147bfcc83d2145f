"""A --slug is one lower-case name: `new` and `import-akn` write into the jurisdiction's
folder and nowhere else (issue 21, item 1)."""

import os

import pytest

from conftest import DATA
from kb.cli import cli

HOSTILE_SLUGS = ["../../../../escaped/x", "../gb/x", "/tmp/wildlex-absolute-slug", "x\ny",
                 "x\n", "Upper", "a b", "x.ttl", "-x", "x--y", ".", "..", "coverage", "a/b",
                 "é", "x" * 81, ""]


def files_under(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def command(kind, slug, project):
    if kind == "new":
        return ["new", "KE", "Some Act", "--slug", slug, "--root", str(project)]
    return ["import-akn", str(DATA / "akn/test-act.xml"), "--slug", slug, "--root", str(project)]


@pytest.mark.parametrize("kind", ["new", "import-akn"])
@pytest.mark.parametrize("slug", HOSTILE_SLUGS, ids=range(len(HOSTILE_SLUGS)))
def test_a_slug_that_is_not_one_lower_case_name_is_refused(runner, project_dir, tmp_path, kind, slug):
    before = files_under(tmp_path)
    result = runner.invoke(cli, command(kind, slug, project_dir))
    assert result.exit_code == 1, result.output
    assert "use one lower-case name of letters, digits and hyphens" in result.output
    assert files_under(tmp_path) == before
    assert not os.path.lexists("/tmp/wildlex-absolute-slug.ttl")


@pytest.mark.parametrize("kind", ["new", "import-akn"])
def test_a_jurisdiction_folder_that_links_elsewhere_is_not_written_through(
        runner, project_dir, tmp_path, kind):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for path in (project_dir / "corpus/ke").iterdir():
        path.rename(elsewhere / path.name)
    (project_dir / "corpus/ke").rmdir()
    (project_dir / "corpus/ke").symlink_to(elsewhere)
    before = files_under(elsewhere)
    result = runner.invoke(cli, command(kind, "fine-slug", project_dir))
    assert result.exit_code == 1, result.output
    assert "a symbolic link is in the way" in result.output
    assert files_under(elsewhere) == before


def test_new_does_not_write_a_coverage_file_through_a_dangling_link(runner, project_dir, tmp_path):
    target = tmp_path / "outside.ttl"
    (project_dir / "corpus/zw").mkdir()
    (project_dir / "corpus/zw/coverage.ttl").symlink_to(target)
    result = runner.invoke(cli, ["new", "ZW", "Some Act", "--root", str(project_dir)])
    assert result.exit_code == 0, result.output
    assert not target.exists()


@pytest.mark.parametrize("kind", ["new", "import-akn"])
def test_a_good_slug_writes_into_the_jurisdiction_folder(runner, project_dir, kind):
    result = runner.invoke(cli, command(kind, "good-slug-2", project_dir))
    assert result.exit_code == 0, result.output
    assert (project_dir / "corpus/ke/good-slug-2.ttl").is_file()
