"""Pages kept from the published site: a page whose inputs did not change is not rendered again.

Each page written with named inputs is recorded with a digest of what it was made from
(the templates, strings and code that render it, its language and date, and the answer
rows it shows) and the digest of its bytes. The next build links the published file into
the new site instead of rendering a page whose input digest is unchanged: a published
site is never changed in place, so a hard link to its file is safe.

A law's page and its provisions' are also recorded as a group: the digest of all they
are made from is kept with the law's page, and a build that finds the same digest keeps
every page of the group as published without working out each page's own (a rebuild
after one excerpt changed worked out 18,000 provision pages' at 200 jurisdictions).

The inputs named for a page must cover everything its template reads; tests compare an
incremental rebuild with a cold build of the same corpus, byte for byte.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import operator
import pickle
import types
import typing
from dataclasses import dataclass, field, fields
from importlib.metadata import version
from pathlib import Path

from ..digests import file_digest, written_identity
from ..files import write_atomically

# Under build/: which site the record describes, what the whole site was made from, and
# for each of its pages recorded, [input digest, file digest].
RECORD = "page-inputs.json"
SPARE_RECORD = "spare-inputs.json"  # the spare's (spare.py), as RECORD
CODE = Path(__file__).resolve().parent
TOOLS = ("jinja2", "babel", "pagefind", "pyoxigraph")


@dataclass
class Kept:
    """The published site's recorded pages, or none; and those of the folder the build
    writes in, when it is the spare brought up to date (see spare.py)."""

    site: Path | None = None
    pages: dict[str, list[str]] = field(default_factory=dict)
    staged: dict[str, list[str]] = field(default_factory=dict)

    def here(self, page: str, inputs: str) -> str | None:
        """The digest of `page`'s file if the folder written in holds it, made from the
        same inputs: then it is left as it is."""
        recorded = self.staged.get(page)
        return recorded[1] if recorded is not None and recorded[0] == inputs else None

    def file(self, page: str, file_path: str, inputs: str) -> tuple[Path, str] | None:
        """(the published file, its digest) if `page` was made from the same inputs."""
        recorded = self.pages.get(page)
        if self.site is None or recorded is None or recorded[0] != inputs:
            return None
        return self.site / file_path, recorded[1]


def read_record(project, published: Path | None) -> dict:
    """The record of the published site; empty if it describes another site (a build
    killed after writing its record but before publishing) or cannot be read."""
    try:
        record = load_record(project.build_dir / RECORD)
    except (OSError, ValueError):
        return {}
    return record if published is not None and record.get("site") == published.name else {}


# The records read last, by their file's identity (a record is written to a new file,
# and renamed whole): the preview's worker reads the same ones at each build. Not to
# be changed by their readers.
_LOADED: dict[tuple[int, int, int], dict] = {}


def load_record(path: Path) -> dict:
    """A record (page-inputs.json, spare-inputs.json) as JSON."""
    found = path.stat()  # (before it is read: a file replaced meanwhile is read again)
    record = _LOADED.get(written_identity(found))
    if record is None:
        record = json.loads(path.read_text(encoding="utf-8"))
        _remember(path, record, found)
    return record


def _remember(path: Path, record: dict, found=None) -> None:
    """Keep `record`, read from or written to `path`, with the records of the files
    beside it now: the published site's and the spare's, which is the published site's
    renamed when a build ends (the next build reads it again; the one it replaces, no)."""
    _LOADED[written_identity(found or path.stat())] = record
    present = set()
    for name in (RECORD, SPARE_RECORD):
        try:
            present.add(written_identity((path.parent / name).stat()))
        except OSError:
            continue
    for gone in [key for key in _LOADED if key not in present]:
        del _LOADED[gone]


def kept_pages(project, published: Path | None) -> Kept:
    record = read_record(project, published)
    return Kept(published, record["pages"]) if record else Kept()


def record_pages(project, site: Path, inputs: str | None, pages: dict[str, list[str]],
                 unrecorded: list[str] = (), name: str = RECORD) -> None:
    """Record `site`: what it was made from, its `pages` with their digests, and the files
    of the pages written without a record (so that a build that reuses its folder knows
    every page it holds); in build/`name` (the spare's record is another)."""
    record = {"site": site.name, "inputs": inputs, "pages": pages, "unrecorded": sorted(unrecorded)}
    path = project.build_dir / name
    write_atomically(path, json.dumps(record, sort_keys=True, separators=(",", ":")).encode("utf-8"))
    _remember(path, record)  # (its values are JSON's: strings and lists of strings)


def site_inputs(project, as_of: str | None) -> str | None:
    """What the whole site and the kept answers are made from: the source files the store
    holds (its manifest), the date asked for, site/, queries/, the code of kb/ and the
    tools' versions. None when the store does not hold the source files as they are now."""
    from ..store import manifest_path, source_files

    try:
        manifest = manifest_path(project).read_bytes()
    except OSError:
        return None
    current = {project.display(p): file_digest(p) for p in source_files(project)}
    if json.loads(manifest) != current:
        return None
    hasher = hashlib.sha256(manifest + f"\0{as_of}\0".encode())
    hasher.update("\0".join(version(tool) for tool in TOOLS).encode())
    for folder in ("site", "queries"):
        for layer in project.layers(folder):  # the project's own files, then the defaults
            _folder_digest(hasher, layer, "*")
    _folder_digest(hasher, CODE.parent, "*.py")
    return hasher.hexdigest()


def _folder_digest(hasher, folder: Path, pattern: str) -> None:
    for path in sorted(p for p in folder.rglob(pattern) if p.is_file()):
        hasher.update(f"{path.relative_to(folder).as_posix()}\0{file_digest(path)}\0".encode())


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


def input_digest(common: str, template: str, page: str, inputs: str) -> str:
    """The digest of one page's inputs, as InputTexts writes them."""
    return hashlib.sha256(f"{common}\0{template}\0{page}\0{inputs}".encode()).hexdigest()


class InputTexts:
    """A page's inputs as text: their repr, which shows every field of a dataclass, but
    with each dataclass object, at any depth, written as its class's name and the
    digest of its own text (`Provision#<sha256>`; of an object with no dataclass inside,
    the digest of its fields' values pickled). Two inputs have the same text exactly
    when they have the same repr, and each object is written once for all the pages of
    all the languages that name it (a provision is named by its page and its law's in
    each language; a country's page names all its laws: writing them again and again,
    and hashing texts of megabytes, was most of the time a rebuild took to decide which
    pages to keep). The objects are held, so that none is freed and its id taken by
    another while this lives; they must not change meanwhile."""

    def __init__(self):
        self._seen: dict[int, tuple[object, str]] = {}
        self._pickled = io.BytesIO()
        self._pickler = _fast_pickler(self._pickled)

    def __call__(self, inputs) -> str:
        return self._text(inputs)

    def _text(self, item) -> str:
        kind = type(item)
        if kind is tuple:
            texts = [self._text(x) for x in item] if _holds_dataclasses(item) else None
            if texts is None:
                return repr(item)
            return "(" + ", ".join(texts) + ("," if len(texts) == 1 else "") + ")"
        if kind is list:
            return "[" + ", ".join(map(self._text, item)) + "]" if _holds_dataclasses(item) else repr(item)
        if kind is dict:
            if not _holds_dataclasses(item.values()):
                return repr(item)
            return "{" + ", ".join(f"{k!r}: {self._text(v)}" for k, v in item.items()) + "}"
        if not _plain_dataclass(kind):
            return repr(item)
        seen = self._seen.get(id(item))
        if seen is None:
            nested = _nested_fields(kind)
            if nested and any(_holds_dataclass(getattr(item, name)) for name in nested):
                shown = ", ".join(f"{f.name}={self._text(getattr(item, f.name))}"
                                  for f in _shown_fields(kind))
                text = f"{kind.__qualname__}({shown})"
                digest = hashlib.sha256(text.encode()).hexdigest()
            else:
                digest = self._flat_digest(item, kind)
            seen = self._seen[id(item)] = (item, f"{kind.__qualname__}#{digest}")
        return seen[1]

    def _flat_digest(self, item, kind) -> str:
        """The digest of a dataclass object with no dataclass inside: of its fields' values
        pickled, which tells strings, numbers, booleans and containers of them apart as
        their repr does, in half the time (most of a provision is the rows of its facts);
        of its repr if they cannot be pickled."""
        self._pickled.seek(0)
        self._pickled.truncate()
        try:
            self._pickler.dump(_field_values(kind)(item))
        except Exception:  # (a value pickle cannot write; the pickler is made anew)
            self._pickler = _fast_pickler(self._pickled)
            return hashlib.sha256(repr(item).encode()).hexdigest()
        return hashlib.sha256(self._pickled.getbuffer()).hexdigest()


def _fast_pickler(stream) -> pickle.Pickler:
    pickler = pickle.Pickler(stream, 5)
    # Without a memo: the bytes are those of the values alone, whichever objects they share.
    pickler.fast = True
    return pickler


@functools.cache
def _field_values(kind: type):
    """A function giving the tuple of the shown fields' values of an object of `kind`."""
    names = [f.name for f in _shown_fields(kind)]
    if len(names) < 2:
        return lambda item: tuple(getattr(item, name) for name in names)
    return operator.attrgetter(*names)


_FLAT = frozenset((str, int, float, bool, type(None)))


def _holds_dataclass(value) -> bool:
    """Whether `value` is a dataclass object or holds one, judged by the first item of
    each container (the site's are of one kind). Either way the text is repr's: this
    only chooses the quicker way to it."""
    kind = type(value)
    if kind in _FLAT:
        return False
    if kind in (tuple, list):
        return bool(value) and _holds_dataclass(value[0])
    if kind is dict:
        return _holds_dataclass(next(iter(value.values()), None))
    return _plain_dataclass(kind)


@functools.cache
def _shown_fields(kind: type) -> tuple:
    return tuple(f for f in fields(kind) if f.repr)


@functools.cache
def _nested_fields(kind: type) -> tuple[str, ...]:
    """The names of the shown fields of dataclass `kind` whose type may hold a dataclass
    object (all of them when the types cannot be read): a provision's fields are strings,
    lists of strings and rows, and checking each value of 18,000 of them took a third of
    the time to decide which pages to keep."""
    try:
        hints = typing.get_type_hints(kind)
    except Exception:  # (a name the annotations use is not importable: judge the values)
        hints = {}
    return tuple(f.name for f in _shown_fields(kind) if _may_hold_dataclass(hints.get(f.name, object)))


def _may_hold_dataclass(hint) -> bool:
    if hint is None or isinstance(hint, type) and hint in _FLAT:
        return False
    if typing.get_origin(hint) in (list, tuple, dict, set, frozenset, typing.Union, types.UnionType):
        return any(arg is not Ellipsis and _may_hold_dataclass(arg) for arg in typing.get_args(hint))
    return True  # a dataclass, a bare container, Any, object: may


def _holds_dataclasses(items) -> bool:
    """Whether a container's items are dataclass objects, judged by its first (the site's
    lists are of one kind; either way the text is repr's)."""
    first = next(iter(items), None)
    return first is not None and (type(first) in (tuple, list) or _plain_dataclass(type(first)))


@functools.cache
def _plain_dataclass(kind: type) -> bool:
    """A dataclass whose repr is the one dataclasses writes."""
    params = getattr(kind, "__dataclass_params__", None)
    return params is not None and params.repr and "__repr__" in kind.__dict__ \
        and getattr(kind.__repr__, "__wrapped__", None) is not None


def dataset_inputs(project) -> str:
    """What the datasets (data/wildlex.nq, .ttl, .jsonld) are made from: the store's
    content (its manifest and the code that derived its added facts), the code that
    writes them and pyoxigraph's version."""
    from .. import export
    from ..store import derivation_digest, manifest_path

    hasher = hashlib.sha256(manifest_path(project).read_bytes())
    hasher.update(f"\0{derivation_digest()}\0{version('pyoxigraph')}\0".encode())
    hasher.update(Path(export.__file__).read_bytes())
    return hasher.hexdigest()
