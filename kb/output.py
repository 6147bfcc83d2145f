"""Answers as a terminal table, CSV, JSON or Markdown, with IRIs shown as their short names."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox

from .namespaces import CODE, ID
from .questions import CRITERION
from .sparql import Answer

FORMATS = ("table", "csv", "json", "md")

# Columns that hold a GROUP_CONCAT list, whose order SPARQL leaves open: sorted here
# so that the same data always prints the same bytes, embedded or remote.
LIST_COLUMNS = {"conduct": ";", "species_scope": ";", "duty_type": ";", "duty_bearer": ";",
                "evidence": " ", "topics": " ", "sources": " | ",
                "appliesTo": ";", "aggravations": ";", "dutyTypes": ";", "bearers": ";", "sanctions": " "}


def show(term) -> str:
    """A cell as a reader wants it: KE for jur:ke, met for level:met, the text of a literal."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    value = term.value
    if value.startswith(CODE):
        return value.rsplit("/", 1)[-1]
    if value.startswith(CRITERION):
        return value[len(CRITERION):]
    if value.startswith(str(ID)) and "/" not in value[len(str(ID)):]:
        return value[len(str(ID)):].upper()
    return value


def cell(column: str, term) -> str:
    text = show(term)
    separator = LIST_COLUMNS.get(column)
    if separator and text:
        text = separator.join(sorted(text.split(separator)))
    return text


def records(answer: Answer) -> list[dict[str, str]]:
    return [{c: cell(c, row[c]) for c in answer.columns} for row in answer.rows]


def render(answer: Answer, fmt: str, sort_rows: bool = False) -> str:
    """`sort_rows` orders rows by every cell, left to right: a total order for tables
    whose question leaves ties (rows that differ only in an aggregated column)."""
    rows = records(answer)
    if sort_rows:
        rows.sort(key=lambda r: [r[c] for c in answer.columns])
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=answer.columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue()
    if fmt == "md":
        lines = ["| " + " | ".join(answer.columns) + " |",
                 "|" + "|".join("---" for _ in answer.columns) + "|"]
        lines += ["| " + " | ".join(r[c].replace("|", "\\|").replace("\n", " ")
                                    for c in answer.columns) + " |" for r in rows]
        return "\n".join(lines) + "\n"
    widths = {c: min(60, max([len(c)] + [len(r[c]) for r in rows])) for c in answer.columns}
    def line(cells):
        return "  ".join(cells[c][: widths[c]].ljust(widths[c]) for c in answer.columns).rstrip()
    out = [line({c: c for c in answer.columns}), line({c: "-" * widths[c] for c in answer.columns})]
    out += [line(r) for r in rows]
    return "\n".join(out) + "\n"
