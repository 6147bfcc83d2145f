"""Pages kept from the published site: a page whose inputs did not change is not rendered again.

Each page written with named inputs is recorded with a digest of what it was made from
(the templates, strings and code that render it, its language and date, and the answer
rows it shows) and the digest of its bytes. The next build links the published file into
the new site instead of rendering a page whose input digest is unchanged: a published
site is never changed in place, so a hard link to its file is safe.

The inputs named for a page must cover everything its template reads; tests compare an
incremental rebuild with a cold build of the same corpus, byte for byte.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from ..files import write_atomically

# Under build/: which site the record describes, and for each of its pages recorded,
# [input digest, file digest].
RECORD = "page-inputs.json"
CODE = Path(__file__).resolve().parent


@dataclass
class Kept:
    """The published site's recorded pages, or none."""

    site: Path | None = None
    pages: dict[str, list[str]] = field(default_factory=dict)

    def file(self, page: str, file_path: str, inputs: str) -> tuple[Path, str] | None:
        """(the published file, its digest) if `page` was made from the same inputs."""
        recorded = self.pages.get(page)
        if self.site is None or recorded is None or recorded[0] != inputs:
            return None
        return self.site / file_path, recorded[1]


def kept_pages(project, published: Path | None) -> Kept:
    """The record of the published site; none if it describes another site (a build
    killed after writing its record but before publishing) or cannot be read."""
    try:
        record = json.loads((project.build_dir / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Kept()
    if published is None or record.get("site") != published.name:
        return Kept()
    return Kept(published, record["pages"])


def record_pages(project, site: Path, pages: dict[str, list[str]]) -> None:
    data = json.dumps({"site": site.name, "pages": pages}, sort_keys=True, separators=(",", ":"))
    write_atomically(project.build_dir / RECORD, data.encode("utf-8"))


def _folder_digest(hasher, folder: Path, pattern: str) -> None:
    for path in sorted(p for p in folder.rglob(pattern) if p.is_file()):
        hasher.update(f"{path.relative_to(folder).as_posix()}\0".encode())
        hasher.update(path.read_bytes())


def common_inputs(project, language: str, *shared) -> str:
    """What every page of `language` is made from: site/ (templates, strings, the
    publisher), the code of kb/ (filters, globals, the release) and its libraries'
    versions, and `shared` (the date, the vocabulary's labels)."""
    hasher = hashlib.sha256(f"{language}\0{version('jinja2')}\0{version('babel')}\0".encode())
    for layer in project.layers("site"):  # the project's own files, then the defaults
        _folder_digest(hasher, layer, "*")
    _folder_digest(hasher, CODE.parent, "*.py")
    hasher.update(repr(shared).encode())
    return hasher.hexdigest()


def input_digest(common: str, template: str, page: str, inputs: tuple) -> str:
    """The digest of one page's inputs; `inputs` are dataclasses and plain values, whose
    repr shows every field."""
    return hashlib.sha256(f"{common}\0{template}\0{page}\0{inputs!r}".encode()).hexdigest()
