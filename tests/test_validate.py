"""`wildlex validate`: clean files pass; each broken contribution gets its exact line."""

import shutil
from pathlib import Path

import pytest

from conftest import DATA
from kb.cli import cli
from kb.project import open_project
from kb.validate import validate_corpus

CASES = sorted((DATA / "invalid").glob("*.ttl"))


def expectation(case: Path) -> tuple[str, str]:
    """(where the case goes in the corpus, the exact problem line it must produce)."""
    text = case.read_bytes().decode("latin-1")
    place = next((line[len("# place: "):].strip() for line in text.splitlines()
                  if line.startswith("# place: ")), f"corpus/ke/{case.stem}.ttl")
    expected = next(line[len("# expect: "):].strip() for line in text.splitlines()
                    if line.startswith("# expect: "))
    return place, expected.encode("latin-1").decode("utf-8")


def test_the_catalogue_of_broken_files_is_large_enough():
    assert len(CASES) >= 15


def test_the_mini_corpus_is_valid(runner, project_dir):
    result = runner.invoke(cli, ["validate", "--root", str(project_dir)])
    assert result.exit_code == 0, result.output
    assert "10 file(s) valid" in result.output


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_broken_file_is_reported_with_its_line(runner, project_dir, case):
    place, expected = expectation(case)
    target = project_dir / place
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(case, target)
    result = runner.invoke(cli, ["validate", "--root", str(project_dir)])
    assert result.exit_code == 1
    assert expected in result.output.splitlines()
    assert "Traceback" not in result.output


def test_only_the_named_files_are_reported(runner, project_dir):
    shutil.copy(DATA / "invalid" / "missing-citation.ttl", project_dir / "corpus/ke/missing-citation.ttl")
    result = runner.invoke(cli, ["validate", "--root", str(project_dir),
                                 str(project_dir / "corpus/gb")])
    assert result.exit_code == 0, result.output
    assert "2 file(s) valid" in result.output


def test_a_path_outside_the_corpus_is_a_usage_error(runner, project_dir):
    result = runner.invoke(cli, ["validate", "--root", str(project_dir), str(project_dir / "ontology")])
    assert result.exit_code == 2
    assert "is not under corpus/" in result.output


def test_a_folder_that_is_not_a_project_is_an_error(runner, tmp_path):
    result = runner.invoke(cli, ["validate", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert "is not a Wildlex project: it has no corpus/ folder" in result.output


@pytest.mark.parametrize("case", ["missing-citation", "penalty-punishes-a-provision", "negative-fine"])
def test_validation_spread_over_processes_reports_the_same(runner, project_dir, case, monkeypatch):
    """Large corpora are checked in one process per core; the answer must not change."""
    from kb import parallel
    from kb import validate as validate_module

    shutil.copy(DATA / "invalid" / f"{case}.ttl", project_dir / f"corpus/ke/{case}.ttl")
    alone = runner.invoke(cli, ["validate", "--root", str(project_dir)])
    (project_dir / "build/validation-cache.marshal").unlink()
    pools = []
    real_pool = parallel.ProcessPoolExecutor

    def recorded_pool(*args, **kwargs):
        pools.append(args)
        return real_pool(*args, **kwargs)

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", recorded_pool)
    monkeypatch.setattr(validate_module, "SPREAD_ABOVE", 0)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    spread = runner.invoke(cli, ["validate", "--root", str(project_dir)])
    assert pools == [(2,)]
    assert alone.exit_code == spread.exit_code == 1
    assert alone.output == spread.output


def findings(project_dir: Path, engine: str, monkeypatch, whole_ontology: bool = False) -> list[str]:
    """Every `wildlex validate` line for the project, with SHACL run by `engine` over each
    file with the ontology's class statements (as validation runs), or the whole ontology."""
    from kb import shacl
    from kb import validate as validate_module
    from kb.ontology import class_statements

    monkeypatch.setattr(shacl, "ENGINE", engine)
    monkeypatch.setattr(validate_module, "class_statements",
                        (lambda ontology: ontology) if whole_ontology else class_statements)
    (project_dir / "build/validation-cache.marshal").unlink(missing_ok=True)
    return [str(p) for p in validate_corpus(open_project(project_dir)).problems]


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_the_rust_shacl_engine_finds_exactly_what_pyshacl_finds(project_dir, case, monkeypatch):
    """pyshacl over the whole ontology is the reference: pyshacl-turbo, given only the
    ontology's class statements (kb.ontology.class_statements), must find the same."""
    place, _ = expectation(case)
    target = project_dir / place
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(case, target)
    reference = findings(project_dir, "pyshacl", monkeypatch, whole_ontology=True)
    assert reference  # a broken file is found broken, whatever the engine
    assert findings(project_dir, "pyshacl-turbo", monkeypatch) == reference


def test_official_hosts_are_read_again_only_from_a_changed_coverage_file(tmp_path, monkeypatch):
    """The hosts each coverage file declares are parsed once per content (validation
    asks twice per build, the preview's worker at every save): an edited file's are
    read again, a removed file's are gone."""
    from conftest import make_project
    from kb import sources

    project = open_project(make_project(tmp_path / "project"))
    first = sources.official_hosts(project)
    assert first["ke"] == ["example.org"]
    parsed = []
    parse = sources.ox.parse
    monkeypatch.setattr(sources.ox, "parse", lambda *a, **k: parsed.append(1) or parse(*a, **k))
    assert sources.official_hosts(project) == first and parsed == []
    coverage = project.corpus_dir / "ke/coverage.ttl"
    coverage.write_text(coverage.read_text().replace(
        'wlx:officialHost "example.org" ;', 'wlx:officialHost "example.org", "kenyalaw.org" ;'))
    second = sources.official_hosts(project)
    assert second["ke"] == ["example.org", "kenyalaw.org"] and parsed == [1]
    shutil.rmtree(project.corpus_dir / "gb")
    assert "gb" not in sources.official_hosts(project) and parsed == [1]
