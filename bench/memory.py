"""The peak memory of a process and of every process it starts, read from /proc.

Not ru_maxrss: on Linux a process started with fork (or vfork) and exec keeps, as its
ru_maxrss, the high-water mark its parent had when it was started, so a build started by
this benchmark would report the benchmark's own peak (measured: a child whose real peak
was 13 MB reported 813 MB). VmHWM, the high-water mark of a process's own memory since its
exec, is what the build used; the peak is the largest over the build and its workers
(forked page writers count the pages they share with the build, as ru_maxrss did).
"""

from __future__ import annotations

import threading
from pathlib import Path

PROC = Path("/proc")


def descendants(root: int) -> list[int]:
    """`root` and every process below it, from the parent ids in /proc/*/stat."""
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # The command name may hold spaces or brackets: the fields follow the last ')'.
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
        children.setdefault(parent, []).append(int(entry.name))
    found, i = [root], 0
    while i < len(found):
        found += children.get(found[i], [])
        i += 1
    return found


def high_water_mb(pid: int) -> float:
    """VmHWM of `pid` in MB, or 0 when it is gone."""
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class TreePeak:
    """Samples the high-water mark of a process tree until stopped (a process that lives
    less than one interval may be missed; the build's processes live for seconds)."""

    def __init__(self, pid: int, interval: float = 0.05):
        self.pid, self.interval, self.peak = pid, interval, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreePeak:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            for pid in descendants(self.pid):
                self.peak = max(self.peak, high_water_mb(pid))
            self._stop.wait(self.interval)
