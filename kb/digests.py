"""The SHA-256 of a file's bytes, worked out once per process while the file is unchanged.

A build takes the digest of every source file three or four times (to validate, to load,
to tell what the site is made from: 1,200 files at 200 jurisdictions, 0.05 s each time),
and the preview's worker builds again and again. A digest is kept with the identity,
size and times of the file it was read from, taken before it was read; any write moves
the inode's change time. Like the preview's watcher, which rebuilds when a file's size or
time changes, and the readers' freshness check (freshness.py), it cannot tell apart two
writes of the same size within one tick of the file system's clock.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

_KNOWN: dict[str, tuple[tuple[int, ...], str]] = {}


def _identity(info: os.stat_result) -> tuple[int, ...]:
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


def written_identity(info: os.stat_result) -> tuple[int, int, int]:
    """The identity of a file as it was written, which a rename keeps (its change time
    moves): for a file of the build that is only ever written whole to a new file and
    renamed into place, so that another process's writing it gives another identity."""
    return info.st_ino, info.st_mtime_ns, info.st_size


def known_digest(path: Path, info: os.stat_result) -> str | None:
    """The digest of `path` if it was read while it had the status `info`."""
    found = _KNOWN.get(str(path))
    return found[1] if found is not None and found[0] == _identity(info) else None


def remember(path: Path, info: os.stat_result, data: bytes) -> str:
    """The digest of `data`, read from `path` while it had the status `info` (taken
    before the read: a write meanwhile leaves the digest under a status no longer seen)."""
    digest = hashlib.sha256(data).hexdigest()
    _KNOWN[str(path)] = (_identity(info), digest)
    return digest


def file_digest(path: Path) -> str:
    """The digest of the bytes of `path` (through links), read only if it changed."""
    info = os.stat(path)
    return known_digest(path, info) or remember(path, info, path.read_bytes())


def read_with_digest(path: Path) -> tuple[bytes, str]:
    """The bytes of `path` and their digest, read now."""
    info = os.stat(path)
    data = path.read_bytes()
    return data, remember(path, info, data)
