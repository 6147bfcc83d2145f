"""Readers of the knowledge base: never a stale answer without saying so, several at
once and beside a build, and one build at a time (real processes)."""

import fcntl
import subprocess
import sys
from pathlib import Path

from conftest import make_built_project
from kb.cli import cli

WILDLEX = str(Path(sys.executable).parent / "wildlex")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([WILDLEX, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_a_changed_corpus_file_is_announced_on_standard_error(tmp_path):
    root = make_built_project(tmp_path / "project")
    fresh = run("query", "penalties", "--format", "csv", cwd=root)
    assert fresh.returncode == 0 and "older than the corpus" not in fresh.stderr
    act = root / "corpus/ke/test-act.ttl"
    act.write_text(act.read_text(encoding="utf-8").replace("P5Y", "P7Y"), encoding="utf-8")
    stale = run("query", "penalties", "--format", "csv", cwd=root)
    assert "the knowledge base is older than the corpus (corpus/ke/test-act.ttl changed" in stale.stderr
    assert "run `wildlex build`" in stale.stderr
    rebuilt = run("build", "--quiet", "--no-site", cwd=root)
    assert rebuilt.returncode == 0, rebuilt.stderr
    after = run("query", "penalties", "--format", "csv", "-p", "jurisdiction=KE", cwd=root)
    assert "older than" not in after.stderr and ",84," in after.stdout  # seven years, in months


def test_a_touched_but_unchanged_file_is_not_stale(tmp_path):
    root = make_built_project(tmp_path / "project")
    (root / "corpus/ke/test-act.ttl").touch()
    assert "older than" not in run("query", "jurisdictions", cwd=root).stderr


def test_readers_run_side_by_side_and_beside_a_build(tmp_path):
    root = make_built_project(tmp_path / "project")
    readers = [subprocess.Popen([WILDLEX, "query", "matrix", "--format", "csv"], cwd=root,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for _ in range(4)]
    build = subprocess.Popen([WILDLEX, "build", "--quiet", "--no-site"], cwd=root,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    readers += [subprocess.Popen([WILDLEX, "query", "penalties", "--format", "csv"], cwd=root,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for _ in range(2)]
    for process in readers + [build]:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert "LOCK" not in err and "Traceback" not in err


def test_a_second_build_names_the_one_running(runner, tmp_path):
    root = make_built_project(tmp_path / "project")
    with open(root / "build/build.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.write("4242")
        held.flush()
        result = runner.invoke(cli, ["build", "--quiet", "--no-site", "--root", str(root)])
    assert result.exit_code == 1
    assert "a build is already running (pid 4242)" in result.output
    assert runner.invoke(cli, ["build", "--quiet", "--no-site", "--root", str(root)]).exit_code == 0


def test_an_instrument_counts_only_from_its_adoption(runner, tmp_path):
    root = make_built_project(tmp_path / "project")
    regulation = root / "corpus/eu/test-regulation.ttl"
    text = regulation.read_text(encoding="utf-8")
    regulation.write_text(text.replace('eli:first_date_entry_in_force "2024-02-17"^^xsd:date',
                                       'eli:date_document "2022-10-19"^^xsd:date'), encoding="utf-8")
    assert runner.invoke(cli, ["build", "--quiet", "--no-site", "--root", str(root)]).exit_code == 0
    from conftest import release_stores
    release_stores()
    early = run("query", "platform-duties", "--as-of", "1900-01-01", "--format", "csv", cwd=root)
    late = run("query", "platform-duties", "--as-of", "2023-01-01", "--format", "csv", cwd=root)
    assert "test-regulation" not in early.stdout
    assert "test-regulation" in late.stdout


def test_a_change_in_what_the_build_derives_loads_every_file_again(tmp_path, monkeypatch):
    """Facts derived by older code (kb/derive.py) would make an unchanged file answer as
    the old code did: a build after such a change loads every file again."""
    from kb import store
    from kb.project import open_project

    root = make_built_project(tmp_path / "project")
    project = open_project(root)
    files = len(store.source_files(project))
    opened = store.open_store(project)
    assert store.load(project, opened).loaded == []
    monkeypatch.setattr(store, "derivation_digest", lambda: "new derivation code")
    assert len(store.load(project, opened).loaded) == files
    assert store.load(project, opened).loaded == []
    del opened  # closes the store before its folder is removed
