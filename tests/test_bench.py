"""The benchmark runs (at a tiny size) and prints every figure it promises."""

import re
import subprocess
import sys

from conftest import REPO


def test_the_benchmark_prints_its_figures(tmp_path):
    result = subprocess.run([sys.executable, str(REPO / "bench/run.py"), "--jurisdictions", "2",
                             "--scales", "1", "--work", str(tmp_path)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("scale 1x: 2 jurisdictions, 12 files,")
    for figure in ("raw pyoxigraph bulk load", "cold wildlex build", "rebuild after one change",
                   "the next change's", "of which without the site", "rebuild in the preview",
                   "one jurisdiction", "peak memory", "question matrix", "question export"):
        assert any(figure in line for line in lines), figure
    questions = [line for line in lines if line.lstrip().startswith("question ")]
    assert len(questions) == len(list((REPO / "queries").glob("*.rq")))
    assert all(" kept " in line and " evaluated " in line for line in questions)
    assert re.fullmatch(r"one-file rebuild in the preview \(serve --watch, to the new pages\): "
                        r"\d+\.\d s", lines[-3])
    assert re.fullmatch(r"build/floor ratio: \d+\.\d\d", lines[-2])
    assert re.fullmatch(r"one-file rebuild: \d+\.\d s", lines[-1])
    # Each phase of the cold build, the rebuild and the next one beside its floor, where
    # it has one.
    rows = {line.split("  ")[1].strip(): line for line in lines
            if line.startswith("  ") and not line.startswith("   ")}
    number = r"\s+\d+\.\d\d s"
    for phase in ("validate", "load", "search index"):
        assert re.match(rf"  {phase}{number * 4}  \(", rows[phase]), rows.get(phase)
    for phase in ("questions", "pages", "kept answers", "other"):
        assert re.fullmatch(rf"  {phase}{number * 3}\s*", rows[phase]), rows.get(phase)
    assert "(sum of the floors)" in rows["whole build"]


def test_the_peak_memory_is_the_builds_not_the_benchmarks():
    """ru_maxrss gave a child started by a process holding 300 MB a peak of at least 300 MB
    (Linux keeps the parent's high-water mark across exec): the benchmark's own memory
    was reported as the build's. The process tree's VmHWM is the child's own."""
    import os

    sys.path.insert(0, str(REPO))
    from bench.memory import TreePeak

    held = bytearray(300 * 2**20)
    held[::4096] = b"\1" * len(held[::4096])  # touched, so resident
    child = subprocess.Popen([sys.executable, "-c",
                              "import time; x = bytearray(60 * 2**20); x[::4096] = b'1' * len(x[::4096]);"
                              " time.sleep(1)"])
    with TreePeak(child.pid, interval=0.02) as peak:
        _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    assert usage.ru_maxrss / 1024 >= 300  # the parent's peak, inherited
    assert 50 <= peak.peak < 200, peak.peak
    del held
