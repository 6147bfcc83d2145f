"""Run a question on the embedded store or on a remote SPARQL 1.1 endpoint, with the same answer.

Locally, parameters go in as pyoxigraph substitutions. Remotely, they go in as a
VALUES block serialised from the same RDF terms, placed at the top of the
question's outer WHERE group (questions use parameters only at that level).
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

import pyoxigraph as ox

from .errors import EndpointError, QueryError
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
    rows = [dict(zip(columns, solution, strict=True)) for solution in solutions]
    return Answer(columns, rows)


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

    def __init__(self, store: ox.Store):
        super().__init__(store)
        self._answers: dict[tuple, tuple[Question, dict, bytes, Answer]] = {}

    def select(self, question: Question, bound: dict) -> Answer:
        key = (question.text, tuple(sorted((name, str(term)) for name, term in bound.items())))
        if key not in self._answers:
            body = self.solutions(question, bound).serialize(format=self.FORMAT)
            answer = answer_from(ox.parse_query_results(body, format=self.FORMAT))
            self._answers[key] = (question, dict(bound), body, answer)
        answer = self._answers[key][3]
        return Answer(list(answer.columns), [dict(row) for row in answer.rows])

    def kept(self):
        """(question, values, TSV results, rows) of every answer given so far."""
        for question, bound, body, answer in self._answers.values():
            yield question, bound, body, answer.rows


class RemoteSource:
    """A SPARQL 1.1 endpoint whose default graph is the union of the named graphs."""

    def __init__(self, endpoint: str, timeout: float = 30.0):
        if not endpoint.startswith(("http://", "https://")):
            raise EndpointError(f"{endpoint!r} is not an http(s) address")
        self.endpoint = endpoint
        self.timeout = timeout

    def select(self, question: Question, bound: dict) -> Answer:
        text = with_values(question, bound)
        request = urllib.request.Request(
            self.endpoint, data=text.encode("utf-8"), method="POST",
            headers={"Content-Type": "application/sparql-query",
                     "Accept": "application/sparql-results+json"})
        body = self.fetch(request)
        try:
            return answer_from(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))
        except (SyntaxError, ValueError) as error:
            problem = str(error)
        # Raised outside the handler, so the parser's traceback (which holds its results
        # object, one pyoxigraph lets only this thread free) dies here and is not kept
        # as the context of the error, to be collected later on some other thread.
        raise EndpointError(f"{self.endpoint} sent results that are not SPARQL JSON "
                            f"({problem}); check that the address is a SPARQL query endpoint")

    def fetch(self, request) -> bytes:
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            with error:  # the error holds the answer, and so the connection, until closed
                detail = error.read(500).decode("utf-8", "replace").strip()
            raise EndpointError(f"{self.endpoint} answered HTTP {error.code}: {detail}") from None
        except TimeoutError:
            raise EndpointError(f"{self.endpoint} did not answer within {self.timeout:g} s "
                                "— try again later or raise --timeout") from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise EndpointError(f"cannot reach {self.endpoint}: {reason} "
                                "— check the address and that the server is running") from None


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
