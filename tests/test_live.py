"""The preview's build worker (kb/cli/worker.py): builds in one long-lived process, its
in-memory copy of the store brought in line in place (kb/store.py, MemoryCopy), write
and keep what a cold build of the same corpus does, change after change."""

import shutil

import pyoxigraph as ox
import pytest
from test_partial import (
    build,
    edit_eu_regulation,
    edit_kenya,
    edit_kenya_level,
    edit_platform,
    kept_answers,
    leave_the_union,
    remove_eu_directive,
)

from conftest import digest, make_built_site_project, make_site_project, release_stores
from kb import store as store_module
from kb.cli.worker import Builder
from kb.project import open_project


def cold_build_of(runner, project, target):
    cold = make_site_project(target)
    for folder in ("corpus", "site"):
        shutil.rmtree(cold / folder)
        shutil.copytree(project / folder, cold / folder)
    build(runner, cold)
    return cold


def test_builds_in_one_process_write_and_keep_what_cold_builds_do(runner, tmp_path, monkeypatch):
    copied_whole = []
    whole = store_module.in_memory
    monkeypatch.setattr(store_module, "in_memory",
                        lambda store, project=None: copied_whole.append(1) or whole(store, project))
    project = make_built_site_project(tmp_path / "live")
    copied_whole.clear()  # the project may have been built just now
    builder = Builder(open_project(project))
    shown = []
    assert builder.build(shown.append)  # nothing changed: the store is copied, no site made
    assert shown == [] and copied_whole == [1]
    for number, change in enumerate((edit_kenya, edit_eu_regulation, leave_the_union,
                                     edit_platform, remove_eu_directive, edit_kenya_level)):
        change(project)
        seen, before = [], len(copied_whole)

        def shown(folder, seen=seen):
            seen.append((folder, (folder / "en/ke/index.html").is_file(), (folder / "data").is_dir()))

        assert builder.build(shown)
        release_stores()
        assert len(copied_whole) == before  # brought in line in place, not copied whole
        # The pages are shown where they are written, before the datasets; then renamed.
        (staging, pages, data), (final, *_) = seen
        assert pages and not data and staging.name.startswith(".staging-")
        assert final == (project / "build/site").resolve()
        cold = cold_build_of(runner, project, tmp_path / f"cold-{number}")
        assert digest((cold / "build/site").resolve()) == digest(final), change.__name__
        assert kept_answers(cold) == kept_answers(project), change.__name__


def test_a_build_by_another_process_between_two_is_taken_in(runner, tmp_path):
    project = make_built_site_project(tmp_path / "live")
    builder = Builder(open_project(project))
    assert builder.build(lambda folder: None)
    edit_kenya(project)
    build(runner, project)  # `wildlex build` in another terminal: the store changed meanwhile
    edit_eu_regulation(project)
    assert builder.build(lambda folder: None)
    release_stores()
    cold = cold_build_of(runner, project, tmp_path / "cold")
    assert kept_answers(cold) == kept_answers(project)


def test_a_failed_build_says_why_and_leaves_the_site(runner, tmp_path, capsys):
    project = make_built_site_project(tmp_path / "live")
    site = (project / "build/site").resolve()
    builder = Builder(open_project(project))
    act = project / "corpus/ke/test-act.ttl"
    act.write_text(act.read_text() + "\nthis is not Turtle\n")
    assert not builder.build(lambda folder: None)
    assert "corpus/ke/test-act.ttl" in capsys.readouterr().err
    assert (project / "build/site").resolve() == site


@pytest.mark.parametrize("changes", [1, store_module.BULK_ABOVE + 1])
def test_the_copy_in_memory_holds_the_quads_of_the_store(tmp_path, changes):
    from conftest import make_project

    project = open_project(make_project(tmp_path / "project"))
    disk = store_module.open_store(project)
    store_module.load(project, disk)
    copy = store_module.MemoryCopy(project)
    first = copy(disk)
    for number in range(changes):
        extra = project.corpus_dir / f"ke/extra-{number}.ttl"
        extra.write_text(f"<https://w3id.org/wildlex/id/ke/extra-{number}> "
                         "<http://www.w3.org/2000/01/rdf-schema#label> \"extra\" .\n")
    act = project.corpus_dir / "ke/test-act.ttl"
    act.write_text(act.read_text().replace("any listed specimen", "any listed live specimen"))
    store_module.load(project, disk)
    second = copy(disk)
    assert (second is first) == (changes <= store_module.BULK_ABOVE)
    assert set(second) == set(disk)
    graph = ox.NamedNode(store_module.SOURCE_GRAPH + "corpus/ke/test-act.ttl")
    assert any("live specimen" in str(q.object) for q in second.quads_for_pattern(None, None, None, graph))
    del disk
    release_stores()
