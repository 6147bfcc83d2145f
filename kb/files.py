"""Writing files so that a reader never sees half of one."""

from __future__ import annotations

import contextlib
import marshal
import os
import struct
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

_LENGTH = struct.Struct("<Q")  # before each value of a file of marshalled values


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
    with _replacing(path) as stream:
        stream.write(data)
        if shared:
            os.fchmod(stream.fileno(), 0o666 & ~_umask())


def write_marshalled(path: Path, values: Iterable) -> None:
    """Write `values` to `path` as write_atomically does, each marshalled on its own after
    its length: the memory of one value's bytes at a time, where marshalling them whole
    held the whole file's bytes and marshal's table of every object written (125 MB more,
    at its peak, for 70 MB of records)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with _replacing(path) as stream:
        for value in values:
            data = marshal.dumps(value)
            stream.write(_LENGTH.pack(len(data)))
            stream.write(data)


def read_marshalled(path: Path) -> Iterator:
    """The values write_marshalled wrote to `path`, one at a time (OSError if it cannot be
    read, ValueError if it was not written so or is cut short)."""
    data = memoryview(path.read_bytes())
    at = 0
    while at < len(data):
        if at + _LENGTH.size > len(data):
            raise ValueError(f"{path}: cut short")
        (size,) = _LENGTH.unpack_from(data, at)
        at += _LENGTH.size
        if at + size > len(data):
            raise ValueError(f"{path}: cut short")
        yield marshal.loads(data[at:at + size])
        at += size


@contextlib.contextmanager
def _replacing(path: Path) -> Iterator[BinaryIO]:
    """A new file beside `path` to write, renamed into place if the writing ends well,
    else removed."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
