"""Answers as a terminal table, CSV, JSON or Markdown, with IRIs shown as their short names."""

from __future__ import annotations

import csv
import io
import json
import textwrap

import pyoxigraph as ox

from .namespaces import CODE, ID
from .questions import CRITERION, bound_question
from .sparql import Answer

FORMATS = ("table", "csv", "json", "md")

# Columns that hold a GROUP_CONCAT list, whose order SPARQL leaves open: sorted here
# so that the same data always prints the same bytes, embedded or remote.
LIST_COLUMNS = {"conduct": ";", "species_scope": ";", "duty_type": ";", "duty_bearer": ";",
                "evidence": " ", "topics": " ", "sources": " | ",
                "appliesTo": ";", "aggravations": ";", "dutyTypes": ";", "bearers": ";", "sanctions": " ",
                "jurisdiction_basis": ";"}


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


# OWASP, CSV injection: a spreadsheet runs a cell that begins with one of these as a
# formula (=HYPERLINK(…) in a citation would); a leading apostrophe makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    safe = "'" + text if text.startswith(FORMULA_STARTS) else text
    # The csv module quotes a cell holding a line feed but not one holding only a
    # carriage return, which a spreadsheet takes for the end of the row: what follows
    # it would start a row of its own (and a formula). As a line feed it stays inside.
    return safe.replace("\r\n", "\n").replace("\r", "\n") if "\r" in safe else safe


def records(answer: Answer) -> list[dict[str, str]]:
    return [{c: cell(c, row[c]) for c in answer.columns} for row in answer.rows]


def ask_records(project, source, name: str, given: dict[str, str] | None = None) -> list[dict[str, str]]:
    """records(ask(...)), from the rows an earlier build parsed where `source` keeps them
    (sparql.ParsedLines)."""
    question, bound = bound_question(project, source, name, given)
    if hasattr(source, "records"):
        return source.records(question, bound)
    return records(source.select(question, bound))


def ask_table(project, source, name: str,
              given: dict[str, str] | None = None) -> tuple[list[str], list[dict[str, str]]]:
    """(the answer's columns, ask_records(...)): a build writes the site's whole-corpus
    answers as CSV from the records its pages read, not from their rows parsed again."""
    question, bound = bound_question(project, source, name, given)
    if hasattr(source, "table"):
        return source.table(question, bound)
    answer = source.select(question, bound)
    return answer.columns, records(answer)


_NUMBERS = {f"http://www.w3.org/2001/XMLSchema#{t}" for t in (
    "integer", "decimal", "double", "float", "long", "int", "nonNegativeInteger")}


def typed(term, text: str):
    """A cell for JSON: numbers as numbers, true/false as booleans, else its text."""
    if isinstance(term, ox.Literal) and text:
        datatype = term.datatype.value
        if datatype in _NUMBERS:
            number = float(text)
            return int(number) if number.is_integer() and "." not in text else number
        if datatype.endswith("#boolean"):
            return text == "true"
    return text


# A table printed for a person fits a terminal of this many characters; --wide prints
# every cell whole on one line instead.
TABLE_WIDTH = 100


def _wrap_widths(natural: dict[str, int], total: int) -> dict[str, int]:
    """Shrink the widest columns, never below their heading, until the table fits `total`
    characters (or can shrink no more)."""
    widths = dict(natural)
    floor = {c: min(max(len(c), 8), 16) for c in widths}
    while sum(widths.values()) + 2 * (len(widths) - 1) > total:
        shrinkable = [c for c in widths if widths[c] > floor[c]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=widths.get)
        widths[widest] -= 1
    return widths


def table(columns: list[str], rows: list[dict[str, str]], wide: bool = False) -> str:
    """Rows as an aligned table; cells too long for the width wrap onto more lines.
    Columns empty in every row are left out (they say nothing to a reader)."""
    columns = [c for c in columns if any(r[c] for r in rows)] or columns
    natural = {c: max([len(c)] + [len(r[c]) for r in rows]) for c in columns}
    widths = natural if wide else _wrap_widths(natural, TABLE_WIDTH)
    if sum(widths.values()) + 2 * (len(widths) - 1) > TABLE_WIDTH and not wide:
        return _records_text(columns, rows)

    def lines_of(cells: dict[str, str]) -> list[str]:
        wrapped = {c: (textwrap.wrap(cells[c], widths[c], break_on_hyphens=False) or [""])
                   if len(cells[c]) > widths[c] else [cells[c]] for c in columns}
        height = max(len(w) for w in wrapped.values())
        return ["  ".join((wrapped[c][i] if i < len(wrapped[c]) else "").ljust(widths[c])
                          for c in columns).rstrip() for i in range(height)]

    out = lines_of({c: c for c in columns}) + ["  ".join("-" * widths[c] for c in columns)]
    for row in rows:
        out += lines_of(row)
    return "\n".join(out) + "\n"


def _records_text(columns: list[str], rows: list[dict[str, str]]) -> str:
    """Too many columns for a table: one block per row, a line per non-empty cell."""
    name_width = max(len(c) for c in columns)
    out = []
    for number, row in enumerate(rows, 1):
        out.append(f"-- row {number} " + "-" * (TABLE_WIDTH - 8 - len(str(number))))
        for c in columns:
            if row[c]:
                out += textwrap.wrap(row[c], TABLE_WIDTH, initial_indent=c.ljust(name_width) + "  ",
                                     subsequent_indent=" " * (name_width + 2),
                                     break_on_hyphens=False, break_long_words=False) or [c]
    return "\n".join(out) + "\n"


def csv_table(columns: list[str], rows: list[dict[str, str]], sort_rows: bool = False) -> str:
    """Records as CSV, each cell safe to open in a spreadsheet, empty in a column the
    record lacks; `sort_rows` as render's."""
    cells = [[row.get(c, "") for c in columns] for row in rows]  # (empty where it has none)
    if sort_rows:
        cells.sort()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([spreadsheet_safe(text) for text in line] for line in cells)
    return buffer.getvalue()


def render(answer: Answer, fmt: str, sort_rows: bool = False, wide: bool = False,
           labels: dict[str, str] | None = None) -> str:
    """`sort_rows` orders rows by every cell, left to right: a total order for tables
    whose question leaves ties (rows that differ only in an aggregated column).
    `labels` (table only) shows a reader's name for an IRI or code: a citation for a
    provision, a label for a criterion."""
    rows = records(answer)
    if sort_rows:
        order = sorted(range(len(rows)), key=lambda i: [rows[i][c] for c in answer.columns])
        rows = [rows[i] for i in order]
        raw = [answer.rows[i] for i in order]
    else:
        raw = answer.rows
    if fmt == "json":
        typed_rows = [{c: typed(term_row[c], row[c]) for c in answer.columns}
                      for row, term_row in zip(rows, raw, strict=True)]
        return json.dumps(typed_rows, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return csv_table(answer.columns, rows)
    if fmt == "md":
        lines = ["| " + " | ".join(answer.columns) + " |",
                 "|" + "|".join("---" for _ in answer.columns) + "|"]
        lines += ["| " + " | ".join(r[c].replace("|", "\\|").replace("\n", " ")
                                    for c in answer.columns) + " |" for r in rows]
        return "\n".join(lines) + "\n"
    if labels:
        rows = [{c: _labelled(r[c], labels) for c in answer.columns} for r in rows]
    return table(list(answer.columns), rows, wide)


def _labelled(text: str, labels: dict[str, str]) -> str:
    if text in labels:
        return labels[text]
    if " " in text and all(part in labels for part in text.split()):
        return "; ".join(labels[part] for part in text.split())
    if text.startswith(str(ID)):
        return text[len(str(ID)):]  # a fact with no name of its own: its path is short
    return text
