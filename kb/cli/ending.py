"""Ending `wildlex build` without freeing, object by object, what it built.

A build holds millions of objects until it ends (the answers' rows, the in-memory copy
of the store): freeing them when the build returns, then the interpreter's own
teardown, took 0.8 s of a 6 s rebuild at 200 jurisdictions. The `wildlex` command (its
console script, `main`) arms this; a build then hands what it holds to `hold`, and once
the command has ended well, with everything written, closed and flushed, the process
ends at once and the system takes its memory back whole. Anything else (a failed
command, a command that holds nothing, a build inside another program or a test) ends
as usual, and `hold` keeps nothing.
"""

from __future__ import annotations

import os
import sys

_armed = False
_held: list[tuple] = []


def arm() -> None:
    global _armed
    _armed = True


def hold(*objects) -> None:
    """Keep `objects` until the process ends, if `arm`ed."""
    if _armed:
        _held.append(objects)


def holding() -> bool:
    return bool(_held)


def end_now(code: int = 0) -> None:
    """End the process with `code`, its output flushed, without tearing anything down
    (every file a build writes is closed, and its store flushed, before it returns)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
