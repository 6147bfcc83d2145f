"""The site published before the current one, kept as the next build's staging folder.

A build writes a new site beside the published one and publishes it by a rename, so
that readers never see a site half written. Writing a whole new folder costs one mkdir
and one link per page even when a single page changed: on a large site some 175,000
file-system calls, most of a rebuild's time, and as many again to delete the old site.

So the site published before (the spare) is not deleted but kept with its record, and
the next build renames it into its staging folder and brings it up to date: a page
whose inputs are those the spare's copy was made from is left where it is; any other
file is removed before it is written or linked again (a file there may be a hard link
to the published site's, which must never change); a page the new site lacks is
removed. The published site itself is never written to.

The spare's record (build/spare-inputs.json, as build/page-inputs.json) is removed
before its folder is touched: a build killed meanwhile leaves a staging folder, which
the next build deletes, and no record that describes a folder changed since.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from .reuse import SPARE_RECORD as RECORD
from .reuse import load_record

# The only files or folders at the top of a site that are brought up to date in place;
# everything else at the top (static files, datasets, the home page, the sitemap) is
# removed from the spare and written as in a new folder.
KEPT_AT_TOP = ("en", "fr", "es", "pagefind")


@dataclass
class Staged:
    """What the staging folder holds already: the spare's recorded pages
    ({page: [input digest, file digest]}), the files of its pages written without a
    record, and its search index parts ({bundle: digest})."""

    pages: dict[str, list[str]] = field(default_factory=dict)
    unrecorded: list[str] = field(default_factory=list)
    parts: dict[str, str] = field(default_factory=dict)

    def files(self) -> set[str]:
        return {file_of(page) for page in self.pages} | set(self.unrecorded)


_INDEX = "index.html"


def file_of(page: str) -> str:
    """The file of a page: a folder path such as en/ke/ is its index.html."""
    return page + _INDEX if page.endswith("/") else page


def stage(project, published: Path | None, discard=None) -> tuple[Path, Staged]:
    """A staging folder under build/sites/: the spare, made ready to be brought up to
    date, if there is one; else a new empty folder. `discard` takes a folder of what the
    spare holds that is made anew (its datasets: removing hundreds of megabytes took a
    rebuild a tenth of a second) out of it, to be removed without waiting."""
    sites = project.build_dir / "sites"
    staging = sites / f".staging-{uuid.uuid4().hex}"
    spare = _spare(project, published)
    (project.build_dir / RECORD).unlink(missing_ok=True)  # before the folder changes
    if spare is None:
        staging.mkdir(parents=True)
        return staging, Staged()
    folder, record = spare
    folder.rename(staging)
    try:
        parts = json.loads((staging / "pagefind/parts.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        parts = {}
    leftovers = [entry for entry in staging.iterdir() if entry.name not in KEPT_AT_TOP]
    if discard is not None and leftovers:
        out = staging / f".discarded-{uuid.uuid4().hex}"
        out.mkdir()
        for entry in leftovers:
            entry.rename(out / entry.name)
        discard(out)
    else:
        for entry in leftovers:
            _remove(entry)
    (staging / "pagefind/parts.json").unlink(missing_ok=True)
    return staging, Staged(record["pages"], record.get("unrecorded", []), parts)


def _spare(project, published: Path | None) -> tuple[Path, dict] | None:
    """The spare folder and its record, if both are there and it is not the published site."""
    try:
        record = load_record(project.build_dir / RECORD)
        name, pages = record["site"], record["pages"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    # A site's folder name (sites/site-<hex>), never a path elsewhere; compared by name
    # with the published site (whose path is resolved, build/ may not be).
    if not (isinstance(name, str) and name.startswith("site-") and "/" not in name
            and isinstance(pages, dict)):
        return None
    folder = project.build_dir / "sites" / name
    if not folder.is_dir() or (published is not None and published.name == name):
        return None
    return folder, record


def remove_stale(staging: Path, staged: Staged, *new: dict[str, object]) -> None:
    """Remove the files of the spare's pages that the new site does not have (`new`: the
    new site's pages, by page, in one or more maps), and the folders that leaves empty.
    (The pages are compared first: a rebuild's 174,000 are mostly the spare's.)"""
    def made(file: str) -> bool:  # whether a page of the new site is in `file`
        folder = file[:-len(_INDEX)] if file.endswith("/" + _INDEX) else None
        return any(file in pages or folder in pages for pages in new)

    gone = set(staged.pages)
    for pages in new:
        gone -= pages.keys()
    stale = {file_of(page) for page in gone} | set(staged.unrecorded)
    for name in sorted(file for file in stale if not made(file)):
        path = staging / name
        path.unlink(missing_ok=True)
        for folder in path.parents:
            if folder == staging:
                break
            try:
                folder.rmdir()
            except OSError:
                break  # not empty (or gone): its parents are not empty either


def keep_as_spare(project, published: Path | None) -> Path | None:
    """Make the record of the published site (`published`, if it has one: see
    reuse.kept_pages) the spare's; call before recording the new site. Returns the
    folder that publishing must then not delete."""
    from .reuse import RECORD as PUBLISHED

    if published is None:
        return None
    try:
        os.replace(project.build_dir / PUBLISHED, project.build_dir / RECORD)
    except OSError:
        return None
    return project.build_dir / "sites" / published.name  # as publishing names the folders


def make_twin(staging: Path) -> Path | None:
    """A folder beside `staging` holding hard links to its pages (KEPT_AT_TOP but the
    search index, which the next build links from the published site by its parts), to
    be the spare of a site that has none (a first build: there was no site to keep).
    Without it, the first rebuild after a first build writes a whole new folder (a mkdir
    and a link per page: 2-3 s at 58,000 pages per language); a first build makes it
    while the search index is made. None if it could not be made (a full disk, say):
    the next build does without."""
    twin = staging.parent / f"site-{uuid.uuid4().hex}"
    try:
        os.mkdir(twin)
        for name in KEPT_AT_TOP:
            if name != "pagefind" and (staging / name).is_dir():
                _link_tree(str(staging / name), str(twin / name))
    except OSError:
        shutil.rmtree(twin, ignore_errors=True)
        return None
    return twin


def _link_tree(source: str, target: str) -> None:
    # (Strings and scandir, not Path and rglob: a third of the time, at 175,000 entries.)
    os.mkdir(target)
    with os.scandir(source) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                _link_tree(entry.path, os.path.join(target, entry.name))
            else:
                os.link(entry.path, os.path.join(target, entry.name))


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def fresh(path: Path) -> Path:
    """`path`, with any file there removed first (it may be a hard link to a published
    file, which writing in place would change)."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    return path
