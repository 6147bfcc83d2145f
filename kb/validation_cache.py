"""What earlier validations learnt about each clean corpus file, keyed by its content.

A file whose bytes, and the rules it was checked against (ontology, shapes, this
program), are unchanged since it last validated cleanly is not parsed again. Its
summary is enough for the checks that cross files: the IRIs it defines, the corpus
IRIs it refers to, and the types of what it defines (for sh:class checks elsewhere).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from rdflib import RDF, URIRef

from . import __version__
from .files import write_atomically
from .namespaces import ID
from .project import Project


@dataclass
class Summary:
    digest: str
    defines: list[str]
    refers: list[str]
    types: dict[str, list[str]]
    context: str = ""  # the types of the IRIs it refers to, when it last validated

    @classmethod
    def of(cls, digest: str, graph) -> Summary:
        defines = sorted({str(s) for s in graph.subjects() if isinstance(s, URIRef)})
        refers = sorted({str(o) for o in graph.objects()
                         if isinstance(o, URIRef) and str(o).startswith(str(ID))})
        types: dict[str, list[str]] = {}
        for subject, kind in graph.subject_objects(RDF.type):
            if isinstance(subject, URIRef):
                types.setdefault(str(subject), []).append(str(kind))
        return cls(digest, defines, refers, {k: sorted(v) for k, v in sorted(types.items())})


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
    for path in sorted(project.ontology_dir.glob("*.ttl")):  # the shapes included
        hasher.update(path.name.encode() + b"\0" + path.read_bytes())
    return hasher.hexdigest()


class ValidationCache:
    def __init__(self, project: Project):
        self.path = project.build_dir / "validation-cache.json"
        self.rules = rules_digest(project)
        self.summaries: dict[str, Summary] = {}
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # no cache yet, or an unreadable one: validate everything
        if stored.get("rules") == self.rules:
            self.summaries = {name: Summary(**s) for name, s in stored.get("files", {}).items()}

    def fresh(self, display: str, file_digest: str) -> Summary | None:
        summary = self.summaries.get(display)
        return summary if summary is not None and summary.digest == file_digest else None

    def save(self, clean: dict[str, Summary]) -> None:
        """Keep the summaries of the files that validated cleanly, and only those."""
        data = {"rules": self.rules, "files": {name: vars(s) for name, s in sorted(clean.items())}}
        write_atomically(self.path, json.dumps(data, sort_keys=True).encode("utf-8"))
