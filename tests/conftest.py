"""Shared fixtures: throw-away copies of the mini project (plain, or built once per session
and copied), the real project built once per session, and a CLI runner."""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def make_project(target: Path, corpus: Path = DATA / "corpus") -> Path:
    """A project folder with the real ontology and the given corpus."""
    shutil.copytree(REPO / "ontology", target / "ontology")
    shutil.copytree(corpus, target / "corpus")
    return target


def make_site_project(target: Path, corpus: Path = DATA / "corpus") -> Path:
    """make_project with the real questions and site (templates, strings, static files)."""
    make_project(target, corpus)
    for folder in ("queries", "site"):
        shutil.copytree(REPO / folder, target / folder)
    return target


def removals_done() -> None:
    """Wait for the deletions of old sites that this process's builds left running in the
    background (kb/site/build.py, remove_in_background): a test deleting build/ itself
    raced them (FileNotFoundError, in a parallel run)."""
    from kb.site import build as site_build

    for pid in list(site_build._removals):
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:  # (reaped already)
            pass
    site_build._removals.clear()


@pytest.fixture
def project_dir(tmp_path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def tiers_store(target: Path):
    """(project, in-memory store) of the mini project with the hand-made act of every
    penalty tier (tests/data/tiers) and the real questions."""
    from kb.project import open_project
    from kb.store import memory_store

    root = make_project(target)
    shutil.copytree(REPO / "queries", root / "queries")
    shutil.copy(DATA / "tiers/ke/tiers-act.ttl", root / "corpus/ke/tiers-act.ttl")
    project = open_project(root)
    return project, memory_store(project)


def make_built_project(target: Path) -> Path:
    """The mini project with its queries, built into build/store: a copy of one build made
    once per session (each caller gets its own folder, to change as it likes)."""
    return copy_built(_templates.built("built", _build_mini_project), target)


def make_built_site_project(target: Path) -> Path:
    """The mini project with its queries and site/, built with its site: a copy of one build
    made once per session."""
    return copy_built(_templates.built("built-site", _build_mini_site), target)


def copy_built(template: Path, target: Path) -> Path:
    """A copy of a built project that a build sees as the same: relative links (build/site
    names its site by a relative path), times (the store's record of its sources) and hard
    links (the spare's pages are the published ones: kb/site/spare.py) kept."""
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cp", "-a", "--", str(template), str(target)], check=True)
    return target


def _build_mini_project(target: Path) -> None:
    make_project(target)
    shutil.copytree(REPO / "queries", target / "queries")
    result = CliRunner().invoke(_cli(), ["build", "--quiet", "--no-site", "--root", str(target)])
    assert result.exit_code == 0, result.output
    release_stores()


def _build_mini_site(target: Path) -> None:
    make_site_project(target)
    result = CliRunner().invoke(_cli(), ["build", "--quiet", "--root", str(target)])
    assert result.exit_code == 0, result.output
    release_stores()


class _Templates:
    """Projects built once per session under pytest's temporary folder, never opened again:
    tests copy them instead of repeating the same cold build."""

    def __init__(self):
        self.folder: Path | None = None
        self.made: dict[str, Path] = {}

    def built(self, name: str, build) -> Path:
        assert self.folder is not None, "the session fixture _template_folder did not run"
        if name not in self.made:
            target = self.folder / name / "project"
            try:
                build(target)
            except BaseException:
                shutil.rmtree(target.parent, ignore_errors=True)  # the next caller tries again
                raise
            self.made[name] = target
        return self.made[name]


_templates = _Templates()


@pytest.fixture(scope="session", autouse=True)
def _template_folder(tmp_path_factory):
    _templates.folder = tmp_path_factory.mktemp("templates")


def release_stores() -> None:
    """CliRunner keeps each command's traceback, and with it the open store, alive in a
    reference cycle; a real `wildlex` process exits instead. Collect it so the next
    command can take the store's lock."""
    import gc

    gc.collect()


def build_site(runner, project: Path) -> Path:
    """`wildlex build --quiet` of `project`, which must succeed; the published site."""
    from kb.cli import cli

    release_stores()
    result = runner.invoke(cli, ["build", "--quiet", "--root", str(project)])
    release_stores()
    assert result.exit_code == 0, result.output
    return (project / "build/site").resolve()


def _cli():
    from kb.cli import cli

    return cli


@pytest.fixture(scope="session")
def built_dir(tmp_path_factory) -> Path:
    """A built mini project, shared by the tests that only read it."""
    return make_built_project(tmp_path_factory.mktemp("built") / "project")


@pytest.fixture(scope="session")
def store(built_dir):
    import pyoxigraph as ox

    release_stores()
    return ox.Store(str(built_dir / "build" / "store"))


@pytest.fixture(scope="session")
def real_built(tmp_path_factory) -> tuple[Path, str]:
    """A copy of the repository's own project (the real build/ is left alone), built with
    its site once (so its answers are kept), and the build's output. Only read it: copy it
    to change it."""
    target = tmp_path_factory.mktemp("real") / "project"
    for folder in ("ontology", "corpus", "queries", "site"):
        shutil.copytree(REPO / folder, target / folder)
    result = CliRunner().invoke(_cli(), ["build", "--root", str(target)])
    assert result.exit_code == 0, result.output
    release_stores()
    return target, result.output


PAYLOAD = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'


def inject_payloads(project: Path) -> None:
    """Put script and markup payloads into the text fields the pages show (test data only)."""
    escaped = PAYLOAD.replace('"', '\\"')
    act = project / "corpus/gb/test-act.ttl"
    text = act.read_text()
    text = text.replace('"Test Online Wildlife Trade Act"@en', f'"Test Act {escaped}"@en')
    text = text.replace('wlx:citation "s. 3" ;', f'wlx:citation "s. 3 {escaped}" ;')
    text = text.replace('"A hosting service shall remove', f'"{escaped} A hosting service shall remove')
    act.write_text(text)
    coverage = project / "corpus/gb/coverage.ttl"
    coverage.write_text(coverage.read_text().replace(
        "wlx:coversTopic topic:offence, topic:penalty, topic:platform_duty .",
        "wlx:coversTopic topic:offence, topic:penalty, topic:platform_duty ;\n"
        f'    wlx:notConfirmed "{escaped}" .'))


def digest(folder: Path) -> str:
    """One hash of every file's path and bytes under `folder`."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(folder)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def oxigraph_server(location: Path):
    """A real Oxigraph SPARQL server (the `oxigraph` package's) holding `location`, on a
    free port: started here, stopped on leaving. Yields its base address."""
    port = free_port()
    process = subprocess.Popen(
        [OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
         "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            # Closed at once: an unclosed answer warns whenever it is collected, which
            # failed whichever later test was running then.
            with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1) as answer:
                answer.read()
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("the oxigraph server did not start")
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
