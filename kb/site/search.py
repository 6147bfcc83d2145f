"""The site's search index: pagefind, run for each language and each part of its pages.

Pagefind holds everything it indexes in memory, some 80 KB a page, so a large site is
indexed in parts of at most PAGES_PER_INDEX pages, which the search page searches
together. A part whose pages are, byte for byte, those of the published site keeps
that site's index (pagefind gives the same pages the same index): a rebuild after a
small change indexes again only the parts whose pages changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path

from ..errors import WildlexError
from .search_order import sort_filters

PAGES_PER_INDEX = 8000
# Each part's digest, kept in the site so that the next build can compare.
RECORD = "pagefind/parts.json"
# Changed when the index written from the same pages changes (2: filters sorted), so
# that a rebuild does not keep a part written the old way.
INDEX_FORMAT = 2


def search_parts(pages: Iterable[str], language: str) -> list[list[str]]:
    """A language's page folders (jurisdictions and portal pages; "" for its home page),
    grouped in path order into parts of at most PAGES_PER_INDEX pages where possible
    (a folder is never split)."""
    sizes: dict[str, int] = {}
    for page in pages:
        if page.startswith(language + "/"):
            folder = page[len(language) + 1:].split("/", 1)[0]
            sizes[folder] = sizes.get(folder, 0) + 1
    parts: list[list[str]] = [[]]
    size = 0
    for folder in sorted(sizes):
        if parts[-1] and size + sizes[folder] > PAGES_PER_INDEX:
            parts.append([])
            size = 0
        parts[-1].append(folder)
        size += sizes[folder]
    return parts


def bundle(language: str, number: int) -> str:
    """Where part `number` (from 0) of a language's search index goes in the site."""
    return f"pagefind/{language}/" if number == 0 else f"pagefind/{language}-{number + 1}/"


def index_for_search(site: Path, parts: dict[str, list[list[str]]],
                     previous: Path | None = None, written: dict[str, str] | None = None,
                     staged: dict[str, str] | None = None, discard=shutil.rmtree) -> list[str]:
    """Write the search index of `site`, taking from the `previous` site the parts whose
    pages did not change; return the bundles that pagefind indexed this time. `written`
    gives the digest of each page the build wrote (others are read back). `staged` is
    the record of the parts `site` holds already (a reused spare, see spare.py): a part
    recorded with the same digest is left as it is, any other is removed by `discard`."""
    earlier, staged = _record(previous), dict(staged or {})
    record, indexed = {}, []
    in_folders = None if written is None else _page_files(written)
    for language, folders in parts.items():
        for number, part in enumerate(folders):
            output = bundle(language, number)
            record[output] = _digest(site, language, part, written or {}, in_folders)
            if staged.pop(output, None) == record[output] and (site / output).is_dir():
                continue
            if (site / output).exists():
                discard(site / output)  # its files may be links to the published site's
            if previous is not None and earlier.get(output) == record[output]:
                # Hard links: a published site is never changed in place.
                shutil.copytree(previous / output, site / output, copy_function=os.link)
            else:
                _run_pagefind(site, language, part, output)
                indexed.append(output)
    wanted = {output.rstrip("/") for output in record}
    for folder in sorted((site / "pagefind").glob("*")):  # parts the site no longer has
        if folder.is_dir() and f"pagefind/{folder.name}" not in wanted:
            discard(folder)
    (site / RECORD).unlink(missing_ok=True)
    (site / RECORD).write_text(json.dumps(record, indent=1, sort_keys=True), encoding="utf-8")
    return indexed


def _record(previous: Path | None) -> dict[str, str]:
    try:
        return json.loads((previous / RECORD).read_text(encoding="utf-8")) if previous else {}
    except (OSError, ValueError):
        return {}  # no index recorded, or a site from before parts were recorded


def _files(site: Path, language: str, part: list[str],
           in_folders: dict[tuple[str, str], list[str]] | None = None) -> list[str]:
    """The files `_globs` selects (their paths in the site), in a fixed order: looked up
    in `in_folders` (`_page_files` of every page of the site) if given, else found in
    the site (a walk through every file, 2 s at 58,000 pages per language)."""
    files = []
    for folder in part:
        if folder == "":
            files.append(f"{language}/index.html")
        elif in_folders is not None:
            files += in_folders.get((language, folder), [])
        else:
            files += sorted((path.relative_to(site).as_posix()
                             for path in (site / language / folder).rglob("*.html")), key=_in_order)
    return files


def _page_files(pages: Iterable[str]) -> dict[tuple[str, str], list[str]]:
    """The HTML files of `pages` (every page of a site) by (language, folder), each
    folder's in the order of their paths (as sorting them as paths would)."""
    found: dict[tuple[str, str], list[str]] = {}
    for page in pages:
        name = page + "index.html" if page.endswith("/") else page
        language, _, rest = name.partition("/")
        folder, slash, _ = rest.partition("/")
        if slash and name.endswith(".html"):
            found.setdefault((language, folder), []).append(name)
    for names in found.values():
        names.sort(key=_in_order)
    return found


def _in_order(name: str) -> list[str]:
    return name.split("/")  # (a path's parts: "a/b" before "a-b/c", as Path sorts them)


def _globs(language: str, part: list[str]) -> str:
    return "{" + ",".join(f"{language}/index.html" if folder == "" else
                          f"{language}/{folder}/**/*.html" for folder in part) + "}"


def _digest(site: Path, language: str, part: list[str], written: dict[str, str],
            in_folders: dict[tuple[str, str], list[str]] | None = None) -> str:
    """What a part's index is made from: pagefind's version, the part, each page's digest
    (as the build recorded it when it wrote the page, or read back from its file)."""
    hasher = hashlib.sha256(
        f"{version('pagefind')}\0{INDEX_FORMAT}\0{_globs(language, part)}\0".encode())
    for name in _files(site, language, part, in_folders):
        page = name[:-len("index.html")] if name.endswith("/index.html") else name
        digest = written.get(page)
        if digest is None:
            digest = hashlib.sha256((site / name).read_bytes()).hexdigest()
        hasher.update(f"{name}\0{digest}\0".encode())
    return hasher.hexdigest()


def _run_pagefind(site: Path, language: str, part: list[str], output: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--silent",
         "--glob", _globs(language, part), "--output-subdir", output],
        capture_output=True, text=True)
    if result.returncode != 0:
        raise WildlexError(f"the search index could not be built: {result.stderr.strip()[-500:]}")
    # Pagefind writes its filters and this file's keys in hash-map order; sorted, the
    # same site gives the same bytes.
    sort_filters(site / output)
