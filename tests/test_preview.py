"""`wildlex serve --watch`: a saved file rebuilds the site and the open page reloads."""

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import REPO, make_project
from kb.project import open_project
from kb.site.preview import RELOAD_PATH, RELOAD_SCRIPT, Watcher, with_reload


def test_a_served_page_gets_the_reloading_script_before_its_end():
    assert with_reload(b"<html><body><p>x</p></body></html>") == (
        b"<html><body><p>x</p>" + RELOAD_SCRIPT + b"</body></html>")
    assert with_reload(b"<p>x</p>") == b"<p>x</p>" + RELOAD_SCRIPT


def test_a_saved_source_file_rebuilds_and_only_a_good_build_counts(tmp_path):
    project = open_project(make_project(tmp_path / "project"))
    outcomes = [True, False]
    watcher = Watcher(project, rebuild=lambda: outcomes.pop(0))
    assert not watcher.check()  # nothing saved yet
    act = project.corpus_dir / "ke/test-act.ttl"
    act.write_text(act.read_text() + "\n")
    assert watcher.check() and watcher.builds == 1
    assert not watcher.check()
    act.write_text(act.read_text() + "\n")
    assert watcher.check() and watcher.builds == 1  # the build failed: no reload


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def test_serve_watch_shows_a_saved_change(tmp_path):
    project = make_project(tmp_path / "project")
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen([sys.executable, "-c", "from kb.cli import cli; cli()", "serve",
                                   "--watch", "--port", str(port), "--root", str(project)],
                                  cwd=REPO, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: get(base + RELOAD_PATH) == "0"), log.read_text()
        page = get(base + "/en/ke/test-act/s1/")
        assert "any listed specimen" in page and RELOAD_SCRIPT.decode() in page
        act = project / "corpus/ke/test-act.ttl"
        act.write_text(act.read_text().replace("any listed specimen", "any listed live specimen"))
        assert wait_for(lambda: get(base + RELOAD_PATH) == "1"), log.read_text()
        assert "any listed live specimen" in get(base + "/en/ke/test-act/s1/")
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_for(condition, seconds: float = 180) -> bool:
    """Whether `condition` holds within `seconds` (a build on a shared machine is slow)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OSError:
            pass  # not serving yet
        time.sleep(0.2)
    return False


FAKE_WORKER = """
import sys, time, pathlib
folder, gate, outcome = sys.argv[1:]
for _ in sys.stdin:
    print("pages " + folder, flush=True)          # the new pages can be read there
    while not pathlib.Path(gate).exists():      # the datasets and search index
        time.sleep(0.02)
    print("done " + outcome, flush=True)
"""


@pytest.mark.parametrize("outcome, reloads", [("ok", 1), ("failed", 2)])
def test_the_open_page_reloads_when_the_new_pages_are_written_not_after_the_index(
        tmp_path, monkeypatch, outcome, reloads):
    """Watcher and its worker (kb/cli/worker.py speaks this protocol): the pages are
    served from where they are written as soon as the worker says so; a build that fails
    after that reloads the page once more, back to the published site."""
    import threading

    from kb.site import preview

    project = open_project(make_project(tmp_path / "project"))
    folder, gate = tmp_path / "staging", tmp_path / "index-done"
    folder.mkdir()
    monkeypatch.setattr(preview, "worker_command", lambda project: [
        sys.executable, "-c", FAKE_WORKER, str(folder), str(gate), outcome])
    watcher = Watcher(project)
    results = []
    building = threading.Thread(target=lambda: results.append(watcher._build()))
    building.start()
    try:
        assert wait_for(lambda: watcher.preview == folder, 30)
        assert watcher.builds == 1 and building.is_alive()  # reloaded before the build ends
    finally:
        gate.touch()
        building.join(30)
    assert results == [False]  # counted when shown, not again
    assert watcher.preview is None and watcher.builds == reloads
    watcher.close()


def test_the_build_worker_stops_quietly_once_the_server_is_gone(tmp_path):
    """A stopped server closes the pipe the worker answers on: the worker's next answer
    ends it, with no traceback on the terminal the server shared."""
    from conftest import make_built_site_project

    project = make_built_site_project(tmp_path / "project")
    worker = subprocess.Popen([sys.executable, "-c", "from kb.cli.worker import main; main()",
                               str(project)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, cwd=REPO)
    worker.stdout.close()  # the server is gone
    worker.stdin.write(b"build\n")
    worker.stdin.close()
    with worker.stderr:
        errors = worker.stderr.read().decode()
    assert worker.wait(timeout=300) == 0, errors
    assert "Traceback" not in errors and "BrokenPipe" not in errors, errors


def test_the_build_worker_imports_this_package_whatever_folder_the_server_started_in(tmp_path):
    """`python -c` searches the current folder first: a folder named kb there (a user's
    notes, another checkout) was imported by the worker in place of this package."""
    from conftest import make_built_site_project
    from kb.site.preview import worker_command

    project = open_project(make_built_site_project(tmp_path / "project"))
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "kb").mkdir(parents=True)
    (elsewhere / "kb/__init__.py").write_text("raise ImportError('not Wildlex')\n")
    worker = subprocess.run(worker_command(project), input=b"build\n", capture_output=True,
                            cwd=elsewhere, timeout=300)
    assert worker.returncode == 0 and worker.stdout.splitlines()[-1] == b"done ok", worker.stderr
