"""Builds killed at random moments: build/site is always a complete site, the old or the new."""

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import REPO, digest, make_project

WILDLEX = str(Path(sys.executable).parent / "wildlex")



def project_at(folder: Path, version: str) -> Path:
    project = make_project(folder)
    for name in ("queries", "site"):
        shutil.copytree(REPO / name, project / name)
    act = project / "corpus/ke/test-act.ttl"
    act.write_text(act.read_text().replace("Test Wildlife Act", f"Test Wildlife Act ({version})"))
    return project


def build(project: Path) -> subprocess.Popen:
    return subprocess.Popen([WILDLEX, "build", "--quiet", "--root", str(project)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def test_killing_builds_never_publishes_a_partial_site(tmp_path):
    reference = project_at(tmp_path / "reference", "new")
    assert build(reference).wait() == 0
    new = digest(reference / "build/site")

    project = project_at(tmp_path / "project", "old")
    started = time.perf_counter()
    assert build(project).wait() == 0
    duration = time.perf_counter() - started
    old = digest(project / "build/site")
    assert old != new

    act = project / "corpus/ke/test-act.ttl"
    act.write_text(act.read_text().replace("(old)", "(new)"))
    rng = random.Random(2026)
    seen = set()
    for _ in range(20):
        process = build(project)
        time.sleep(rng.uniform(0.05, duration * 1.2))
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        published = digest(project / "build/site")
        assert published in (old, new)
        seen.add("new" if published == new else "old")

    assert build(project).wait() == 0  # the store survives the kills
    assert digest(project / "build/site") == new
    # No dead staging folder: the published site, and the one before it kept to be
    # brought up to date by the next build (kb/site/spare.py).
    leftovers = [p.name for p in (project / "build/sites").iterdir()]
    assert len(leftovers) <= 2 and all(name.startswith("site-") for name in leftovers)
    # Old sites a killed build moved out of the way are deleted by a later one.
    deadline = time.monotonic() + 60
    while list((project / "build").glob(".old-site-*")):
        assert time.monotonic() < deadline, "old sites were left behind"
        time.sleep(0.1)


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive_in_group(group: int) -> list[int]:
    alive = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == group and fields[0] != "Z":
                alive.append(int(entry.name))
    return alive


def test_killing_only_the_main_process_leaves_no_worker_running(tmp_path):
    """The kill of the main process alone (not its group): its forked workers must go too."""
    project = project_at(tmp_path / "project", "old")
    act = (project / "corpus/ke/test-act.ttl").read_text()
    for n in range(120):  # enough files for validation to spread over processes
        (project / f"corpus/ke/copy-{n}.ttl").write_text(
            act.replace("<https://w3id.org/wildlex/id/ke/test-act", f"<https://w3id.org/wildlex/id/ke/copy-{n}"))
    process = subprocess.Popen([WILDLEX, "validate", "--root", str(project)],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while len(children_of(process.pid)) < 2:
            assert process.poll() is None, "validation ended before it spread over processes"
            assert time.monotonic() < deadline, "no workers were started"
            time.sleep(0.02)
        process.kill()  # the main process only
        process.wait()
        deadline = time.monotonic() + 60
        while alive_in_group(process.pid):
            assert time.monotonic() < deadline, f"workers left running: {alive_in_group(process.pid)}"
            time.sleep(0.1)
        assert process.stdout.read() == b""  # nobody holds the pipe any more: end of file
    finally:
        for pid in alive_in_group(process.pid):
            os.kill(pid, signal.SIGKILL)
        process.stdout.close()


def test_the_deletions_a_build_starts_in_the_background_are_reaped_by_the_next(tmp_path):
    """A process that builds again and again (the preview's worker) keeps no ended
    deletion behind it: each build reaps those started before it."""
    from kb.site import build as site_build

    def ended_children() -> int:
        found = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            found += fields[0] == "Z" and int(fields[1]) == os.getpid()
        return found

    folders = []
    for number in range(4):
        folder = tmp_path / f"old-{number}"
        (folder / "en").mkdir(parents=True)
        (folder / "en/index.html").write_text("old")
        folders.append(folder)
        site_build.remove_in_background([folder])
    deadline = time.monotonic() + 30
    while any(folder.exists() for folder in folders) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)
    assert not any(folder.exists() for folder in folders)
    site_build.remove_in_background([])
    assert ended_children() == 0 and site_build._removals == []
