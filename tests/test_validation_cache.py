"""Validation remembers clean files, and never lets that memory hide a problem."""

import shutil

import pytest

from kb import validate as validate_module
from kb.cli import cli


def run(runner, project):
    result = runner.invoke(cli, ["validate", "--root", str(project)])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def count_reads(monkeypatch) -> list[str]:
    read = []
    original = validate_module.read_turtle

    def counting(path, display):
        read.append(display)
        return original(path, display)

    monkeypatch.setattr(validate_module, "read_turtle", counting)
    return read


def test_unchanged_files_are_not_read_again(runner, project_dir, monkeypatch):
    assert run(runner, project_dir)[0] == 0
    read = count_reads(monkeypatch)
    assert run(runner, project_dir)[0] == 0
    assert read == []
    edited = project_dir / "corpus/gb/test-act.ttl"
    edited.write_text(edited.read_text() + "\n# an edit\n")
    assert run(runner, project_dir)[0] == 0
    assert read == ["corpus/gb/test-act.ttl"]


def test_a_changed_rule_reads_everything_again(runner, project_dir, monkeypatch):
    assert run(runner, project_dir)[0] == 0
    read = count_reads(monkeypatch)
    shapes = project_dir / "ontology/shapes.ttl"
    shapes.write_text(shapes.read_text() + "\n# a comment\n")
    assert run(runner, project_dir)[0] == 0
    assert len(read) == len(list((project_dir / "corpus").rglob("*.ttl")))  # every corpus file


def remove_instrument(project):
    (project / "corpus/ke/test-act.ttl").unlink()


def retype_instrument(project):
    path = project / "corpus/gb/test-act.ttl"
    text = path.read_text()
    assert " a wlx:Instrument" in text
    path.write_text(text.replace(" a wlx:Instrument", " a wlx:Provision", 1))


def define_twice(project):
    shutil.copy(project / "corpus/gb/coverage.ttl", project / "corpus/gb/another-coverage.ttl")


def break_a_referenced_file(project):
    path = project / "corpus/ke/test-act.ttl"
    path.write_text(path.read_text() + "\nthis is not turtle\n")


@pytest.mark.parametrize("change", [remove_instrument, retype_instrument, define_twice,
                                    break_a_referenced_file])
def test_a_warm_cache_reports_exactly_what_a_cold_one_does(runner, project_dir, change):
    """Problems that a change causes in files that did not change are still found."""
    assert run(runner, project_dir)[0] == 0
    change(project_dir)
    warm = run(runner, project_dir)
    (project_dir / "build/validation-cache.marshal").unlink()
    cold = run(runner, project_dir)
    assert warm[0] == cold[0] == 1
    assert warm[1] == cold[1]


def test_the_cache_is_read_once_per_process_until_another_writes_it(runner, project_dir, monkeypatch):
    import marshal

    from kb import validation_cache

    assert run(runner, project_dir)[0] == 0  # (written, and kept in memory as written)
    loads = []
    real = marshal.loads
    monkeypatch.setattr(validation_cache.marshal, "loads", lambda data: loads.append(1) or real(data))
    read = count_reads(monkeypatch)
    assert run(runner, project_dir)[0] == 0
    assert loads == [] and read == []
    # Another process's validation writes another cache (another file, renamed into place):
    # read from the file, then as before.
    cache = project_dir / "build" / validation_cache.ValidationCache.NAME
    stored = real(cache.read_bytes())
    del stored["files"]["corpus/gb/test-act.ttl"]
    (project_dir / "build/other").write_bytes(marshal.dumps(stored))
    (project_dir / "build/other").replace(cache)
    assert run(runner, project_dir)[0] == 0
    assert loads == [1] and read == ["corpus/gb/test-act.ttl"]
