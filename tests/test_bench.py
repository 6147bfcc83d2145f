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
                   "of which without the site", "one jurisdiction",
                   "peak memory", "question matrix", "question export"):
        assert any(figure in line for line in lines), figure
    questions = [line for line in lines if line.lstrip().startswith("question ")]
    assert len(questions) == len(list((REPO / "queries").glob("*.rq")))
    assert all(" kept " in line and " evaluated " in line for line in questions)
    assert re.fullmatch(r"build/floor ratio: \d+\.\d\d", lines[-2])
    assert re.fullmatch(r"one-file rebuild: \d+\.\d s", lines[-1])
    # Each phase of the build beside its floor, where it has one.
    rows = {line.split("  ")[1].strip(): line for line in lines
            if line.startswith("  ") and not line.startswith("   ")}
    number = r"\s+\d+\.\d\d s"
    for phase in ("validate", "load", "search index"):
        assert re.match(rf"  {phase}{number}{number}{number}  \(", rows[phase]), rows.get(phase)
    for phase in ("questions", "pages", "kept answers", "other"):
        assert re.fullmatch(rf"  {phase}{number}{number}\s*", rows[phase]), rows.get(phase)
    assert "(sum of the floors)" in rows["whole build"]
