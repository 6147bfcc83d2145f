"""A file's digest is read again exactly when the file may have changed (kb/digests.py):
a build takes every source file's digest several times, the preview's worker build
after build."""

import hashlib
import os
from pathlib import Path

from conftest import make_project
from kb import digests, reading
from kb.project import open_project


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def counting_reads(monkeypatch) -> list[str]:
    read = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.name) or real(self))
    return read


def test_a_files_digest_is_read_again_only_once_the_file_changed(tmp_path, monkeypatch):
    read = counting_reads(monkeypatch)
    path = tmp_path / "act.ttl"
    path.write_bytes(b"first")
    assert digests.file_digest(path) == sha(b"first") == digests.file_digest(path)
    assert read == ["act.ttl"]
    # The same size, and the modification time set back as it was: the inode's change
    # time still moves, and the new bytes are read.
    before = path.stat()
    path.write_bytes(b"other")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert digests.file_digest(path) == sha(b"other")
    # Replaced by another file (an editor's save by renaming): another inode.
    (tmp_path / "new.ttl").write_bytes(b"third")
    (tmp_path / "new.ttl").replace(path)
    assert digests.file_digest(path) == sha(b"third")
    assert read == ["act.ttl"] * 3


def test_a_contribution_is_checked_every_time_and_read_only_when_changed(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    path = corpus / "act.ttl"
    path.write_bytes(b"<a> <b> <c> .\n")
    assert reading.contribution_digest(path, corpus) == (sha(b"<a> <b> <c> .\n"), b"<a> <b> <c> .\n")
    assert reading.contribution_digest(path, corpus) == (sha(b"<a> <b> <c> .\n"), None)
    path.unlink()
    path.symlink_to(tmp_path / "outside.ttl")
    (tmp_path / "outside.ttl").write_bytes(b"<a> <b> <c> .\n")
    try:
        reading.contribution_digest(path, corpus)
    except reading.Unreadable as error:
        assert "outside corpus/" in str(error)
    else:
        raise AssertionError("a link out of corpus/ was read")


def test_validation_and_load_read_only_the_files_changed_since_this_process_read_them(
        tmp_path, monkeypatch):
    from kb.store import load, open_store
    from kb.validate import validate_corpus

    project = open_project(make_project(tmp_path / "project"))
    assert validate_corpus(project).ok
    store = open_store(project)
    load(project, store)
    opened = []
    real = reading._read
    monkeypatch.setattr(reading, "_read", lambda path: opened.append(path.name) or real(path))
    read = counting_reads(monkeypatch)
    act = project.corpus_dir / "ke/test-act.ttl"
    act.write_text(act.read_text().replace("any listed specimen", "any listed live specimen"))
    assert validate_corpus(project).ok
    assert set(opened) == {"test-act.ttl"}  # (read, then parsed in full by rdflib)
    read.clear()
    result = load(project, store)
    assert result.loaded == ["corpus/ke/test-act.ttl"]
    assert [name for name in read if name.endswith(".ttl")] == ["test-act.ttl"]
    assert any("live specimen" in str(q.object) for q in store)
    # A broken change is read and reported all the same.
    act.write_text(act.read_text() + "\nthis is not Turtle\n")
    report = validate_corpus(project)
    assert [p.path for p in report.problems] == ["corpus/ke/test-act.ttl"]
    del store
