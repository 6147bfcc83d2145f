"""The questions in queries/*.rq: read their headers, bind parameters as RDF terms, run them.

A header declares each parameter on one line:
    #   ?name   TYPE, optional|default VALUE: what it means
TYPE is date, jurisdiction, criterion, platform, language or text. A parameter with a
default is always bound; an optional one is bound only when given, and so must
be used only in triple patterns of the question. An optional parameter named like a
column must filter it: bound, the question answers the rows of its unbound answer
that hold the value (kept answers rely on it, see `answers`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import QueryError, UnknownJurisdiction
from .namespaces import ID, XSD
from .project import Project

CRITERION = "https://w3id.org/wildlex/criterion/"
_PARAMETER = re.compile(
    r"^#\s+\?(?P<name>\w+)\s+(?P<type>date|jurisdiction|criterion|platform|language|text),\s*"
    r"(?:(?P<optional>optional)|default (?P<default>[^:]+)):")


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: str | None  # None: optional


@dataclass(frozen=True)
class Question:
    name: str
    path: Path
    text: str
    parameters: tuple[Parameter, ...]
    summary: str

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise QueryError(f"{self.name} takes no parameter {name!r} (it takes: {known})")


def list_questions(project: Project) -> list[str]:
    return [p.stem for p in project.query_files()]


def load_question(project: Project, name: str) -> Question:
    path = project.query_file(name)
    if not path.is_file():
        raise QueryError(f"no question named {name!r}; the questions are: "
                         + ", ".join(list_questions(project)))
    text = path.read_text(encoding="utf-8")
    header = _leading_comments(text)
    parameters = [Parameter(m["name"], m["type"], None if m["optional"] else m["default"].strip())
                  for m in map(_PARAMETER.match, header) if m]
    # The summary is the header's first paragraph.
    first_paragraph = []
    for line in header:
        words = line.lstrip("#").strip()
        if not words:
            break
        first_paragraph.append(words)
    return Question(name, path, text, tuple(parameters), " ".join(first_paragraph))


def _leading_comments(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return lines


def term_for(parameter: Parameter, value: str, known_jurisdictions: set[str]) -> ox.Literal | ox.NamedNode:
    """The RDF term for a caller's value, checked against the parameter's type."""
    if parameter.type == "date":
        try:
            day = dt.date.today() if value == "today" else dt.date.fromisoformat(value)
        except ValueError:
            raise QueryError(f"{parameter.name} expects a date written YYYY-MM-DD, "
                             f"found {value!r}") from None
        return ox.Literal(day.isoformat(), datatype=ox.NamedNode(str(XSD.date)))
    if parameter.type == "jurisdiction":
        code = value.lower()
        if code not in known_jurisdictions:
            raise UnknownJurisdiction(
                f"unknown jurisdiction {value!r}; the corpus holds: "
                + ", ".join(sorted(c.upper() for c in known_jurisdictions)))
        return ox.NamedNode(f"{ID}{code}")
    if parameter.type == "criterion":
        if not re.fullmatch(r"[a-z0-9-]+", value):
            raise QueryError(f"{parameter.name} expects a criterion id such as "
                             f"offence-offer-for-sale, found {value!r}")
        return ox.NamedNode(CRITERION + value)
    if parameter.type == "platform":
        # A platform is named by its file's slug: corpus/platforms/<slug>.ttl.
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
            raise QueryError(f"{parameter.name} expects a platform slug such as ebay "
                             f"(its file corpus/platforms/<slug>.ttl), found {value!r}")
        return ox.NamedNode(f"{ID}platforms/{value}")
    if parameter.type == "language":
        if value not in ("en", "fr", "es"):
            raise QueryError(f"{parameter.name} expects en, fr or es, found {value!r}")
        return ox.Literal(value)
    return ox.Literal(value)


def bindings(question: Question, given: dict[str, str],
             known_jurisdictions: set[str]) -> dict[str, ox.Literal | ox.NamedNode]:
    """Every defaulted parameter, plus the optional ones given, as RDF terms."""
    for name in given:
        question.parameter(name)
    out = {}
    for parameter in question.parameters:
        value = given.get(parameter.name, parameter.default)
        if value is not None:
            out[parameter.name] = term_for(parameter, value, known_jurisdictions)
    return out


def known_jurisdictions(project: Project, source) -> set[str]:
    """The lower-case codes of the jurisdictions `source` holds (asked of the store
    directly: the jurisdictions question also counts everything, which costs)."""
    codes = Question("codes", project.query_file("jurisdictions"),
                     "SELECT ?code WHERE { ?j a <https://w3id.org/wildlex/ontology#Jurisdiction> ; "
                     "<https://w3id.org/wildlex/ontology#code> ?code }", (), "jurisdiction codes")
    return {row["code"].value.lower() for row in source.select(codes, {}).rows}


def known_criteria(project: Project, source) -> list[str]:
    codes = Question("criteria", project.queries_dir / "criteria.rq",
                     "SELECT ?c WHERE { ?c a <https://w3id.org/wildlex/ontology#Criterion> }", (),
                     "criteria")
    return sorted(row["c"].value[len(CRITERION):] for row in source.select(codes, {}).rows)


def corpus_dates(project: Project, source) -> tuple[str, str]:
    """The earliest and latest dates the corpus states (adoption, entry into force, versions)."""
    dates = Question("dates", project.queries_dir / "changes.rq", """
        PREFIX wlx: <https://w3id.org/wildlex/ontology#>
        PREFIX eli: <http://data.europa.eu/eli/ontology#>
        SELECT (MIN(?d) AS ?first) (MAX(?d) AS ?last) WHERE {
          VALUES ?p { eli:date_document eli:first_date_entry_in_force eli:date_no_longer_in_force
                      wlx:inForceFrom wlx:inForceUntil wlx:reviewedOn }
          ?s ?p ?d }""", (), "dates")
    rows = source.select(dates, {}).rows
    if not rows:
        return "", ""
    return tuple(row.value if row is not None else "" for row in (rows[0]["first"], rows[0]["last"]))


def ask(project: Project, source, name: str, given: dict[str, str] | None = None):
    """Run question `name` on `source` with the caller's values bound as RDF terms."""
    return source.select(*bound_question(project, source, name, given))


def bound_question(project: Project, source, name: str,
                   given: dict[str, str] | None = None) -> tuple[Question, dict]:
    """Question `name` and the caller's values as RDF terms, checked against `source`."""
    question = load_question(project, name)
    given = dict(given or {})
    for key, value in given.items():
        if question.parameter(key).type == "criterion":
            known = known_criteria(project, source)
            if value not in known:
                raise QueryError(f"unknown criterion {value!r}; the criteria are: {', '.join(known)}")
    needs_codes = any(question.parameter(key).type == "jurisdiction" for key in given)
    known = known_jurisdictions(project, source) if needs_codes else set()
    return question, bindings(question, given, known)


def prefetch(project: Project, source, asks: list[tuple[str, dict[str, str]]]) -> None:
    """Answer the questions of `asks` ((name, values), none binding a jurisdiction or a
    criterion) ahead of `ask`, side by side, where `source` can (a build's snapshot)."""
    with answering(project, source, asks):
        pass


@contextlib.contextmanager
def answering(project: Project, source, asks: list[tuple[str, dict[str, str]]]):
    """As `prefetch`, but the caller reads the answers meanwhile (each read waits for its
    own answer); all are answered when this ends."""
    if not hasattr(source, "answering"):
        yield
        return
    from .parallel import cores

    pairs = []
    for name, given in asks:
        question = load_question(project, name)
        pairs.append((question, bindings(question, given, set())))
    with source.answering(pairs, cores()):
        yield
