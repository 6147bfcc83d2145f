"""Materialised answers: the answers the last build computed, kept so that a reader's
question is answered without evaluating it again.

A build asks its questions of a snapshot of the store (the site asks them at its date,
then every question is asked at its defaults) and keeps each answer, as SPARQL TSV
results, in build/answers.sqlite together with the digest of the store manifest it was
computed from. An answer is served only while the store is in that state: `store.load`
deletes the answers before it changes the store, and a reader checks the digest.

An optional parameter named like one of its question's columns filters that column:
bound to a value, the question answers the rows of its unbound answer that hold the value
(`tests/test_answers.py` checks every shipped question keeps to this). So each answer
is also kept split by the values of those columns, and a question asked for one
jurisdiction is answered from its share.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from .partial import engine, named_jurisdictions
from .project import Project
from .questions import Question, known_jurisdictions, list_questions, prefetch
from .sparql import Answer, LocalSource, SnapshotSource, answer_from
from .store import answers_path, manifest_path, previous_answers_path, read_store

FORMAT = SnapshotSource.FORMAT


def store_state(project: Project) -> str | None:
    """The digest of the store manifest: it changes whenever the store's content does."""
    path = manifest_path(project)
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def answer_key(question: Question, bound: dict) -> str:
    values = "&".join(f"{name}={term}" for name, term in sorted(bound.items()))
    return f"{hashlib.sha256(question.text.encode()).hexdigest()}?{values}"


def filters(question: Question) -> list[str]:
    """The parameters that can filter a column: the optional ones."""
    return [p.name for p in question.parameters if p.default is None]


def shares(question: Question, bound: dict, body: bytes, rows: list[dict] | None = None):
    """(values, body) for the whole answer and for each of its shares: the rows holding
    one value of a filter column that `bound` leaves free. `rows`, the answer's rows, are
    read from `body` if a filter column holds anything but IRIs and they are not given."""
    yield bound, body
    # TSV results hold one row per line after the header (tabs and line breaks inside
    # literals are escaped), so a share is the header and its rows' lines; an unbound
    # value is an empty cell, an IRI is written as in N-Triples.
    header, *lines = body.split(b"\n")
    lines = lines[:-1]  # the body ends with a line break
    columns = [column.decode().lstrip("?") for column in header.split(b"\t")]
    for name in filters(question):
        if name in bound or not lines or name not in columns:
            continue
        index = columns.index(name)
        terms: dict[bytes, ox.NamedNode] = {}
        by_value = defaultdict(list)
        for number, line in enumerate(lines):
            # (Split no further than the cell: a row of the export is some thirty cells.)
            cell = line.split(b"\t", index + 1)[index]
            if not cell:
                continue
            if cell.startswith(b"<"):
                value = terms.get(cell) or terms.setdefault(cell, ox.NamedNode(cell[1:-1].decode()))
            else:
                if rows is None:
                    rows = answer_from(ox.parse_query_results(body, format=FORMAT)).rows
                value = rows[number][name]
            by_value[value].append(line)
        for value, share in by_value.items():
            yield {**bound, name: value}, b"\n".join([header, *share, b""])


def readers_asks(project: Project) -> list[tuple[str, dict]]:
    """What `keep` asks beyond the site: every question at its defaults."""
    return [(name, {}) for name in list_questions(project)]


def keep(project: Project, snapshot: SnapshotSource, state: str | None) -> int:
    """Ask every question at its defaults, then keep every answer `snapshot` gave, for a
    store whose manifest digest is `state`, with that manifest and the jurisdictions each
    file names (for the next build, see `partial`). Returns how many answers (shares
    included)."""
    prefetch(project, snapshot, readers_asks(project))  # rows unread: see shares
    known_jurisdictions(project, snapshot)
    manifest = manifest_path(project).read_text()
    files = json.loads(manifest)
    previous = getattr(snapshot, "previous", None)
    if previous is None:
        named = named_jurisdictions(snapshot.quads(), sorted(files))
    else:
        named = {**previous.named, **named_jurisdictions(
            snapshot.quads(), [name for name in previous.changed if name in files])}
        named = {name: codes for name, codes in named.items() if name in files}
    state_row = (state, manifest, engine())
    if previous is not None and previous.path == previous_answers_path(project):
        previous.close()
        count = _update(previous.path, snapshot, state_row, named)
        if count is not None:
            os.replace(previous.path, answers_path(project))
            return count
    return _write(project, snapshot, state_row, named, previous)


def _write(project: Project, snapshot: SnapshotSource, state_row: tuple, named: dict,
           previous) -> int:
    """Keep every answer of `snapshot` in a new file, renamed into place once whole."""
    for leftover in project.build_dir.glob(".answers-*"):
        leftover.unlink()  # a killed build's (the caller holds the store, so no build runs)
    handle, temporary = tempfile.mkstemp(dir=project.build_dir, prefix=".answers-")
    os.close(handle)
    try:
        with sqlite3.connect(temporary) as db:
            # Answers are large blobs (a whole-corpus one is megabytes): in a rowid table
            # with 16 KiB pages, 170 MB of them are written in 0.3 s, against 3 s in a
            # WITHOUT ROWID table, which is made for small rows.
            db.execute("PRAGMA page_size = 16384")
            # A new file, renamed into place once whole (a killed build's is removed by the
            # next): no rollback journal, and no wait for the disk, as for every file
            # of build/ (0.37 s -> 0.19 s for 165 MB).
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.execute("CREATE TABLE state (digest TEXT, manifest TEXT, engine TEXT)")
            db.execute("INSERT INTO state VALUES (?, ?, ?)", state_row)
            db.execute("CREATE TABLE named (file TEXT PRIMARY KEY, codes TEXT)")
            _write_named(db, named)
            # `whole`: the key of the answer a share was cut from (its own, for an answer);
            # before the body, so that it is read without reading the body.
            db.execute("CREATE TABLE answer (key TEXT PRIMARY KEY, whole TEXT, body BLOB)")
            keys = set()
            for question, bound, body, rows in snapshot.kept():
                # An answer's shares written before the next answer's are cut, not all of
                # them held at once (170 MB at 200 jurisdictions). (A share the site also
                # asked for itself is the same rows: the last written is kept.)
                whole = answer_key(question, bound)
                written = [(answer_key(question, values), whole, share)
                           for values, share in shares(question, bound, body, rows)]
                db.executemany("INSERT OR REPLACE INTO answer VALUES (?, ?, ?)", written)
                keys.update(key for key, _, _ in written)
        db.close()
        os.replace(temporary, answers_path(project))
        if previous is not None:
            previous.close()
        previous_answers_path(project).unlink(missing_ok=True)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return len(keys)


def _update(path: Path, snapshot, state_row: tuple, named: dict) -> int | None:
    """Bring the previous build's answers at `path` (moved aside by the load: no reader
    reads them) up to date in place: of the answers that changed, only the shares that
    changed are written (a rebuild after one file changed wrote 165 MB and split every
    answer again, at 200 jurisdictions, for a few jurisdictions' rows). Returns how many
    answers it holds, or None if the file is not of this kind (the caller writes anew)."""
    changes = snapshot.changes
    db = sqlite3.connect(path, isolation_level=None)
    try:
        columns = [row[1] for row in db.execute("PRAGMA table_info(answer)")]
        if "whole" not in columns:
            return None
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        # Taken by no build and no reader until whole again (a build killed meanwhile).
        db.execute("UPDATE state SET digest = NULL, manifest = NULL")
        kept = set()
        for question, bound, body, rows in snapshot.kept():
            whole = answer_key(question, bound)
            kept.add(whole)
            before, asked = changes.get(whole, (body, None))
            if before == body:
                continue  # the same answer: the same shares
            free = [name for name in filters(question) if name not in bound]
            if asked is not None and free == ["jurisdiction"]:
                # Composed: only the affected jurisdictions' rows changed, and they are
                # their shares (the rows a filter answers: asked with it bound).
                new = {whole: body}
                gone = []
                for iri, rows_of in asked.items():
                    key = answer_key(question, {**bound, "jurisdiction": ox.NamedNode(iri)})
                    if rows_of.count(b"\n") > 1:
                        new[key] = rows_of
                    else:
                        gone.append(key)
            else:
                new = {answer_key(question, values): share
                       for values, share in shares(question, bound, body, rows)}
                old = dict(db.execute("SELECT key, body FROM answer WHERE whole = ?", (whole,)))
                gone = [key for key in old if key not in new]
                new = {key: share for key, share in new.items() if old.get(key) != share}
            db.executemany("DELETE FROM answer WHERE key = ?", [(key,) for key in gone])
            db.executemany("INSERT OR REPLACE INTO answer VALUES (?, ?, ?)",
                           [(key, whole, share) for key, share in new.items()])
        # The answers this build did not give (asked at another date, say) are gone.
        wholes = [row[0] for row in db.execute("SELECT DISTINCT whole FROM answer")]
        db.executemany("DELETE FROM answer WHERE whole = ?",
                       [(whole,) for whole in wholes if whole not in kept])
        db.execute("DELETE FROM named")
        _write_named(db, named)
        (count,), = db.execute("SELECT COUNT(*) FROM answer")
        db.execute("UPDATE state SET digest = ?, manifest = ?, engine = ?", state_row)
        return count
    finally:
        db.close()


def _write_named(db: sqlite3.Connection, named: dict[str, list[str]]) -> None:
    db.executemany("INSERT INTO named VALUES (?, ?)",
                   sorted((name, json.dumps(codes)) for name, codes in named.items()))


class KeptAnswers:
    """The answers of the last build, if they are still those of the store."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    @classmethod
    def open(cls, project: Project) -> KeptAnswers | None:
        path = answers_path(project)
        if not path.exists():
            return None
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            (digest,), = db.execute("SELECT digest FROM state")
        except (sqlite3.Error, ValueError):
            return None  # unreadable: the questions are evaluated instead
        if digest is None or digest != store_state(project):
            db.close()
            return None
        return cls(db)

    def body(self, question: Question, bound: dict) -> bytes | None:
        found = self.db.execute("SELECT body FROM answer WHERE key = ?",
                                (answer_key(question, bound),)).fetchone()
        return found[0] if found else None

    def find(self, question: Question, bound: dict) -> Answer | None:
        """The kept answer to `question` with `bound`, or None. A filter the kept answers
        were not split by is applied to the rows of the answer without it."""
        bound_filters = [name for name in filters(question) if name in bound]
        # The exact answer, then a share by one filter, then the answer with no filter
        # (each looked up once: with one filter, the first two are the same).
        tries = [bound_filters, *([name] for name in bound_filters), []]
        for kept in [list(t) for t in dict.fromkeys(map(tuple, tries))]:
            body = self.body(question, {k: v for k, v in bound.items()
                                        if k in kept or k not in bound_filters})
            if body is None:
                continue
            answer = answer_from(ox.parse_query_results(body, format=FORMAT))
            rest = [name for name in bound_filters if name not in kept]
            if any(name not in answer.columns for name in rest):
                return None
            answer.rows = [row for row in answer.rows if all(row[n] == bound[n] for n in rest)]
            return answer
        return None


class MaterialisedSource(LocalSource):
    """The store, answering from the last build's answers while they are the store's."""

    def __init__(self, store: ox.Store, answers: KeptAnswers | None):
        super().__init__(store)
        self.answers = answers

    def select(self, question: Question, bound: dict) -> Answer:
        found = self.answers.find(question, bound) if self.answers else None
        return found if found is not None else super().select(question, bound)


def local_source(project: Project) -> MaterialisedSource:
    """The store under build/, with the last build's answers while they are current."""
    return MaterialisedSource(read_store(project), KeptAnswers.open(project))
