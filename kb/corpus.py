"""Where each corpus file lives and which IRIs it may define.

`corpus/<code>/<slug>.ttl` defines the instrument `jur:<code>/<slug>` and the
things under `jur:<code>/<slug>/…`; `corpus/<code>/coverage.ttl` defines the
jurisdiction `jur:<code>` and its coverage statement. `corpus/platforms/<slug>.ttl`
defines the platform `jur:platforms/<slug>`, its policies and what they state (under
`jur:platforms/<slug>/…`); that folder holds no coverage file. Page paths on the site
follow these IRIs, so keeping them to safe characters keeps every page inside
the output folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .namespaces import ID

COVERAGE_FILE = "coverage.ttl"
PLATFORMS = "platforms"  # the folder of platform policies, beside the jurisdictions
CODE_PATTERN = re.compile(r"^(?:[a-z]{2})\Z")
SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*\Z")
LOCAL_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*\Z")


@dataclass(frozen=True)
class CorpusPlace:
    """The jurisdiction code and slug a corpus file stands for."""

    code: str
    slug: str

    @property
    def is_platform(self) -> bool:
        return self.code == PLATFORMS

    @property
    def is_coverage(self) -> bool:
        return self.slug == "coverage" and not self.is_platform

    @property
    def namespace(self) -> str:
        if self.is_coverage:
            return f"{ID}{self.code}"
        return f"{ID}{self.code}/{self.slug}"

    def owns(self, iri: str) -> bool:
        """Whether a subject IRI may be defined in this file."""
        if iri == self.namespace:
            return True
        if self.is_coverage:
            return iri == f"{self.namespace}/coverage"
        prefix = self.namespace + "/"
        return iri.startswith(prefix) and bool(LOCAL_PATTERN.match(iri[len(prefix):]))

    def expected(self) -> str:
        if self.is_coverage:
            return f"jur:{self.code} and jur:{self.code}/coverage"
        return f"<{self.namespace}> and <{self.namespace}/NAME> (NAME: letters, digits, - or _)"


def place_of(path: Path, corpus_dir: Path) -> CorpusPlace | None:
    """The place of a file under corpus/, or None when the path breaks the layout."""
    try:
        parts = path.resolve().relative_to(corpus_dir.resolve()).parts
    except ValueError:
        return None
    if len(parts) != 2 or not parts[1].endswith(".ttl"):
        return None
    code, slug = parts[0], parts[1][: -len(".ttl")]
    if not (CODE_PATTERN.match(code) or code == PLATFORMS) or not SLUG_PATTERN.match(slug):
        return None
    if code == PLATFORMS and slug == "coverage":
        return None  # a platform's review is in its own file (wlx:coversTopic)
    return CorpusPlace(code, slug)
