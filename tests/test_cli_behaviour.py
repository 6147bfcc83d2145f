"""The command line behaves like a good CLI: a clear message and the right exit code for
each mistake, never a traceback (test data, not law)."""

import os
import socket
import stat

import pytest

from conftest import make_built_project, release_stores
from kb.cli import cli


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = make_built_project(tmp_path_factory.mktemp("behaviour") / "project")
    return root


def run(runner, project, *args):
    result = runner.invoke(cli, [*args, "--root", str(project)])
    release_stores()
    assert "Traceback" not in result.output
    return result


def test_a_bad_as_of_is_a_usage_error_naming_the_option(runner, project):
    result = run(runner, project, "query", "matrix", "--as-of", "2020-13-01")
    assert result.exit_code == 2
    assert "Invalid value for '--as-of': expects a date written YYYY-MM-DD" in result.output
    assert "asOf" not in result.output


def test_an_unknown_criterion_lists_the_known_ones(runner, project):
    result = run(runner, project, "query", "matrix", "-p", "criterion=no-such")
    assert result.exit_code == 1
    assert "unknown criterion 'no-such'; the criteria are: jurisdiction-cooperation," in result.output


def test_a_parameter_given_twice_is_refused(runner, project):
    result = run(runner, project, "query", "matrix", "-p", "jurisdiction=KE", "-p", "jurisdiction=GB")
    assert result.exit_code == 2
    assert "--param jurisdiction is given twice" in result.output


def test_as_of_cannot_be_given_as_a_parameter(runner, project):
    result = run(runner, project, "query", "matrix", "-p", "asOf=2020-01-01", "--as-of", "2024-01-01")
    assert result.exit_code == 2
    assert "give the date with --as-of DATE, not --param asOf=" in result.output


def test_an_as_of_before_the_corpus_answers_with_a_note(runner, project):
    result = run(runner, project, "query", "matrix", "--as-of", "1900-01-01", "--format", "csv")
    assert result.exit_code == 0
    assert "note: 1900-01-01 is before the earliest date in the corpus" in result.stderr


@pytest.mark.parametrize("target, message", [
    ("{tmp}/missing/x.csv", "does not exist — create it first"),
    ("{file}/x.csv", "is a file, not a folder"),
])
def test_output_paths_are_checked_and_no_folder_is_made(runner, project, tmp_path, target, message):
    (tmp_path / "file").write_text("x")
    path = target.format(tmp=tmp_path, file=tmp_path / "file")
    result = run(runner, project, "export", "-o", path)
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "missing").exists()


def test_an_unwritable_output_is_a_clear_error(runner, project):
    result = run(runner, project, "export", "-o", "/proc/wildlex-export.csv")
    assert result.exit_code == 1
    assert "cannot write /proc/wildlex-export.csv" in result.output


def test_exports_follow_the_umask(runner, project, tmp_path):
    old = os.umask(0o022)
    try:
        result = run(runner, project, "export", "-o", str(tmp_path / "out.csv"))
    finally:
        os.umask(old)
    assert result.exit_code == 0
    assert stat.S_IMODE((tmp_path / "out.csv").stat().st_mode) == 0o644


def test_serve_on_an_impossible_port_is_a_usage_error(runner, project):
    result = run(runner, project, "serve", "--port", "99999")
    assert result.exit_code == 2
    assert "99999 is not in the range 1<=x<=65535" in result.output


def test_serve_on_a_port_in_use_says_so(runner, project):
    (project / "build/site").mkdir(parents=True, exist_ok=True)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(runner, project, "serve", "--port", str(port))
    assert result.exit_code == 1
    assert f"cannot serve on port {port}" in result.output and "choose another with --port" in result.output


def test_new_refuses_a_second_file_for_the_same_instrument(runner, project):
    result = run(runner, project, "new", "KE", "Test Wildlife Act", "--slug", "another-name")
    assert result.exit_code == 1
    assert "the corpus already has this instrument: corpus/ke/test-act.ttl" in result.output


def test_new_takes_the_language_the_jurisdiction_legislates_in(runner, tmp_path):
    from conftest import make_project

    root = make_project(tmp_path / "p")
    for code in ("in", "ke"):
        result = runner.invoke(cli, ["new", code.upper(), "A New Act", "--root", str(root)])
        assert result.exit_code == 0, result.output
        assert 'wlx:originalLanguage "en"' in (root / f"corpus/{code}/a-new-act.ttl").read_text()


def test_new_rejects_an_unknown_language(runner, project):
    result = run(runner, project, "new", "FR", "Code rural", "--language", "xx-yy-zz")
    assert result.exit_code == 1
    assert "--language expects a language tag" in result.output


def test_a_syntax_error_is_not_echoed_as_missing_links_elsewhere(runner, tmp_path):
    from conftest import make_project

    root = make_project(tmp_path / "p")
    act = root / "corpus/ke/test-act.ttl"
    text = act.read_text(encoding="utf-8")
    act.write_text(text.replace('wlx:citation "s. 1" ;', 'wlx:citation "s. 1" ;;; ]', 1), encoding="utf-8")
    result = runner.invoke(cli, ["validate", "--root", str(root)])
    assert result.exit_code == 1
    problems = [line for line in result.output.splitlines() if line.startswith("corpus/")]
    assert len(problems) == 1 and "Turtle syntax error" in problems[0]


def test_build_says_what_it_is_doing_unless_quiet(runner, tmp_path):
    from conftest import make_project

    root = make_project(tmp_path / "p")
    loud = runner.invoke(cli, ["build", "--root", str(root)])
    release_stores()
    assert loud.exit_code == 0, loud.output
    steps = [line for line in loud.stderr.splitlines() if line.startswith("… ")]
    assert [s.split()[1] for s in steps] == [
        "validating", "loading", "asking", "writing", "writing", "indexing"]
    assert "… writing the pages in en, fr, es" in steps
    quiet = runner.invoke(cli, ["build", "--quiet", "--root", str(root)])
    release_stores()
    assert quiet.exit_code == 0 and "… " not in quiet.output


def test_the_installed_command_ends_a_build_at_once_with_everything_written(tmp_path):
    """`wildlex` (kb.cli.main) ends the process without freeing what a build holds once it
    went well (kb/cli/ending.py): the output is whole, the datasets and kept answers
    written, a failed build and any other command end as usual with their code."""
    import subprocess
    import sys

    import pyoxigraph as ox

    from conftest import make_site_project
    from kb.export import export_dataset
    from kb.sparql import LocalSource

    project = make_site_project(tmp_path / "project")

    def wildlex(*args):
        return subprocess.run([sys.executable, "-c", "from kb.cli import main; main()", *args,
                               "--root", str(project)], capture_output=True, text=True)

    built = wildlex("build")
    assert built.returncode == 0, built.stderr
    assert built.stdout.splitlines()[-1].startswith("answers kept for readers: ")  # flushed
    assert "website: build/site/index.html" in built.stdout
    store = ox.Store.read_only(str(project / "build/store"))
    assert (project / "build/site/data/wildlex.nq").read_text() == export_dataset(LocalSource(store), "nq")
    del store
    assert wildlex("query", "jurisdictions").returncode == 0  # the kept answers are whole
    act = project / "corpus/ke/test-act.ttl"
    act.write_text(act.read_text().replace("wlx:citation", "wlx:citationn", 1))
    failed = wildlex("build")
    assert failed.returncode == 1 and "Traceback" not in failed.stderr + failed.stdout
    assert "test-act.ttl" in failed.stderr + failed.stdout


def test_a_build_inside_another_program_holds_nothing_after_it():
    from kb.cli import ending

    ending.hold(object())  # not armed: `wildlex build` run by CliRunner, a test, a worker
    assert not ending.holding()
