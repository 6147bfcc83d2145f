"""Is the knowledge base as new as the files it was built from?

The store's manifest holds the digest of each source file it was loaded from. A reader
compares it with the files on disk, so that an answer from an older store is never
served silently. The size and modification time of each file, recorded beside the
manifest, spare reading the files that have not been touched.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .files import write_atomically
from .project import Project


def stats_path(project: Project) -> Path:
    return project.build_dir / "store-stats.json"


def _stat(path: Path) -> list[int]:
    info = path.stat()
    return [info.st_size, info.st_mtime_ns]


def record_stats(project: Project, files: list[Path]) -> None:
    """Remember the size and time of each file just loaded (call after the manifest)."""
    stats = {project.display(p): _stat(p) for p in files if p.is_file()}
    write_atomically(stats_path(project), json.dumps(stats, sort_keys=True).encode())


def changed_since_build(project: Project, manifest: dict[str, str], files: list[Path]) -> list[str]:
    """The source files whose content differs from what the store holds, added or removed."""
    try:
        stats = json.loads(stats_path(project).read_text())
    except (OSError, ValueError):
        stats = {}
    changed = []
    present = set()
    for path in files:
        name = project.display(path)
        present.add(name)
        try:
            if stats.get(name) == _stat(path) and name in manifest:
                continue
            if hashlib.sha256(path.read_bytes()).hexdigest() != manifest.get(name):
                changed.append(name)
        except OSError:
            changed.append(name)
    return sorted(changed + [name for name in manifest if name not in present])
