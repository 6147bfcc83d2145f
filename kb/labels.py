"""What a person reads in place of an identifier: a provision's citation, an instrument's
title, a criterion's label (for the tables `wildlex query` prints)."""

from __future__ import annotations

from .output import show
from .project import Project
from .questions import ask


def reader_labels(project: Project, source) -> dict[str, str]:
    labels: dict[str, str] = {}
    for row in ask(project, source, "criteria", {"lang": "en"}).rows:
        labels[show(row["criterion"])] = show(row["label"])
    titles: dict[str, str] = {}
    for row in ask(project, source, "instruments", {}).rows:
        iri = row["instrument"].value
        if show(row["titleLang"]) == "en" or iri not in titles:
            titles[iri] = show(row["title"])
    labels.update(titles)
    for row in ask(project, source, "provisions", {}).rows:
        iri = row["provision"].value
        title = titles.get(row["instrument"].value, "")
        labels.setdefault(iri, f"{show(row['jurisdiction'])} {title}, {show(row['citation'])}")
    return labels
