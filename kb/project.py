"""A Wildlex project folder: ontology/, corpus/, queries/, site/ and build/.

The repository is such a folder; `wildlex --root DIR` points at another one,
as datasette's configuration directories do.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import ProjectNotFound


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def corpus_dir(self) -> Path:
        return self.root / "corpus"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    def display(self, path: Path) -> str:
        """The path as a contributor sees it: relative to the project, with / separators."""
        for candidate, root in ((path.absolute(), self.root), (path.resolve(), self.root.resolve())):
            try:
                return candidate.relative_to(root).as_posix()
            except ValueError:
                continue
        return path.as_posix()

    def ontology_files(self) -> list[Path]:
        return sorted(p for p in self.ontology_dir.glob("*.ttl") if p.name != "shapes.ttl")

    def corpus_files(self) -> list[Path]:
        return sorted(self.corpus_dir.rglob("*.ttl"))


def open_project(root: str | Path = ".") -> Project:
    """The project at `root`, or ProjectNotFound saying what is missing."""
    project = Project(Path(root).resolve())
    for needed in (project.ontology_dir, project.corpus_dir):
        if not needed.is_dir():
            raise ProjectNotFound(
                f"{project.root} is not a Wildlex project: it has no {needed.name}/ folder — "
                "run the command from the repository, or pass --root DIR"
            )
    return project
