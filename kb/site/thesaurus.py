"""The thesaurus's words found in a provision's text (ontology/thesaurus.ttl).

A label matches a whole word or phrase (so "IV" never finds "ivoire", nor "scale"
"scales"), in any case, except a label written in capitals, an acronym (CITES), which
matches only in capitals: "the act cites" is not the Convention.
"""

from __future__ import annotations

import hashlib
import marshal
import re
import sys
from collections import defaultdict
from pathlib import Path

from ..files import write_atomically

# Typographic apostrophes read as plain ones: "d’éléphant" is "d'éléphant".
_TYPOGRAPHIC = ("’", "ʼ")
_APOSTROPHES = str.maketrans(dict.fromkeys(_TYPOGRAPHIC, "'"))


def _pattern(labels: list[str], flags: int) -> re.Pattern | None:
    if not labels:
        return None
    # Longest first, so that a phrase wins over a word it begins with.
    words = sorted({label.translate(_APOSTROPHES) for label in labels}, key=lambda w: (-len(w), w))
    spaced = (r"\s+".join(map(re.escape, word.split())) for word in words)
    return re.compile(r"(?<!\w)(?:" + "|".join(spaced) + r")(?!\w)", flags)


class Thesaurus:
    """Each term's labels, from the rows of the thesaurus question (notation, label)."""

    @classmethod
    def of(cls, rows: list[dict], saved: Path | None = None) -> Thesaurus:
        """The thesaurus of `rows`: the one made last if its rows were the same, with
        the terms it found (the preview's worker builds again and again: only the texts
        that changed are searched again). In a new process, the terms found are read
        from `saved` if the thesaurus that saved them had the same rows and code (see
        `save`)."""
        key = tuple((row["notation"], row["label"]) for row in rows)
        if key not in _LAST:
            _LAST.clear()
            _LAST[key] = cls(rows)
            if saved is not None:
                _LAST[key]._read(saved, key)
        return _LAST[key]

    def __init__(self, rows: list[dict]):
        self._found: dict[str, list[str]] = {}
        # Each tuple of texts looked up, joined as searched: the preview's worker looks up
        # the same texts (the same objects) at every build, and joining them again took
        # two thirds of the time.
        self._joined: dict[tuple[str, ...], str] = {}
        self._searched = False  # a text was searched since the terms were read or saved
        self._used: set[str] = set()  # the texts looked up since (the ones saved)
        labels: dict[str, list[str]] = defaultdict(list)
        for row in rows:
            labels[row["notation"]].append(row["label"])
        self.patterns = {
            notation: [p for p in (_pattern([w for w in words if not w.isupper()], re.IGNORECASE),
                                   _pattern([w for w in words if w.isupper()], 0)) if p]
            for notation, words in sorted(labels.items())}
        # A label can match only where its first word is: a substring test (case-folded
        # for the labels matched in any case) rules most terms out before any pattern runs.
        self.first_words = {
            notation: ({_first_word(w).casefold() for w in words if not w.isupper()},
                       {_first_word(w) for w in words if w.isupper()})
            for notation, words in labels.items()}

    def terms(self, *texts: str) -> list[str]:
        """The notations of the terms any of `texts` names, in notation order."""
        text = self._joined.get(texts)
        if text is None:
            text = " ".join(texts)
            # (joining and translating 18,000 texts took 0.037 s; joining them and
            # finding neither apostrophe, 0.014 s)
            if any(apostrophe in text for apostrophe in _TYPOGRAPHIC):
                text = text.translate(_APOSTROPHES)
            self._joined[texts] = text
        if text not in self._found:
            self._found[text] = self._search(text)
            self._searched = True
        self._used.add(text)
        return list(self._found[text])

    def save(self, path: Path) -> None:
        """Save the terms found in the texts looked up since the last save, if one was
        new, for the next process (`wildlex build` starts a new one)."""
        if self._searched:
            key = next(key for key, thesaurus in _LAST.items() if thesaurus is self)
            found = {text: self._found[text] for text in self._used}
            write_atomically(path, marshal.dumps((_made_by(key), found)))
        self._searched, self._used = False, set()

    def _read(self, path: Path, key: tuple) -> None:
        try:
            made_by, found = marshal.loads(path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            return
        if made_by == _made_by(key):
            self._found = found

    def _search(self, text: str) -> list[str]:
        folded = text.casefold()
        found = []
        for notation, patterns in self.patterns.items():
            any_case, capitals = self.first_words[notation]
            if (any(word in folded for word in any_case) or any(word in text for word in capitals)) \
                    and any(p.search(text) for p in patterns):
                found.append(notation)
        return found


# The thesaurus made last, by its rows.
_LAST: dict[tuple, Thesaurus] = {}


def _made_by(key: tuple) -> str:
    """What the terms found depend on: the thesaurus's rows and this code."""
    digest = hashlib.sha256(repr(key).encode() + Path(__file__).read_bytes())
    return f"{digest.hexdigest()} python {sys.version}"


def _first_word(label: str) -> str:
    words = label.translate(_APOSTROPHES).split()
    return words[0] if words else ""
