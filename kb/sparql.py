"""Run a question on the embedded store or on a remote SPARQL 1.1 endpoint, with the same answer.

Locally, parameters go in as pyoxigraph substitutions. Remotely, they go in as a
VALUES block serialised from the same RDF terms, placed at the top of the
question's outer WHERE group (questions use parameters only at that level).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import itertools
import operator
import re
import sys
import uuid
from collections.abc import Collection, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import EndpointError, QueryError
from .files import read_marshalled, write_marshalled
from .http import check_address, check_timeout, redact, request
from .questions import Question

Row = dict[str, "ox.NamedNode | ox.Literal | ox.BlankNode | None"]
_OUTER_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


@dataclass
class Answer:
    columns: list[str]
    rows: list[Row]


def answer_from(solutions) -> Answer:
    columns = [v.value for v in solutions.variables]
    # A solution iterates over its values in the columns' order (None where unbound);
    # zipping is twice as quick as looking each value up by name.
    with paused_collection():
        rows = [dict(zip(columns, solution, strict=True)) for solution in solutions]
    return Answer(columns, rows)


@contextlib.contextmanager
def paused_collection():
    """No collection of reference cycles meanwhile (as it was after): making many rows,
    which hold no cycle, each collection walked again those made so far (the whole
    corpus's export, kept, at 200 jurisdictions: 0.14 s without, 0.3 to 0.5 s with)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class LocalSource:
    """The embedded Oxigraph store; the default graph is the union of the file graphs."""

    def __init__(self, store: ox.Store):
        self.store = store

    def select(self, question: Question, bound: dict) -> Answer:
        return answer_from(self.solutions(question, bound))

    def solutions(self, question: Question, bound: dict):
        try:
            return self.store.query(
                question.text, use_default_graph_as_union=True,
                substitutions={ox.Variable(k): v for k, v in bound.items()})
        except SyntaxError as error:
            raise QueryError(f"queries/{question.path.name}: {error}") from None


class SnapshotSource(LocalSource):
    """A store that does not change while it is used (the in-memory copy a site build
    reads): each question is answered once per set of values, since a build asks some
    of them more than once (the export table for the provision pages and for the CSV).
    Each answer is also kept as SPARQL TSV results, for `answers.keep`."""

    FORMAT = ox.QueryResultsFormat.TSV

    def __init__(self, store: ox.Store, lines: ParsedLines | None = None):
        super().__init__(store)
        # (question, values, TSV results, rows: parsed when first selected, or None,
        # records: made when first read, or None)
        self._answers: dict[tuple, list] = {}
        self._pending: dict[tuple, Future] = {}  # answers being asked (see `answering`)
        self.lines = lines

    def select(self, question: Question, bound: dict) -> Answer:
        entry = self.prepare(question, bound)
        if entry[3] is None:
            if self.lines is None:
                entry[3] = answer_from(ox.parse_query_results(entry[2], format=self.FORMAT))
            else:
                entry[3] = self.lines.answer(entry[2])
        answer = entry[3]
        return Answer(list(answer.columns), [dict(row) for row in answer.rows])

    def records(self, question: Question, bound: dict) -> list[dict[str, str]]:
        """output.records of the answer, taken where it can from the lines kept."""
        if self.lines is None:
            from .output import records

            return records(self.select(question, bound))
        entry = self.prepare(question, bound)
        if entry[4] is None:
            # Kept for the build's other readers of the answer (the comparison and the
            # pages read the provisions and the laws: 0.07 s each time, at 200 jurisdictions).
            entry[4] = self.lines.records(entry[2])
        return list(entry[4])

    def table(self, question: Question, bound: dict) -> tuple[list[str], list[dict[str, str]]]:
        """(columns, records) of the answer (see output.ask_table); the columns are its
        TSV header's, which every answer has, rows or none."""
        return _columns(_split(self.prepare(question, bound)[2])[0]), self.records(question, bound)

    def prepare(self, question: Question, bound: dict) -> list:
        """Answer `question` for `bound` if it was not yet, without reading its rows (a
        build keeps answers nobody reads until a reader asks)."""
        key = self._key(question, bound)
        if key not in self._answers:
            pending = self._pending.get(key)  # (see `answering`)
            if pending is not None and not pending.cancel():
                body = pending.result()  # (started: waited for)
            else:
                body = self.evaluate(question, bound)
            self._answers[key] = [question, dict(bound), body, None, None]
        return self._answers[key]

    def prefetch(self, asks: list[tuple[Question, dict]], threads: int) -> None:
        """Answer each (question, values) of `asks` not answered yet, `threads` at a time;
        return once all are answered."""
        with self.answering(asks, threads):
            pass

    @contextlib.contextmanager
    def answering(self, asks: list[tuple[Question, dict]], threads: int):
        """Answer each (question, values) of `asks` not answered yet, `threads` at a time,
        while the caller reads the answers: Oxigraph lets go of the interpreter while it
        evaluates, so a build reads the first answers while the next are asked. An answer
        read before it is ready is waited for, or asked by the reader if no thread has
        started it. Every thread is done when this ends (a build forks after)."""
        todo = {self._key(q, bound): (q, bound) for q, bound in asks}
        todo = {key: ask for key, ask in todo.items() if key not in self._answers}
        outer = self._pending  # (answering inside answering: the outer's stay pending)
        with ThreadPoolExecutor(max(1, threads)) as pool:
            # The longest first (their order in `asks`), so that none is left to run alone.
            mine = {key: pool.submit(self.evaluate, *ask) for key, ask in todo.items()}
            self._pending = {**outer, **mine}
            try:
                yield
                for ask in todo.values():
                    self.prepare(*ask)
            finally:
                for pending in mine.values():
                    pending.cancel()  # (the caller failed: those not started are not asked)
                self._pending = outer

    @staticmethod
    def _key(question: Question, bound: dict) -> tuple:
        return question.text, tuple(sorted((name, str(term)) for name, term in bound.items()))

    def forget_rows(self) -> None:
        """Drop the rows and records read so far (they are read again if selected again)."""
        for entry in self._answers.values():
            entry[3] = entry[4] = None

    def quads(self) -> ox.Store:
        """The store to read quads from, pattern by pattern."""
        return self.store

    def evaluate(self, question: Question, bound: dict) -> bytes:
        """The answer as SPARQL TSV results."""
        return self.solutions(question, bound).serialize(format=self.FORMAT)

    def kept(self):
        """(question, values, TSV results, rows or None) of every answer given so far."""
        for question, bound, body, answer, _ in self._answers.values():
            yield question, bound, body, answer.rows if answer is not None else None


class ParsedLines:
    """The rows of SPARQL TSV answers by their lines, kept from one build to the next by a
    long-lived process (the preview's worker): a rebuild's answers are mostly the lines
    of the last one's, and parsing them (into RDF terms, then into the texts the pages
    show) took a third of the time to the new pages. A TSV row is one line (its terms
    escape their line breaks). Only the lines of the last build are kept.

    `wildlex build` runs in a new process each time: it reads the records the last one
    saved (`open`, `save`; a file per project, named by the code that makes records).
    A build that made few records saves only those, in a second file that names the
    first (70 MB at 200 jurisdictions: a fifth of a second to write again). The records
    are a cache of what each line's record is: one no build reads any more does no harm
    until the first file is written again, with those the build read."""

    MORE = ".more"  # the second file's suffix
    MORE_AT_MOST = 0.2  # its records, at most, for each record of the first

    def __init__(self):
        self._rows: dict[tuple[bytes, bytes], Row] = {}
        # Each line's record by the answer's header, given to every caller that reads the
        # line (making a dict per line and call was a third of the time to answer a
        # rebuild's questions from their records; a dict takes five times a tuple's
        # memory: 100 MB more at 200 jurisdictions, against 0.2 s).
        self._records: dict[bytes, dict[bytes, dict[str, str]]] = {}
        self._last: tuple[dict, dict] = ({}, {})  # the last build's rows and records
        self._saved: dict[bytes, dict[bytes, tuple[str, ...]]] = {}  # header: line: cells
        self._keep_rows = True  # for the next build in this process
        self._made: list[tuple[bytes, bytes]] = []  # the records made (not read) this build
        # What was read from the files: (the first's name for itself, its records' count,
        # the second's records).
        self._files: tuple[str, int, dict] | None = None

    @classmethod
    def open(cls, path: Path, more_builds: bool = False) -> ParsedLines:
        """The lines with the records a build saved at `path` (none if it saved none, or
        with other code: a record is made by kb/output.py from terms parsed here), for
        one build, or for `more_builds` (the preview's worker, whose first build after a
        save then parses only what changed since the last `wildlex build`)."""
        lines = cls()
        lines._keep_rows = more_builds  # else the rows' memory goes back after each answer
        try:
            (made_by, name), saved = _read_records(path, _records_made_by())
        except (OSError, ValueError, EOFError, TypeError):  # none, or by other code
            return lines
        lines._saved = saved
        try:
            more = _read_records(_more(path), _records_made_by(), name)[1]
        except (OSError, ValueError, EOFError, TypeError):  # (or beside another first file)
            more = {}
        lines._files = (name, sum(map(len, saved.values())), more)
        for header, found in more.items():
            saved.setdefault(header, {}).update(found)
        if more_builds:
            # Each record made now, as a build would make it from its cells, while the
            # worker waits for the first save (0.1 s of its first rebuild's, else).
            lines._last = ({}, {header: {line: dict(zip(_columns(header), cells, strict=True))
                                         for line, cells in found.items()}
                                for header, found in saved.items()})
            lines._saved = {}
        return lines

    def save(self, path: Path) -> None:
        """Save the records of the lines this build read, for the next process: those it
        made only, beside the file it read, if they are few."""
        if self._files is not None and not self._last[1]:
            name, size, more = self._files
            for header, line in self._made:
                more.setdefault(header, {})[line] = tuple(self._records[header][line].values())
            if sum(map(len, more.values())) <= self.MORE_AT_MOST * size:
                made = {header: found.items() for header, found in more.items()}
                write_marshalled(_more(path), _record_parts((_records_made_by(), name), made))
                return
        records = self._records or self._last[1]
        cells = {header: ((line, tuple(record.values())) for line, record in found.items())
                 for header, found in records.items()}
        # (A new name: a second file left beside a first it does not name is never read.)
        write_marshalled(path, _record_parts((_records_made_by(), uuid.uuid4().hex), cells))
        _more(path).unlink(missing_ok=True)

    def next_build(self) -> None:
        """Keep only what the build that ends used (all, if it parsed nothing: a build
        with nothing changed)."""
        if self._rows or self._records:
            self._last = (self._rows, self._records)
            self._rows, self._records = {}, {}
            self._saved = {}  # what the first build used of them is in the last's now
        self._made, self._files = [], None

    def answer(self, body: bytes) -> Answer:
        header, lines = _split(body)
        return Answer(_columns(header), self._rows_of(header, lines))

    def records(self, body: bytes) -> list[dict[str, str]]:
        """output.records of the answer `body`: each line's record made once, and given to
        every caller (not to be changed by it)."""
        header, lines = _split(body)
        found = self._records.setdefault(header, {})
        # Most lines are the last build's or read already: looked up a whole answer at a
        # time (a line at a time, this was a fifth of the time to derive the pages' facts).
        out = list(map(self._last[1].get(header, {}).get, lines))
        if None in out:
            misses = list(itertools.compress(range(len(lines)),
                                             map(operator.is_, out, itertools.repeat(None))))
            self._fill(header, [lines[i] for i in misses], found)
            for i in misses:
                out[i] = found[lines[i]]
        found.update(zip(lines, out, strict=True))
        return out

    def _fill(self, header: bytes, lines: list[bytes], found: dict[bytes, dict[str, str]]) -> None:
        """Put in `found` the records of `lines` (of the answer headed `header`) not there:
        those the last `wildlex build` saved, else made from the lines."""
        from .output import records

        saved = self._saved.get(header, {})
        columns = _columns(header)
        missing = []
        for line in dict.fromkeys(lines):
            if line in found:
                continue
            if line in saved:
                found[line] = dict(zip(columns, saved[line], strict=True))
            else:
                missing.append(line)
        made = records(Answer(columns, self._rows_of(header, missing)))
        for line, record in zip(missing, made, strict=True):
            found[line] = record
            self._made.append((header, line))

    def _rows_of(self, header: bytes, lines: list[bytes]) -> list[Row]:
        found, last = self._rows, self._last[0]
        for key in [(header, line) for line in lines if (header, line) not in found]:
            if key in last:
                found[key] = last[key]
        missing = list(dict.fromkeys(line for line in lines if (header, line) not in found))
        if missing:
            parsed = answer_from(ox.parse_query_results(
                b"\n".join([header, *missing, b""]), format=SnapshotSource.FORMAT))
            for line, row in zip(missing, parsed.rows, strict=True):
                found[header, line] = row
        rows = [found[header, line] for line in lines]
        if not self._keep_rows:
            found.clear()
        return rows


@functools.cache
def _records_made_by() -> str:
    """What made the records: the code of kb/output.py and of this module, and pyoxigraph."""
    from . import output

    code = b"".join(Path(module.__file__).read_bytes() for module in (output, sys.modules[__name__]))
    return f"{hashlib.sha256(code).hexdigest()} pyoxigraph {ox.__version__} python {sys.version}"


def _more(path: Path) -> Path:
    return path.with_name(path.name + ParsedLines.MORE)


RECORDS_PART = 2000  # lines of one answer marshalled at a time (2 MB at 200 jurisdictions)


def _record_parts(head: tuple[str, str], cells: dict) -> Iterator:
    """What ParsedLines saves, for files.write_marshalled: `head` (what made the records,
    the file's name), then (header, {line: cells}) for RECORDS_PART lines of an answer
    at a time, from `cells` (header: its lines' (line, cells) pairs)."""
    yield head
    for header, found in cells.items():
        pairs = iter(found)
        while part := dict(itertools.islice(pairs, RECORDS_PART)):
            yield header, part


def _read_records(path: Path, made_by: str, name: str | None = None) -> tuple[tuple, dict]:
    """(head, {header: {line: cells}}) of a file _record_parts wrote; ValueError if
    records made by other code than `made_by` (or of a file not named `name`)."""
    parts = read_marshalled(path)
    head = next(parts, None)
    if not isinstance(head, tuple) or head[0] != made_by or name not in (None, head[1]):
        raise ValueError(f"{path}: records of other code or of another file")
    found: dict = {}
    for header, part in parts:
        found.setdefault(header, {}).update(part)
    return head, found


def _columns(header: bytes) -> list[str]:
    """The column names of a TSV results header (?a\t?b)."""
    return [name[1:].decode() for name in header.split(b"\t")] if header else []


def _split(body: bytes) -> tuple[bytes, list[bytes]]:
    """The header line of TSV results and their row lines."""
    header, _, rest = body.partition(b"\n")
    return header, rest.split(b"\n")[:-1] if rest else []


class RemoteSource:
    """A SPARQL 1.1 endpoint whose default graph is the union of the named graphs."""

    def __init__(self, endpoint: str, timeout: float = 30.0):
        check_address(endpoint)
        self.timeout = check_timeout(timeout)
        self.endpoint = endpoint
        self.shown = redact(endpoint)  # what messages show: no credentials

    def select(self, question: Question, bound: dict) -> Answer:
        text = with_values(question, bound)
        body = self.send("POST", self.endpoint, text.encode("utf-8"),
                         {"Content-Type": "application/sparql-query",
                          "Accept": "application/sparql-results+json"})
        answer = _parse_json(body)
        if isinstance(answer, Answer):
            return self._checked(question, answer)
        # Raised here, not in the parser's handler, so that no traceback keeps the
        # parser's results object (one pyoxigraph lets only this thread free) alive as
        # the error's context, to be collected later on some other thread.
        raise EndpointError(f"{self.shown} sent {answer}; check that the address is a "
                            "SPARQL query endpoint")

    def _checked(self, question: Question, answer: Answer) -> Answer:
        """The answer in the question's columns, or EndpointError if it has others."""
        expected = question_columns(question.text)
        if sorted(answer.columns) != sorted(expected):
            raise EndpointError(
                f"{self.shown} answered with the columns {', '.join(answer.columns) or 'none'} "
                f"where queries/{question.path.name} asks for {', '.join(expected)}; check that "
                "the address is a SPARQL endpoint that runs the question unchanged")
        return Answer(list(expected), answer.rows)

    def send(self, method: str, address: str, body: bytes | None, headers: dict[str, str],
             expected: Collection[int] = (200,)) -> bytes:
        """The body of the answer, or EndpointError unless its status is `expected`."""
        response = request(method, address, body, headers, self.timeout)
        if response.status not in expected:
            detail = response.body[:500].decode("utf-8", "replace").strip()
            raise EndpointError(f"{redact(address)} answered HTTP {response.status}: {detail}")
        return response.body

    def fetch(self, request) -> bytes:
        """`send` for a urllib Request; any 2xx status is success."""
        return self.send(request.get_method(), request.full_url, request.data,
                         dict(request.header_items()), range(200, 300))


def _parse_json(body: bytes) -> Answer | str:
    """The answer in SPARQL JSON `body`, or what is wrong with it. No results object
    outlives this call."""
    try:
        results = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        if isinstance(results, ox.QueryBoolean):
            return "a yes/no (ASK) answer to a SELECT question"
        return answer_from(results)
    except (SyntaxError, ValueError) as error:
        return f"results that are not SPARQL JSON ({error})"
    finally:
        results = None


@functools.lru_cache(maxsize=64)
def question_columns(text: str) -> list[str]:
    """The variables a question's SELECT projects, found by running it on an empty store."""
    return [v.value for v in ox.Store().query(text).variables]


def with_values(question: Question, bound: dict) -> str:
    """The question with a VALUES block for the bound parameters at its outer level."""
    if not bound:
        return question.text
    # Search a copy with comments blanked out, so a "WHERE {" in a comment is not taken.
    code = re.sub(r"#[^\n]*", lambda m: " " * len(m.group()), question.text)
    match = _OUTER_WHERE.search(code)
    if match is None:
        raise QueryError(f"queries/{question.path.name}: no WHERE {{ … }} to bind parameters in")
    names = " ".join(f"?{name}" for name in bound)
    terms = " ".join(str(term) for term in bound.values())
    block = f"\n  VALUES ({names}) {{ ({terms}) }}\n"
    return question.text[: match.end()] + block + question.text[match.end():]
