"""One build at a time: a second build says which process holds the lock, instead of
failing inside the store with a RocksDB traceback."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator

from .errors import WildlexError
from .project import Project


class BuildRunning(WildlexError):
    """Another build of the same project is running."""


@contextlib.contextmanager
def build_lock(project: Project) -> Iterator[None]:
    project.build_dir.mkdir(parents=True, exist_ok=True)
    path = project.build_dir / "build.lock"
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise BuildRunning(f"a build is already running (pid {holder}) — wait for it to "
                               "finish, then build again") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
