"""A Wildlex project folder: corpus/, optional overrides, and build/.

A project holds corpus/ and may hold its own ontology/, queries/ and site/ files; any
file it lacks comes from the defaults packaged with Wildlex (kb/defaults/ in the
wheel, the repository's own folders in a checkout). A project file overrides the
default file of the same name, so a project can change one template or the criteria
and keep the rest. The repository is such a project. As datasette's configuration
directories do, `wildlex --root DIR` points at one; without it, the command looks for
one from the current folder up, as git does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import ProjectExists, ProjectNotFound

# The file `wildlex init` writes: it marks a project that has no ontology/ of its own.
MARKER = "wildlex.toml"
OVERRIDABLE = ("ontology", "queries", "site")


def default_root() -> Path:
    """The folder holding the default ontology/, queries/ and site/."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "defaults", package.parent):  # wheel, then checkout
        if all((candidate / name).is_dir() for name in OVERRIDABLE):
            return candidate
    raise ProjectNotFound(f"Wildlex's default ontology/, queries/ and site/ are missing from "
                          f"{package} — reinstall wildlex")


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def defaults(self) -> Path:
        return default_root()

    @property
    def ontology_dir(self) -> Path:
        return self._own_or_default("ontology")

    @property
    def corpus_dir(self) -> Path:
        return self.root / "corpus"

    @property
    def queries_dir(self) -> Path:
        return self._own_or_default("queries")

    @property
    def site_dir(self) -> Path:
        return self._own_or_default("site")

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    def _own_or_default(self, name: str) -> Path:
        own = self.root / name
        return own if own.is_dir() else self.defaults / name

    def layers(self, folder: str) -> list[Path]:
        """`folder` (e.g. "site/templates") in the project, then in the defaults: the
        first one holding a file wins."""
        own, default = self.root / folder, self.defaults / folder
        return [p for p in dict.fromkeys((own, default)) if p.is_dir()]

    def file(self, relative: str) -> Path:
        """The project's own file at `relative` (e.g. "ontology/shapes.ttl"), or the default."""
        own = self.root / relative
        return own if own.is_file() else self.defaults / relative

    def files(self, folder: str, pattern: str) -> list[Path]:
        """The files matching `pattern` in `folder`, one per name, the project's first."""
        chosen: dict[str, Path] = {}
        for layer in self.layers(folder):
            for path in layer.glob(pattern):
                chosen.setdefault(path.name, path)
        return [chosen[name] for name in sorted(chosen)]

    def display(self, path: Path) -> str:
        """The path as a contributor sees it: relative to the project, with / separators. A
        default file is named as the project's own would be (ontology/criteria.ttl), so that
        messages, source graphs and the store's manifest do not depend on where Wildlex is
        installed."""
        try:
            return path.absolute().relative_to(self.root).as_posix()
        except ValueError:
            pass
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):  # a symbolic link that leads to itself
            return path.as_posix()
        for root in (self.root.resolve(), self.defaults.resolve()):
            try:
                return resolved.relative_to(root).as_posix()
            except ValueError:
                continue
        return path.as_posix()

    def ontology_files(self) -> list[Path]:
        return [p for p in self.files("ontology", "*.ttl") if p.name != "shapes.ttl"]

    def shapes_file(self) -> Path:
        return self.file("ontology/shapes.ttl")

    def query_files(self) -> list[Path]:
        return self.files("queries", "*.rq")

    def query_file(self, name: str) -> Path:
        return self.file(f"queries/{name}.rq")

    def corpus_files(self) -> list[Path]:
        return sorted(self.corpus_dir.rglob("*.ttl"))


def is_project(folder: Path) -> bool:
    """A folder that marks itself a project, or holds corpus/ and ontology/ (the repository)."""
    return (folder / MARKER).is_file() or all((folder / n).is_dir() for n in ("corpus", "ontology"))


def find_root(start: Path) -> Path:
    """The nearest folder from `start` up that is a project, as git finds its repository."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if is_project(folder):
            return folder
    raise ProjectNotFound(
        f"no Wildlex project in {start} or any folder above it (a project holds {MARKER}, "
        "or corpus/ and ontology/) — run the command inside one, pass --root DIR, "
        "or make one with `wildlex init DIR`")


def open_project(root: str | Path | None = None) -> Project:
    """The project at `root`, or found from the current folder up when `root` is None."""
    if root is None:
        return Project(find_root(Path.cwd()))
    project = Project(Path(root).resolve())
    if not project.corpus_dir.is_dir():
        raise ProjectNotFound(
            f"{project.root} is not a Wildlex project: it has no corpus/ folder — "
            "pass --root DIR naming a project, or make one with `wildlex init DIR`")
    return project


def init_project(target: Path, overrides: list[str] = ()) -> list[Path]:
    """Make a project at `target` (new or empty): corpus/, a README, the marker file, and
    a copy of each default file named in `overrides` (e.g. "ontology/criteria.ttl") to
    edit. Returns the files written."""
    from importlib.resources import files

    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ProjectExists(f"{target} already exists and is not an empty folder — "
                            "name a new folder")
    defaults = default_root()
    copies = []
    for name in overrides:
        source = (defaults / name).resolve()
        if (name.split("/")[0] not in OVERRIDABLE or not source.is_file()
                or not source.is_relative_to(defaults.resolve())):
            known = ", ".join(sorted(p.relative_to(defaults).as_posix() for folder in OVERRIDABLE
                                     for p in (defaults / folder).rglob("*") if p.is_file()))
            raise ProjectExists(f"--override {name}: no such default file; the files a "
                                f"project can override are: {known}")
        copies.append((source, target / name))
    templates = files("kb") / "templates" / "project"
    written = []
    for name in ("wildlex.toml", "README.md", "corpus/README.md", ".gitignore"):
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text((templates / name.lstrip(".").replace("/", "-")).read_text(encoding="utf-8"),
                        encoding="utf-8")
        written.append(path)
    for source, copy in copies:
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(source.read_bytes())
        written.append(copy)
    return written
