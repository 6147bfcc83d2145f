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
    leftovers = [p.name for p in (project / "build/sites").iterdir()]
    assert len(leftovers) == 1 and leftovers[0].startswith("site-")  # no dead staging folders
    # Old sites a killed build moved out of the way are deleted by a later one.
    deadline = time.monotonic() + 60
    while list((project / "build").glob(".old-site-*")):
        assert time.monotonic() < deadline, "old sites were left behind"
        time.sleep(0.1)
