"""Pagefind writes its filter index in hash-map order, which changes from run to run:
the same pages gave other filter files (and so another index) each time. Each filter
file is written again with its values sorted, named after its new content, and the
index's metadata file, which names them, likewise; the same site then gives the same
bytes.

Pagefind's files are gzip-compressed CBOR after a b"pagefind_dcd" signature; the
client finds them by the names in the metadata file and pagefind-entry.json.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"
FILTERS = 3  # position of the [filter name, file hash] list in the metadata file


def _read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path}: not a pagefind file")
    return cbor2.loads(data[len(SIGNATURE):])


def _write(folder: Path, prefix: str, length: int, suffix: str, value) -> str:
    """Write `value` under a name made from its content; return the name's hash part."""
    data = SIGNATURE + cbor2.dumps(value)
    name = f"{prefix}_{hashlib.sha256(data).hexdigest()[:length]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(data, mtime=0))
    return name


def sort_filters(bundle: Path) -> None:
    """Rewrite the filter files and metadata file of one pagefind bundle in sorted order."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for about in entry["languages"].values():
        meta_path = bundle / f"pagefind.{about['hash']}.pf_meta"
        meta = _read(meta_path)
        renamed = []
        for filter_name, old in meta[FILTERS]:
            path = bundle / "filter" / f"{old}.pf_filter"
            name, values = _read(path)
            path.unlink()
            new = _write(bundle / "filter", old.split("_", 1)[0], len(old.split("_", 1)[1]),
                         ".pf_filter", [name, sorted(values, key=lambda v: v[0])])
            renamed.append([filter_name, new])
        meta[FILTERS] = sorted(renamed)
        meta_path.unlink()
        prefix, digest = about["hash"].split("_", 1)
        about["hash"] = _write(bundle, f"pagefind.{prefix}", len(digest), ".pf_meta", meta
                               ).removeprefix("pagefind.")
    entry_path.write_text(json.dumps(entry, sort_keys=True, separators=(",", ":")))
