"""Where a new corpus file may be written: corpus/<code>/<slug>.ttl and nowhere else.

`wildlex new` and `wildlex import-akn` take a --slug from the command line; a slug
such as ../gb/x or /tmp/x would write into another country's folder or outside the
corpus, and a newline would become part of a file name.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import WildlexError

# One lower-case name: letters, digits and single hyphens between them. fullmatch, not
# `$`, which also matches before a final newline.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
CODE = re.compile(r"[a-z]{2}")
MAX_SLUG = 80


class BadSlug(WildlexError):
    """A --slug that is not one lower-case name of letters, digits and hyphens."""


def check_slug(slug: str) -> str:
    """`slug` itself, or BadSlug saying what a slug may hold."""
    if not SLUG.fullmatch(slug) or len(slug) > MAX_SLUG or slug == "coverage":
        raise BadSlug(
            f"--slug {slug!r} is not a file name Wildlex accepts — use one lower-case name of "
            f"letters, digits and hyphens (at most {MAX_SLUG} characters, not 'coverage'), "
            "e.g. wildlife-act-2013")
    return slug


def corpus_file(corpus_dir: Path, code: str, slug: str) -> Path:
    """corpus/<code>/<slug>.ttl, after checking that it lands in that folder and no other
    (the folder itself may not be a link leading elsewhere)."""
    if not CODE.fullmatch(code):
        raise BadSlug(f"{code!r} is not a lower-case two-letter jurisdiction code")
    folder = corpus_dir / code
    path = folder / f"{check_slug(slug)}.ttl"
    if folder.is_symlink() or path.is_symlink():
        raise BadSlug(f"corpus/{code}/{slug}.ttl: a symbolic link is in the way — Wildlex "
                      "writes only real files inside corpus/; remove the link")
    if not path.resolve().parent == corpus_dir.resolve() / code:
        raise BadSlug(f"corpus/{code}/{slug}.ttl would be written outside corpus/{code}/")
    return path
