"""Writing files so that a reader never sees half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes, shared: bool = False) -> None:
    """Write `data` beside `path`, then rename it into place. A `shared` file (an export
    for the user) gets the permissions the user's umask gives a new file, not the private
    0600 of a temporary file. A file of the build that holds `data` already is left alone
    (a build with nothing changed writes nothing)."""
    if not shared:
        try:
            if path.stat().st_size == len(data) and path.read_bytes() == data:
                return
        except OSError:
            pass  # no such file yet
        path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if shared:
                os.fchmod(stream.fileno(), 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
