"""A rebuild asks again only what the changed source files can change.

The answers a build keeps (build/answers.sqlite, see `answers`) also record the store
manifest they were computed from and, for each source file, the jurisdictions its graph
names. A load that changes the store moves them aside to build/answers-previous.sqlite
(readers never see them there). The next site build compares that manifest with the
store's now:

- the store did not change (a template or a string did): every answer is the previous one;
- only files under corpus/<code>/ changed: a question whose answer is grouped by its
  `jurisdiction` column (a filter; the rows of each jurisdiction together, in order) is
  answered from its previous answer, the groups of the affected jurisdictions asked again
  with the filter bound (a filter answers exactly those rows: tests/test_answers.py).
  The affected jurisdictions are the changed files' folders, every jurisdiction their
  graphs name before or after the change, and the members of any of them (a Member
  State reads the EU's law);
- otherwise, and for every other question, the question is evaluated again.

An affected jurisdiction's rows are not asked of the whole store: with the filter bound,
Oxigraph still evaluates a question's optional parts for every jurisdiction (the grouped
questions of one jurisdiction took 1.4 s at 200 jurisdictions, 0.06 s of its view). They
are asked of a view, a small store of what can bear on them (the converse of what a
change affects): every source file outside a jurisdiction's folder, and the files in its
folder, in its unions' folders or naming it or one of its unions. A view is read from
the quads the loads kept, in the order the whole copy reads them: the engine then meets
the same facts in the same order and lists what it groups in the same order (read in
another order, the lists of a GROUP_CONCAT came out in another order). A test compares
every jurisdiction's rows asked so with the whole store's, byte for byte.

Tests compare every file of a rebuild after a change with a cold build's.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from importlib.metadata import version
from pathlib import Path

import pyoxigraph as ox

from . import quads as kept_quads
from .namespaces import ID
from .project import Project
from .questions import Question, known_jurisdictions
from .sparql import LocalSource, ParsedLines, SnapshotSource
from .store import SOURCE_GRAPH, answers_path, loaded_state, manifest_path, previous_answers_path

_WLX = "https://w3id.org/wildlex/ontology#"


def engine() -> str:
    """What made the answers beyond the source files: the engine (another may order rows
    with equal keys otherwise) and the code that derived the store's added facts (a
    change reloads every file with the same manifest)."""
    from . import store

    return f"pyoxigraph {version('pyoxigraph')}; derivation {store.derivation_digest()}"


def named_jurisdictions(store: ox.Store, files: list[str]) -> dict[str, list[str]]:
    """For each of `files` (paths as the manifest names them), the codes of the
    jurisdictions its graph names: the first segment of every IRI under the id namespace."""
    prefix = str(ID)
    out = {}
    for name in files:
        codes = set()
        for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(SOURCE_GRAPH + name)):
            for term in (quad.subject, quad.object):
                if isinstance(term, ox.NamedNode) and term.value.startswith(prefix):
                    codes.add(term.value[len(prefix):].split("/", 1)[0].split("#", 1)[0])
        out[name] = sorted(codes)
    return out


class Previous:
    """The answers of the previous build, with what changed in the store since."""

    def __init__(self, db: sqlite3.Connection, path: Path, manifest: dict, current: dict,
                 named: dict[str, list[str]]):
        self.db, self.path, self.named = db, path, named
        self._lock = threading.Lock()
        self.changed = sorted(name for name in set(manifest) | set(current)
                              if manifest.get(name) != current.get(name))

    @classmethod
    def open(cls, project: Project) -> Previous | None:
        """The kept answers (or those moved aside by the last load), if they record the
        state of the store they were computed from; else None."""
        try:
            current = json.loads(manifest_path(project).read_text())
        except (OSError, ValueError):
            return None
        for path in (answers_path(project), previous_answers_path(project)):
            if not path.exists():
                continue
            try:
                # Read from the threads that answer a build's questions side by side.
                db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
                (manifest, made_by), = db.execute("SELECT manifest, engine FROM state")
                named = {name: json.loads(codes) for name, codes in db.execute(
                    "SELECT file, codes FROM named")}
                if manifest is None or made_by != engine():
                    raise ValueError("answers of another engine or without a manifest")
                return cls(db, path, json.loads(manifest), current, named)
            except (sqlite3.Error, ValueError):
                db.close()
                return None  # older or unreadable: every question is evaluated
        return None

    def body(self, key: str) -> bytes | None:
        with self._lock:
            found = self.db.execute("SELECT body FROM answer WHERE key = ?", (key,)).fetchone()
        return found[0] if found else None

    def close(self) -> None:
        self.db.close()


def affected(project: Project, previous: Previous, store: ox.Store, source,
             now: dict[str, list[str]] | None = None,
             unions: dict[str, set[str]] | None = None) -> set[str] | None:
    """The IRIs of the jurisdictions whose answers the changes can alter, or None when a
    change can alter any answer (the ontology, a platform, a new or removed jurisdiction).
    `now` and `unions`, what the changed files name and `unions_of(store)`, if known."""
    known = known_jurisdictions(project, source)
    codes: set[str] = set()
    now = named_jurisdictions(store, previous.changed) if now is None else now
    for name in previous.changed:
        folder = jurisdiction_folder(project, name, known)
        if folder is None:
            return None
        codes |= {folder, *previous.named.get(name, ()), *now[name]}
    if not codes <= known:
        return None
    iris = {f"{ID}{code}" for code in codes}
    unions = unions_of(store) if unions is None else unions
    iris |= {member for member, of in unions.items() if of & iris}
    return iris


def jurisdiction_folder(project: Project, name: str, known: set[str]) -> str | None:
    """The code of the jurisdiction whose folder holds source file `name` (a manifest
    name), or None for a file outside every jurisdiction's folder."""
    corpus = project.display(project.corpus_dir) + "/"
    folder, _, rest = name.removeprefix(corpus).partition("/")
    return folder if name.startswith(corpus) and rest and folder in known else None


def unions_of(store: ox.Store) -> dict[str, set[str]]:
    """For each jurisdiction that is a member of others (a Member State), their IRIs."""
    out: dict[str, set[str]] = {}
    for row in store.query(f"SELECT ?member ?of WHERE {{ ?member <{_WLX}memberOf> ?of }}",
                           use_default_graph_as_union=True):
        out.setdefault(row["member"].value, set()).add(row["of"].value)
    return out


class Views:
    """For one jurisdiction at a time, a small in-memory store of the source files that can
    bear on its rows (see the module's docstring); None where the loads did not keep the
    quads of one of them (the whole store answers then)."""

    def __init__(self, project: Project, named: dict[str, list[str]], known: set[str],
                 unions: dict[str, set[str]]):
        """`named`: what each file names now; `known`: the jurisdictions' codes; `unions`:
        `unions_of` the store."""
        self.project, self.named, self.unions = project, named, unions
        self.manifest, self.derivation = loaded_state(project)
        self.folders = {name: jurisdiction_folder(project, name, known) for name in self.manifest}
        self._stores: dict[str, ox.Store | None] = {}
        self._lock = threading.Lock()

    def files(self, iri: str) -> dict[str, str]:
        """The manifest's entries (name: digest) of the files that can bear on `iri`'s rows."""
        codes = {code.removeprefix(str(ID)) for code in {iri, *self.unions.get(iri, ())}}
        return {name: digest for name, digest in self.manifest.items()
                if self.folders[name] in (None, *codes) or codes.intersection(self.named.get(name, ()))}

    def store(self, iri: str) -> ox.Store | None:
        with self._lock:  # made once, whichever thread asks first
            if iri not in self._stores:
                paths = kept_quads.kept(self.project, self.files(iri), self.derivation)
                self._stores[iri] = (None if paths is None
                                     else kept_quads.memory_store(kept_quads.read(paths)))
            return self._stores[iri]


def compose(previous: bytes, ask_one, jurisdictions: set[str],
            order: list[tuple[str, bool]] | None = None) -> bytes | None:
    """The previous TSV answer with the rows of `jurisdictions` (IRIs) replaced by
    `ask_one(iri)`'s; None if its rows can be neither grouped by jurisdiction in order
    (as the question's ORDER BY, `order`, asks first, or as they came if it has none
    that `ordered_by` reads) nor put in order by `order` alone (`in_order`)."""
    header = previous.split(b"\n", 1)[0]
    columns = header.split(b"\t")
    if b"?jurisdiction" not in columns:
        return None
    column = columns.index(b"?jurisdiction")
    asked: dict[str, bytes] = {}

    def ask(iri: str) -> bytes:  # (once, whichever way composes)
        if iri not in asked:
            asked[iri] = ask_one(iri)
        return asked[iri]

    # (A line is found by its first cell and the tab after it: not an answer of one column.)
    if column == 0 and len(columns) > 1 and order and order[0] == ("jurisdiction", False):
        spliced = _splice(previous, header, jurisdictions, ask)
        if spliced is not None:
            return spliced
    lines = previous.split(b"\n")[1:-1]  # (the body ends with a line break)
    groups: dict[bytes, list[bytes]] = {}
    order_seen: list[bytes] = []
    for line in lines:
        key = line.split(b"\t", column + 1)[column]  # (not the columns after it)
        if not key.startswith(b"<"):
            return None  # a row with no jurisdiction
        if not order_seen or order_seen[-1] != key:
            order_seen.append(key)
        groups.setdefault(key, []).append(line)
    # Grouped by jurisdiction in order, which the question may not ask for (the changes
    # are in order of date: those of two jurisdictions can look grouped, by chance).
    grouped = (len(order_seen) == len(groups) and order_seen == sorted(order_seen)
               and (not order or order[0] == ("jurisdiction", False)))
    if not grouped and not order:
        return None
    for iri in jurisdictions:
        answer = ask(iri)
        head, *rows = answer.split(b"\n")
        if head != header:
            return None
        groups[f"<{iri}>".encode()] = rows[:-1]
    if grouped:
        return b"\n".join([header, *(line for key in sorted(groups) for line in groups[key]), b""])
    rows = in_order([line for key in groups for line in groups[key]], columns, order)
    return None if rows is None else b"\n".join([header, *rows, b""])


def _splice(previous: bytes, header: bytes, jurisdictions: set[str], ask) -> bytes | None:
    """`compose` of an answer ordered by its first column, the jurisdiction: each group of
    rows is in one piece there, so the affected jurisdictions' are replaced where they are
    (`ask(iri)`'s rows) without reading the others' lines (megabytes, at 200 jurisdictions).
    None if a row has no jurisdiction IRI (unbound values come first in that order, other
    terms than IRIs last) or an affected jurisdiction that had no rows has some now (where
    they go is for `compose` to work out)."""
    body = previous[len(header):]  # "\n" and a line per row, each ending with "\n"
    last_line = body[body.rfind(b"\n", 0, -1):]
    if body != b"\n" and not (body.startswith(b"\n<") and last_line.startswith(b"\n<")):
        return None
    spans = []
    for iri in jurisdictions:
        key = b"\n<" + iri.encode() + b">\t"
        start = body.find(key)
        if start < 0:
            if ask(iri).count(b"\n") > 1:
                return None  # a new group
            continue
        spans.append((start, body.index(b"\n", body.rfind(key) + 1), iri))
    pieces, at = [header], 0
    for start, end, iri in sorted(spans):
        head, _, rows = ask(iri).partition(b"\n")
        if head != header:
            return None
        pieces.append(body[at:start])  # up to the line break before the group
        if rows:
            pieces.append(b"\n" + rows[:-1])
        at = end  # the line break after the group's last line
    pieces.append(body[at:])
    return b"".join(pieces)


def ordered_by(text: str) -> list[tuple[str, bool]] | None:
    """A query's ORDER BY as (column, descending) pairs, if it orders by columns alone
    and neither limits nor offsets its rows (then its rows can be put in order again
    once some are replaced); None otherwise."""
    modifiers = re.sub(r"#[^\n]*", "", text[text.rfind("}") + 1:])  # (no comments)
    found = re.search(r"\bORDER\s+BY\b(.*)", modifiers, re.S | re.I)
    if found is None or re.search(r"\b(LIMIT|OFFSET)\b", modifiers, re.I):
        return None
    order = []
    for term in re.finditer(r"(?:(ASC|DESC)\s*\(\s*\?(\w+)\s*\)|\?(\w+))|(\S)", found.group(1),
                            re.S | re.I):
        if term.group(4) is not None:
            return None  # an expression: not put in order here
        order.append((term.group(2) or term.group(3), (term.group(1) or "").upper() == "DESC"))
    return order or None


# A TSV cell of a date without time zone, of a plain string with nothing escaped, of an IRI.
_DATE = re.compile(rb'"(\d{4}-\d{2}-\d{2})"\^\^<http://www\.w3\.org/2001/XMLSchema#date>')
_STRING = re.compile(rb'"([^"\\]*)"')


def in_order(lines: list[bytes], columns: list[bytes], order: list[tuple[str, bool]]) -> list[bytes] | None:
    """TSV rows `lines` in SPARQL's order by `order`; None if a row holds in a column it
    orders by what is not ordered here as the engine would (anything but dates, plain
    strings with nothing escaped, IRIs, unbound; two kinds of literal in one column),
    or if two rows have the same values there (the engine lists those in an order of its
    own)."""
    indexes = []
    for name, descending in order:
        if f"?{name}".encode() not in columns:
            return None
        indexes.append((columns.index(f"?{name}".encode()), descending))
    cells = [line.split(b"\t") for line in lines]
    keys = []
    for index, _ in indexes:
        kinds, column = set(), []
        for row in cells:
            key = _sort_key(row[index])
            if key is None:
                return None
            kinds.add(key[0] if key[0] < 3 else key[2])
            column.append(key[:2])
        if len(kinds - {0, 2}) > 1:
            return None
        keys.append(column)
    if len(set(zip(*keys, strict=True))) != len(lines):
        return None
    positions = list(range(len(lines)))
    for (_, descending), column in reversed(list(zip(indexes, keys, strict=True))):
        positions.sort(key=column.__getitem__, reverse=descending)  # stable, either way
    return [lines[position] for position in positions]


def _sort_key(cell: bytes) -> tuple | None:
    """(rank, value, kind): unbound before IRIs before literals, as SPARQL orders them;
    an IRI or a literal by its characters (a date's, without a time zone, in the order
    of the dates)."""
    if not cell:
        return (0, b"", 0)
    if cell.startswith(b"<") and cell.endswith(b">"):
        return (2, cell[1:-1], 2)
    for kind, pattern in ((3, _DATE), (4, _STRING)):
        found = pattern.fullmatch(cell)
        if found:
            return (3, found.group(1), kind)
    return None


class PartialSnapshot(SnapshotSource):
    """A snapshot that takes what it can from the previous build's answers.

    `store` is the on-disk store; `copy(store)` makes its in-memory copy, which Oxigraph
    answers several times faster from. A question that a rebuild can compose (`composable`)
    is asked of the copy, made when first needed: a rebuild that composes them all asks
    the views and never makes it (a second of copying, at 200 jurisdictions). Any other
    question is asked of the on-disk store, in every build: its rows in no order and its
    GROUP_CONCAT lists come out in another order on disk than in memory, so it is asked
    of the same kind of store by a cold build and by a rebuild (these are the small
    questions: the criteria, the code lists, the platforms'; a few milliseconds each)."""

    def __init__(self, project: Project, store: ox.Store, copy, previous: Previous | None,
                 lines: ParsedLines | None = None):
        super().__init__(store, lines)
        self.project, self.previous, self._copy = project, previous, copy
        self._memory: ox.Store | None = None
        self._memory_lock = threading.Lock()
        self._affected: set[str] | None = None
        self._views: Views | None = None
        self._affected_known = False
        self._lock = threading.Lock()
        self.reused = self.composed = 0  # how many answers were taken, how many composed
        # For each answer (by answers.answer_key) not taken as it was: its previous body
        # (None if it had none) and, if composed, each affected jurisdiction's rows as
        # asked (answers.keep then updates only what changed of the kept answers).
        self.changes: dict[str, tuple[bytes | None, dict[str, bytes] | None]] = {}

    def affected(self) -> set[str] | None:
        with self._lock:  # worked out once, whichever thread asks first
            if not self._affected_known:
                source = SnapshotSource(self.store)
                now = named_jurisdictions(self.store, self.previous.changed)
                unions = unions_of(self.store)
                self._affected = affected(self.project, self.previous, self.store, source,
                                          now, unions)
                if self._affected is not None:  # each file as it names jurisdictions now
                    self._views = Views(self.project, {**self.previous.named, **now},
                                        known_jurisdictions(self.project, source), unions)
                self._affected_known = True
        return self._affected

    def ask_one(self, question: Question, bound: dict, iri: str) -> bytes:
        """The rows of jurisdiction `iri` (bound), asked of what bears on them."""
        view = self._views.store(iri) if self._views is not None else None
        # (Without a view, the in-memory copy: the rows the whole copy gives them.)
        store = self.memory() if view is None else view
        return LocalSource(store).solutions(question, bound).serialize(format=self.FORMAT)

    def evaluate(self, question: Question, bound: dict) -> bytes:
        from .answers import answer_key

        if self.previous is None:
            return self.evaluate_whole(question, bound)
        key = answer_key(question, bound)
        body = self.previous.body(key)
        if body is not None and not self.previous.changed:
            self.reused += 1
            return body
        if body is not None and composable(question, bound) and self.affected() is not None:
            asked: dict[str, bytes] = {}

            def ask_one(iri: str) -> bytes:
                asked[iri] = self.ask_one(question, {**bound, "jurisdiction": ox.NamedNode(iri)}, iri)
                return asked[iri]

            composed = compose(body, ask_one, self.affected(), ordered_by(question.text))
            if composed is not None:
                self.composed += 1
                self.changes[key] = (body, asked)
                return composed
        answer = self.evaluate_whole(question, bound)
        self.changes[key] = (body, None)
        return answer

    def evaluate_whole(self, question: Question, bound: dict) -> bytes:
        """The answer asked of the whole store: the in-memory copy if the question is
        `composable`, else the on-disk store (see the class)."""
        store = self.memory() if composable(question, bound) else self.store
        return LocalSource(store).solutions(question, bound).serialize(format=self.FORMAT)

    def quads(self) -> ox.Store:
        """The in-memory copy if it was made (reading every graph's quads from the on-disk
        store took a cold build's kept answers 4 s more), else the on-disk store."""
        return self._memory if self._memory is not None else self.store

    def memory(self) -> ox.Store:
        """The in-memory copy of the store, made once, whichever thread asks first."""
        with self._memory_lock:
            if self._memory is None:
                self._memory = self._copy(self.store)
            return self._memory


def composable(question: Question, bound: dict) -> bool:
    """Whether a rebuild can compose the answer from the previous one: the question
    filters its rows by jurisdiction, and `bound` leaves that filter free."""
    from .answers import filters

    return "jurisdiction" in filters(question) and "jurisdiction" not in bound
