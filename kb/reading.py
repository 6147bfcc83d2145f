"""Reading a contributor's file without surprises from the file system.

A corpus file must be a regular file, inside corpus/, of a bounded size. Anything
else is refused before a byte of it is read: a FIFO would block the reader forever,
/dev/zero would fill the memory, a link out of the corpus would echo another file
(/etc/passwd) in an error message, and a file larger than the Turtle parser's buffer
ends in a MemoryError.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .digests import known_digest, remember
from .errors import WildlexError

# The largest corpus file Wildlex reads, in bytes and in statements. The largest real
# instrument file is 28 kB (about 600 statements). Measured on a shared 2-core machine
# (2026-12): 25,000 statements of provisions that each break several shapes, the worst
# case, validate in 20 s using 0.5 GB; 41,000 such provisions (2 MB) took 78 s and
# 2.4 GB, and a 40 MB file 8 minutes and 2.9 GB.
MAX_FILE_BYTES = 1_000_000
MAX_STATEMENTS = 25_000


class Unreadable(WildlexError):
    """A corpus path that is not a regular file inside corpus/ of a bounded size."""


def read_contribution(path: Path, corpus_dir: Path | None = None) -> bytes:
    """The bytes of `path`, or Unreadable saying which rule it breaks (a message without
    the path: the caller names the file as the contributor sees it)."""
    _checked(path, corpus_dir)
    return _read(path)[1]


def contribution_digest(path: Path, corpus_dir: Path | None = None) -> tuple[str, bytes | None]:
    """The digest of the bytes of `path` and, if they had to be read for it, the bytes
    (None: the file is unchanged since this process read it, see digests.py); or
    Unreadable, as read_contribution."""
    known = known_digest(path, _checked(path, corpus_dir))
    if known is not None:
        return known, None
    info, data = _read(path)
    return remember(path, info, data), data


def _checked(path: Path, corpus_dir: Path | None) -> os.stat_result:
    """The status of `path` (through links), or Unreadable if it may not be read."""
    try:
        info = os.stat(path)  # through links: what would be read
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise Unreadable("a symbolic link that leads round in a loop — remove the link") from None
        if path.is_symlink():
            raise Unreadable("a symbolic link to nothing — remove the link, or point it "
                             "at a file inside corpus/") from None
        raise Unreadable(f"cannot be read ({error.strerror}) — check that it exists and "
                         "its permissions") from None
    if (path.is_symlink() and corpus_dir is not None
            and not path.resolve().is_relative_to(corpus_dir.resolve())):
        raise Unreadable("a symbolic link to a file outside corpus/ — corpus files "
                         "are read only from inside corpus/; copy the file in instead")
    _check_kind(info)
    return info


def _read(path: Path) -> tuple[os.stat_result, bytes]:
    """The status of the file opened at `path`, taken before it is read, and its bytes."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; the checks below refuse it.
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise Unreadable(f"cannot be read ({error.strerror}) — check its permissions") from None
    try:
        info = os.fstat(handle)  # again: the path may have changed since
        _check_kind(info)
        os.set_blocking(handle, True)
        with os.fdopen(handle, "rb", closefd=False) as stream:
            data = stream.read(MAX_FILE_BYTES + 1)  # the file may have grown since fstat
    finally:
        os.close(handle)
    if len(data) > MAX_FILE_BYTES:
        raise Unreadable(too_large(len(data)))
    return info, data


def _check_kind(info: os.stat_result) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise Unreadable("a folder named like a Turtle file — a corpus file must be a "
                         "regular file; rename the folder")
    if not stat.S_ISREG(info.st_mode):
        raise Unreadable("not a regular file (a device, a pipe or a socket) — a corpus "
                         "file must be a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise Unreadable(too_large(info.st_size))


def too_many_statements(count: int) -> str:
    return (f"the file makes {count:,} statements, over the limit of {MAX_STATEMENTS:,} for "
            "one corpus file — keep the provisions that bear on wildlife trade")


def too_large(size: int) -> str:
    return (f"the file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,} bytes "
            "for one corpus file — keep the provisions that bear on wildlife trade and "
            "quote short excerpts")
