"""File-system surprises in corpus/: each is one path message with its rule, no traceback,
no hang, and nothing read from outside the corpus (issue 21, item 3)."""

import os
import signal

import pytest

from conftest import DATA
from kb.cli import cli
from kb.reading import MAX_FILE_BYTES

ACT = (DATA / "corpus/ke/test-act.ttl").read_text()


HUGE = ACT.replace('"s. 1"', '"' + "x" * 20_000_000 + '"').encode()


def huge_literal(path, tmp_path):
    path.write_bytes(HUGE)


def folder(path, tmp_path):
    path.mkdir()


def dangling(path, tmp_path):
    path.symlink_to(tmp_path / "nothing-here.ttl")


def dev_zero(path, tmp_path):
    path.symlink_to("/dev/zero")


def fifo(path, tmp_path):
    os.mkfifo(path)


def outside(path, tmp_path):
    secret = tmp_path / "secret.ttl"
    secret.write_text("SECRETWORD:x:0:0:root:/root:/bin/bash\n")
    path.symlink_to(secret)


def etc_passwd(path, tmp_path):
    path.symlink_to("/etc/passwd")


def loop(path, tmp_path):
    path.symlink_to(path)


def unix_socket(path, tmp_path):
    import socket

    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(path))


CASES = {
    huge_literal: f"the file is {len(HUGE):,} bytes, over the limit of {MAX_FILE_BYTES:,} bytes",
    folder: "a folder named like a Turtle file — a corpus file must be a regular file; "
            "rename the folder",
    dangling: "a symbolic link to nothing — remove the link, or point it at a file inside corpus/",
    dev_zero: "a symbolic link to a file outside corpus/",
    fifo: "not a regular file (a device, a pipe or a socket) — a corpus file must be a regular file",
    outside: "a symbolic link to a file outside corpus/",
    etc_passwd: "a symbolic link to a file outside corpus/",
    loop: "a symbolic link that leads round in a loop — remove the link",
    unix_socket: "not a regular file (a device, a pipe or a socket) — a corpus file must be a "
                 "regular file",
}


@pytest.fixture
def alarm():
    """A hang fails the test instead of stopping the run (a FIFO used to block forever)."""
    def hung(*_):
        raise TimeoutError("validation hung")
    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(120)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("make", CASES, ids=[m.__name__ for m in CASES])
@pytest.mark.parametrize("command", ["validate", "build"])
def test_a_surprise_in_the_corpus_is_one_message_with_its_rule(runner, project_dir, tmp_path,
                                                                alarm, make, command):
    make(project_dir / "corpus/ke/x.ttl", tmp_path)
    result = runner.invoke(cli, [command, "--root", str(project_dir)])
    assert result.exit_code == 1, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    lines = result.output.splitlines()
    found = [line for line in lines if line.startswith("corpus/ke/x.ttl:")]
    assert found and found[0].startswith("corpus/ke/x.ttl:1:1: "), lines
    assert CASES[make] in found[0]
    assert "Traceback" not in result.output
    assert "SECRETWORD" not in result.output and "root:" not in result.output
    assert not (project_dir / "build/site").exists()


def test_a_file_within_the_limit_with_a_long_text_is_reported_not_crashed(runner, project_dir):
    """A text longer than the project's own limit, in a file within the size limit."""
    path = project_dir / "corpus/ke/test-act.ttl"
    path.write_text(ACT.replace('"s. 1"', '"' + "x" * (MAX_FILE_BYTES - 10_000) + '"'))
    result = runner.invoke(cli, ["validate", "--root", str(project_dir)])
    assert result.exit_code == 1
    assert "is far too long — quote a short excerpt" in result.output


def test_a_linked_folder_is_reported_not_silently_skipped(runner, project_dir, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "act.ttl").write_text("SECRETWORD")
    (project_dir / "corpus/zz").symlink_to(elsewhere)
    result = runner.invoke(cli, ["validate", "--root", str(project_dir)])
    assert result.exit_code == 1
    assert ("corpus/zz:1:1: a symbolic link to a folder — its files are not read; put the "
            "folder itself in corpus/") in result.output.splitlines()
    assert "SECRETWORD" not in result.output


def test_a_file_of_too_many_statements_is_refused_before_it_is_checked(runner, project_dir):
    """Issue 21, item 10: within the size limit, but more statements than the limit."""
    from kb.reading import MAX_STATEMENTS

    lines = [ACT.split(":s1 a wlx:Provision")[0]]
    provisions = MAX_STATEMENTS // 2 + 1  # two statements each
    lines += [f':s{n} a wlx:Provision ; wlx:citation "{n}" .\n' for n in range(provisions)]
    path = project_dir / "corpus/ke/test-act.ttl"
    path.write_text("".join(lines))
    assert path.stat().st_size < MAX_FILE_BYTES
    result = runner.invoke(cli, ["validate", "--root", str(project_dir)])
    assert result.exit_code == 1
    assert (f"corpus/ke/test-act.ttl:1:1: the file makes {2 * provisions + 7:,} statements, "
            f"over the limit of {MAX_STATEMENTS:,} for one corpus file — keep the provisions "
            "that bear on wildlife trade") in result.output.splitlines()
    assert "wlx:excerpt" not in result.output  # refused before the shapes were checked
