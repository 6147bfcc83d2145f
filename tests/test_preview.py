"""`wildlex serve --watch`: a saved file rebuilds the site and the open page reloads."""

import socket
import subprocess
import sys
import time
import urllib.request

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
