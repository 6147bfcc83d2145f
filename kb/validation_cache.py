"""What earlier validations learnt about each clean corpus file, keyed by its content.

A file whose bytes, and the rules it was checked against (ontology, shapes, this
program), are unchanged since it last validated cleanly is not parsed again. Its
summary is enough for the checks that cross files: the IRIs it defines, the corpus
IRIs it refers to, and the types of what it defines (for sh:class checks elsewhere).
"""

from __future__ import annotations

import hashlib
import json
import marshal
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import __version__
from .digests import written_identity
from .files import write_atomically
from .namespaces import ID, RDF
from .plausible import links_of
from .project import Project
from .sources import hosts_digest_input

RDF_TYPE = str(RDF.type)
CORPUS_IRIS = str(ID)  # what a corpus file defines and refers to
CHECKS = ("validate.py", "buildable.py", "plausible.py", "turtle.py", "reading.py", "corpus.py",
          "sources.py", "versions.py", "ontology.py", "shapes.py", "shacl.py")


@dataclass
class Summary:
    digest: str
    defines: list[str]
    refers: list[str]
    types: dict[str, list[str]]
    context: str = ""  # the types of the IRIs it refers to, when it last validated
    # [relation, from, to]: amendments and replacements, for the cycle check across files
    links: list[list[str]] = field(default_factory=list)

    @classmethod
    def of(cls, digest: str, quads: Iterable[ox.Quad]) -> Summary:
        defines: set[str] = set()
        refers: set[str] = set()
        types: dict[str, set[str]] = {}
        quads = list(quads)
        for quad in quads:
            subject, value = quad.subject, quad.object
            if isinstance(subject, ox.NamedNode):
                defines.add(subject.value)
                if quad.predicate.value == RDF_TYPE:
                    types.setdefault(subject.value, set()).add(value.value)
            if isinstance(value, ox.NamedNode) and value.value.startswith(CORPUS_IRIS):
                refers.add(value.value)
        return cls(digest, sorted(defines), sorted(refers),
                   {iri: sorted(kinds) for iri, kinds in sorted(types.items())},
                   links=sorted(links_of(quads)))


def context_digest(summary: Summary, summaries: dict[str, Summary], definers: dict[str, str]) -> str:
    """What the file's SHACL result depends on outside it: the types of what it refers to."""
    types = {iri: summaries[definers[iri]].types.get(iri, []) if iri in definers else None
             for iri in summary.refers}
    return digest(json.dumps(types, sort_keys=True).encode())


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def rules_digest(project: Project) -> str:
    """Changes whenever what a file is checked against changes."""
    hasher = hashlib.sha256(__version__.encode())
    for module in CHECKS:  # a new check must see files an older program found clean
        hasher.update((Path(__file__).parent / module).read_bytes())
    for path in [*project.ontology_files(), project.shapes_file()]:
        hasher.update(path.name.encode() + b"\0" + path.read_bytes())
    # checked_official is judged against the hosts the coverage files declare.
    hasher.update(hosts_digest_input(project))
    return hasher.hexdigest()


class ValidationCache:
    # (marshal, not JSON: 13 MB of summaries at 200 jurisdictions were written at every
    # build in 0.07 s, against 0.015 s)
    NAME = "validation-cache.marshal"

    def __init__(self, project: Project):
        self.path = project.build_dir / self.NAME
        self.rules = rules_digest(project)
        self.summaries: dict[str, Summary] = {}
        self._stored = None  # as read
        try:
            self._stored = _read(self.path)
            if self._stored.get("rules") == self.rules:
                self.summaries = {name: Summary(**s) for name, s in self._stored.get("files", {}).items()}
        except (OSError, ValueError, EOFError, TypeError, AttributeError):
            return  # no cache yet, or an unreadable one: validate everything

    def fresh(self, display: str, file_digest: str) -> Summary | None:
        summary = self.summaries.get(display)
        return summary if summary is not None and summary.digest == file_digest else None

    def save(self, clean: dict[str, Summary]) -> None:
        """Keep the summaries of the files that validated cleanly, and only those."""
        data = {"rules": self.rules, "files": {name: dict(vars(s)) for name, s in sorted(clean.items())}}
        if data == self._stored:
            # (The same summaries can marshal to other bytes: a build with nothing changed
            # writes nothing. The summaries read share their lists, which nothing changes.)
            return
        write_atomically(self.path, marshal.dumps(data))
        _remember(self.path, data)
        (self.path.parent / "validation-cache.json").unlink(missing_ok=True)  # (an older build's)


# The cache read or written last, by its file's identity (a cache is written to a new
# file, and renamed whole): the preview's worker reads the same one at every save (13 MB
# at 200 jurisdictions). Not to be changed by its readers.
_LAST: dict[tuple[int, int, int], dict] = {}  # (by digests.written_identity)


def _read(path: Path) -> dict:
    key = written_identity(path.stat())  # (before it is read: a file replaced meanwhile is read again)
    if key not in _LAST:
        data = marshal.loads(path.read_bytes())
        _LAST.clear()
        _LAST[key] = data
    return _LAST[key]


def _remember(path: Path, data: dict) -> None:
    """`data`, just written to `path` (the build's lock held: no other writes it)."""
    _LAST.clear()
    _LAST[written_identity(path.stat())] = data
