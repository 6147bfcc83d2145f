"""Incremental site: a page whose inputs did not change is linked from the published
site, not rendered again, and the site is byte for byte what a cold build writes."""

import shutil
from dataclasses import dataclass

import pytest

from conftest import build_site as build
from conftest import digest, make_built_site_project, make_site_project, release_stores
from kb.cli import cli


def pages(site):
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*.html")
            if not p.relative_to(site).as_posix().startswith("pagefind/")}


def cold_copy(project, folder):
    """A new site project at `folder` with `project`'s corpus, not yet built: what a cold
    build of the same corpus writes, to compare a rebuild with."""
    cold = make_site_project(folder)
    shutil.rmtree(cold / "corpus")
    shutil.copytree(project / "corpus", cold / "corpus")
    return cold


def edit_excerpt(project):
    act = project / "corpus/ke/test-act.ttl"
    act.write_text(act.read_text().replace("any listed specimen", "any listed live specimen"))


def edit_citation(project):
    """A citation shows on other jurisdictions' pages too (recommended model provisions)."""
    act = project / "corpus/ke/test-act.ttl"
    text = act.read_text()
    assert text.count('wlx:citation "s. 1"') == 1
    act.write_text(text.replace('wlx:citation "s. 1"', 'wlx:citation "s. 1A"'))


def edit_level(project):
    """Kenya no longer punishes an offer for sale: a level on every comparison page changes."""
    act = project / "corpus/ke/test-act.ttl"
    text = act.read_text()
    assert text.count("conduct:sale, conduct:offer_for_sale") == 1
    act.write_text(text.replace("conduct:sale, conduct:offer_for_sale", "conduct:sale"))


def edit_fine(project):
    """Kenya's fine in force: its region's penalties page shows it, the page of the
    regions only their jurisdictions and counts."""
    act = project / "corpus/ke/test-act.ttl"
    text = act.read_text()
    assert text.count("wlx:maxFine 500000 ;") == 1
    act.write_text(text.replace("wlx:maxFine 500000 ;", "wlx:maxFine 600000 ;"))


def edit_template(project):
    template = project / "site/templates/provision.html"
    template.write_text(template.read_text().replace("<h1>", '<h1 class="citation">', 1))


@pytest.mark.parametrize("change", [edit_excerpt, edit_citation, edit_level, edit_fine,
                                    edit_template])
def test_a_rebuild_after_a_change_is_byte_identical_to_a_cold_build(runner, tmp_path, monkeypatch,
                                                                    change):
    from kb.site import build as site_build

    # Keep the previous site, to see which of its files the rebuild linked.
    monkeypatch.setattr(site_build, "remove_in_background", lambda folders: None)
    project = make_built_site_project(tmp_path / "incremental")  # built as make_site_project's
    before = pages((project / "build/site").resolve())
    # The files at the top made from answers (the map, the sitemap, the tables).
    top = ("map.svg", "sitemap.xml", "data/wildlex.csv", "data/matrix.csv")
    top_before = {name: ((project / "build/site") / name).stat().st_ino for name in top}
    change(project)
    site = build(runner, project)
    after = pages(site)
    linked = {page for page in after if after[page] == before.get(page)}
    top_linked = {name for name in top if (site / name).stat().st_ino == top_before[name]}
    if change is edit_excerpt:  # a provision's words: no table, nor the map, shows them
        assert top_linked == set(top)
    elif change is edit_level:  # what Kenya punishes: a row of each table changes
        assert top_linked.isdisjoint({"data/wildlex.csv", "data/matrix.csv"})
        assert "sitemap.xml" in top_linked
    elif change is edit_template:  # what every file is made from (site/) changed
        assert not top_linked
    changed = {f"{lang}/ke/test-act/s1/index.html" for lang in ("en", "fr", "es")}
    if change is edit_template:
        assert not any("/s" in page for page in linked)  # every provision page rendered again
    else:
        assert linked  # the pages of other jurisdictions were not rendered again
        assert any(page.startswith("en/gb/") for page in linked)
        assert not changed & linked
        comparisons = {f"{lang}/compare/{code}/index.html" for lang in ("en", "fr", "es")
                       for code in ("gb", "ke")}
        overviews = {f"{lang}/{name}index.html" for lang in ("en", "fr", "es")
                     for name in ("", "matrix/", "criteria/", "compare/", "penalties/", "changes/")}
        if change is edit_level:  # every comparison page shows Kenya's levels
            assert not comparisons & linked
            assert {f"{lang}/matrix/index.html" for lang in ("en", "fr", "es")}.isdisjoint(linked)
        else:  # no level changed: the comparison pages are kept
            assert comparisons <= linked
        if change is edit_fine:  # one region's table changes, not the list of regions
            regions = {f"{lang}/penalties/{name}index.html" for lang in ("en", "fr", "es")
                       for name in ("", "africa/")}
            assert regions - linked == {f"{lang}/penalties/africa/index.html"
                                        for lang in ("en", "fr", "es")}
        if change is edit_excerpt:  # no overview shows a provision's words
            assert overviews <= linked
            site = (project / "build/site").resolve()
            assert all(site.joinpath(lang, name).stat().st_nlink > 1 for lang in ("en", "fr", "es")
                       for name in ("changes.atom", "compare/data.json"))
    cold = cold_copy(project, tmp_path / "cold")
    shutil.rmtree(cold / "site")
    shutil.copytree(project / "site", cold / "site")
    assert digest(build(runner, cold)) == digest((project / "build/site").resolve())


def test_a_law_whose_pages_inputs_did_not_change_is_kept_whole_and_one_removed_by_hand_made_again(
        runner, tmp_path, monkeypatch):
    """A law and its provisions are kept as one group when what they are made from did not
    change: none of their pages' own inputs is worked out again. The law edited has its
    pages' inputs worked out (and its changed provision rendered); a kept law's page that
    was removed from the published site by hand is made again."""
    from kb.site import build as site_build

    digested = []
    original = site_build.input_digest

    def counting(common, template, page, inputs):
        digested.append(page)
        return original(common, template, page, inputs)

    project = make_built_site_project(tmp_path / "incremental")
    monkeypatch.setattr(site_build, "input_digest", counting)  # (after the first build)
    # No spare (the first build's twin, spare.py, which holds the page removed below): the
    # rebuild writes a new folder, linking the published pages.
    (project / "build/spare-inputs.json").unlink()
    published = (project / "build/site").resolve()
    removed = published / "fr/gb/test-act/index.html"
    removed.unlink()  # (published files are never written to: a reader's mistake)
    edit_excerpt(project)
    site = build(runner, project)
    for lang in ("en", "fr", "es"):
        assert f"{lang}/ke/test-act/s1/" in digested  # the law edited: page by page
        assert f"{lang}/gb/test-act/" in digested  # the group's digest, named by its first page
    for lang in ("en", "es"):
        # The unchanged law's provisions: kept with their group, none worked out alone.
        assert not any(page.startswith(f"{lang}/gb/test-act/s") for page in digested)
    # In French its page is missing: the group is written as new, page by page.
    assert digested.count("fr/gb/test-act/") == 2 and "fr/gb/test-act/s1/" in digested
    assert (site / "fr/gb/test-act/index.html").is_file()
    assert (site / "en/gb/test-act/index.html").stat().st_ino == \
        (published / "en/gb/test-act/index.html").stat().st_ino  # linked, not written

    cold = cold_copy(project, tmp_path / "cold")
    assert digest(build(runner, cold)) == digest(site)


def test_a_law_the_folder_written_in_holds_as_made_is_left_whole(runner, tmp_path, monkeypatch):
    """A law whose pages the folder written in (the spare, here the first build's twin)
    recorded as made from the same inputs is left there whole: none of its pages is looked
    up alone; the law edited is, page by page. The site and its record are a cold build's."""
    import json

    from kb.site import reuse

    looked = []
    here = reuse.Kept.here
    monkeypatch.setattr(reuse.Kept, "here",
                        lambda self, page, inputs: looked.append(page) or here(self, page, inputs))
    project = make_built_site_project(tmp_path / "incremental")
    looked.clear()
    edit_excerpt(project)
    site = build(runner, project)
    for lang in ("en", "fr", "es"):
        assert f"{lang}/ke/test-act/s1/" in looked
        assert not any(page.startswith(f"{lang}/gb/test-act/") for page in looked)
    cold = cold_copy(project, tmp_path / "cold")
    assert digest(build(runner, cold)) == digest(site)
    record = json.loads((project / "build/page-inputs.json").read_text())["pages"]
    assert record == json.loads((cold / "build/page-inputs.json").read_text())["pages"]
    assert "en/gb/test-act/s1/" in record


def test_a_rebuild_written_by_several_processes_is_a_cold_build(runner, tmp_path, monkeypatch):
    """A large corpus's rebuild is written by the build's own process and forked workers:
    the pages each leaves as the folder written in holds them (one by one, or a law
    whole) are sent back by name, or kept where they were written; the site and its
    record are a cold build's."""
    import json

    from kb import parallel
    from kb.site import build as site_build

    monkeypatch.setattr(site_build, "SPREAD_ABOVE", 0)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    project = make_built_site_project(tmp_path / "incremental")
    edit_excerpt(project)
    build(runner, project)  # (written in the first build's twin)
    edit_citation(project)
    site = build(runner, project)  # written in the spare: the first site brought up to date
    cold = cold_copy(project, tmp_path / "cold")
    assert digest(build(runner, cold)) == digest(site)
    record = json.loads((project / "build/page-inputs.json").read_text())["pages"]
    assert record == json.loads((cold / "build/page-inputs.json").read_text())["pages"]


def files(folder):
    """Every file and folder under `folder`, with what a write would change; not the lock
    every build takes (it holds the builder's process id)."""
    return {str(p.relative_to(folder)): (p.stat(follow_symlinks=False).st_ino,
                                         p.stat(follow_symlinks=False).st_mtime_ns)
            for p in folder.rglob("*") if p.name != "build.lock"}


def test_a_build_with_nothing_changed_writes_nothing(runner, tmp_path):
    project = make_built_site_project(tmp_path / "project")
    before = files(project / "build")
    result = runner.invoke(cli, ["build", "--quiet", "--root", str(project)])
    release_stores()
    assert result.exit_code == 0, result.output
    assert result.output.startswith("nothing changed")
    assert files(project / "build") == before


@pytest.mark.parametrize("option", [[], ["--as-of", "2024-01-01"]])
def test_a_change_or_another_date_builds_again(runner, tmp_path, option):
    project = make_built_site_project(tmp_path / "project")
    site = (project / "build/site").resolve()
    if not option:
        edit_excerpt(project)
    result = runner.invoke(cli, ["build", "--quiet", *option, "--root", str(project)])
    release_stores()
    assert result.exit_code == 0, result.output
    assert "nothing changed" not in result.output
    assert (project / "build/site").resolve() != site


def written(site):
    """Each page's file, with what writing it again would change (an inode number may
    be reused at once for a file written after one was removed: not the time)."""
    return {page: (inode, (site / page).stat().st_mtime_ns) for page, inode in pages(site).items()}


def test_successive_rebuilds_bring_the_site_before_the_published_one_up_to_date(runner, tmp_path):
    """The site published before is kept (the spare) and the next build writes in it:
    only the pages that changed since it was made are written, the pages the new site
    lacks are removed, and the published site is never touched."""
    import json

    project = make_built_site_project(tmp_path / "incremental")
    first = (project / "build/site").resolve()
    edit_excerpt(project)
    second = build(runner, project)
    assert second != first and first.is_dir()  # kept, beside the published site
    spare = json.loads((project / "build/spare-inputs.json").read_text())
    assert spare["site"] == first.name
    published, folder, in_first = digest(second), first.stat().st_ino, written(first)
    directive = {f"{lang}/eu/test-directive/index.html" for lang in ("en", "fr", "es")}
    assert directive <= set(in_first)

    edit_citation(project)
    (project / "corpus/eu/test-directive.ttl").unlink()
    third = build(runner, project)
    assert third.stat().st_ino == folder  # the spare's folder, renamed
    assert digest(second) == published  # the published site, never written to
    assert json.loads((project / "build/spare-inputs.json").read_text())["site"] == second.name
    assert sorted((project / "build/sites").iterdir()) == sorted([second, third])
    in_third = written(third)
    untouched = {page for page in in_third if in_third[page] == in_first.get(page)}
    assert any(page.startswith("en/gb/") for page in untouched)  # not written again
    assert not {f"{lang}/ke/test-act/s1/index.html" for lang in ("en", "fr", "es")} & untouched
    assert not directive & set(in_third)  # the removed law's pages are gone
    assert not (third / "en/eu/test-directive").exists()  # with their folders

    cold = cold_copy(project, tmp_path / "cold")
    assert digest(build(runner, cold)) == digest(third)

    # A build that fails in the spare leaves the published site and no spare.
    template = project / "site/templates/provision.html"
    edit_level(project)
    original = template.read_text()
    template.write_text(original.replace("<h1>", "<h1>{{ broken(", 1))
    release_stores()
    result = runner.invoke(cli, ["build", "--quiet", "--root", str(project)])
    failed, said = result.exit_code, result.output
    del result  # its traceback holds the store open
    release_stores()
    assert failed != 0 and "provision.html" in said, said
    assert (project / "build/site").resolve() == third and digest(third) == digest(build(runner, cold))
    assert not (project / "build/spare-inputs.json").exists() and not second.exists()
    template.write_text(original)
    fourth = build(runner, project)
    assert fourth != third
    shutil.rmtree(cold / "corpus")
    shutil.copytree(project / "corpus", cold / "corpus")
    assert digest(build(runner, cold)) == digest(fourth)


def test_a_first_build_keeps_a_twin_of_its_pages_that_the_first_rebuild_writes_in(runner, tmp_path):
    """A first build (no site to keep) leaves, beside the site it publishes, a spare whose
    pages are the published files (hard links); the rebuild after it writes in that spare
    as in any other, and equals a cold build."""
    import json

    project = make_site_project(tmp_path / "first")
    published = build(runner, project)
    spare = json.loads((project / "build/spare-inputs.json").read_text())
    twin = project / "build/sites" / spare["site"]
    assert twin != published and sorted((project / "build/sites").iterdir()) == sorted([published, twin])
    assert spare["pages"] == json.loads((project / "build/page-inputs.json").read_text())["pages"]
    # The same files, hard-linked: every page of the three languages (the rest of a site
    # is written again by every build).
    assert sorted(p.name for p in twin.iterdir()) == ["en", "es", "fr"]
    in_languages = {page: inode for page, inode in pages(published).items()
                    if page.split("/")[0] in ("en", "fr", "es")}
    assert pages(twin) == in_languages != {}
    before, folder = digest(published), twin.stat().st_ino
    edit_excerpt(project)
    second = build(runner, project)
    assert second.stat().st_ino == folder  # the twin, renamed and brought up to date
    assert digest(published) == before  # the published site, never written to
    in_second = pages(second)
    kept = {page for page in in_second if in_second[page] == pages(published).get(page)}
    assert any(page.startswith("en/gb/") for page in kept)
    assert not {f"{lang}/ke/test-act/s1/index.html" for lang in ("en", "fr", "es")} & kept
    cold = cold_copy(project, tmp_path / "cold")
    assert digest(build(runner, cold)) == digest(second)
    # A rebuild keeps the site published before as the spare: no twin is made.
    assert json.loads((project / "build/spare-inputs.json").read_text())["site"] == published.name
    assert sorted((project / "build/sites").iterdir()) == sorted([published, second])


def same_texts_as_reprs(pairs) -> None:
    """Two inputs have the same text exactly when they have the same repr."""
    by_text, by_repr = {}, {}
    for text, shown in pairs:
        assert by_text.setdefault(text, shown) == shown
        assert by_repr.setdefault(shown, text) == text


def test_a_pages_inputs_text_tells_inputs_apart_as_their_repr_does_each_object_written_once():
    from dataclasses import dataclass, field

    from kb.site.reuse import InputTexts

    @dataclass
    class Law:
        title: str
        parts: list = field(default_factory=list)

    law, twin, other, texts = Law("Act", [{"s. 1": 2}]), Law("Act", [{"s. 1": 2}]), \
        Law("Act", [{"s. 1": 3}]), InputTexts()
    inputs = [(law,), (twin,), (other,), (law, "KE", ("a", 1), {"x": [law]}),
              (twin, "KE", ("a", 1), {"x": [twin]}), (law, "KE", ("a", 1), {"x": [other]}),
              "a digest", (), (None, 1.5), ([law, other],), ([twin, other],), ([other, law],)]
    same_texts_as_reprs([(texts(i), repr(i)) for i in inputs])
    assert texts((law,)) == texts((twin,)) != texts((other,))
    for plain in ("a digest", (), (None, 1.5), ("KE", {"x": 1})):
        assert texts(plain) == repr(plain)  # no dataclass: the repr itself
    before = texts((law,))
    law.title = "Renamed"  # written once: pages are written after their objects are made
    assert texts((law,)) == before != InputTexts()((law,))


@dataclass
class Section:  # (at module level: its annotations are read, as the site's classes' are)
    number: str
    rows: list[dict[str, str]]


@dataclass
class Code:
    sections: list[Section]
    note: str


def test_a_dataclass_inside_another_is_told_apart_as_its_repr_does_whatever_its_type_says():
    from kb.site.reuse import InputTexts

    section = Section("1", [{"a": "b"}])
    code, texts = Code([section], "n"), InputTexts()
    first = texts((section, "KE"))
    assert first == InputTexts()((Section("1", [{"a": "b"}]), "KE")) != \
        InputTexts()((Section("1", [{"a": "c"}]), "KE"))
    section.number = "2"  # written once: the code's text takes the section's first text
    assert texts((code,)) == InputTexts()((Code([Section("1", [{"a": "b"}])], "n"),))
    # A field typed as text that holds a dataclass anyway: told apart all the same.
    odd, texts = Section(Section("3", []), []), InputTexts()
    same_texts_as_reprs([(texts(i), repr(i)) for i in (
        (odd,), (Section(Section("3", []), []),), (Section(Section("4", []), []),),
        (Section("3", []),))])


def test_every_pages_inputs_text_tells_them_apart_as_their_repr_does(runner, tmp_path, monkeypatch):
    """The text each page's digest is made from names the same inputs as their repr:
    a page is kept exactly when its inputs' repr is the one it was made from."""
    from kb.site.reuse import InputTexts

    real, checked = InputTexts.__call__, []

    def compared(self, inputs):
        text = real(self, inputs)
        checked.append((text, repr(inputs), inputs))
        return text

    monkeypatch.setattr(InputTexts, "__call__", compared)
    build(runner, make_site_project(tmp_path / "project"))
    same_texts_as_reprs([(text, shown) for text, shown, _ in checked])
    assert any(type(inputs) is tuple and any(hasattr(i, "__dataclass_fields__") for i in inputs)
               for _, _, inputs in checked)
    assert len({text for text, _, _ in checked}) > 100


def test_a_project_reached_through_a_symbolic_link_reuses_the_spare_not_the_published_site(
        runner, tmp_path):
    real = make_built_site_project(tmp_path / "real")
    (tmp_path / "link").symlink_to(real)
    project = tmp_path / "link"
    first = (project / "build/site").resolve()
    edit_excerpt(project)
    second = build(runner, project)
    published, folder = digest(second), first.stat().st_ino
    edit_citation(project)
    third = build(runner, project)
    assert third.stat().st_ino == folder  # the spare was written in
    assert second.is_dir() and digest(second) == published  # the published one never


def two_records(tmp_path, monkeypatch):
    """(project, its sites folder, the list that counts records read from their files) for
    a process that starts with a spare's record (site-a) and a published one (site-b)."""
    import types

    from kb.site import reuse, spare

    project = types.SimpleNamespace(build_dir=tmp_path)
    sites = tmp_path / "sites"
    reuse.record_pages(project, sites / "site-a", "a", {"en/": ["1", "a"]}, name=spare.RECORD)
    reuse.record_pages(project, sites / "site-b", "b", {"en/": ["2", "b"]})
    reuse._LOADED.clear()  # (a new process)
    loads = []
    real = reuse.json.loads
    monkeypatch.setattr(reuse.json, "loads", lambda text: loads.append(1) or real(text))
    return project, sites, loads


def test_the_records_the_next_build_reads_are_those_kept_in_memory(tmp_path, monkeypatch):
    """The preview's worker reads, at each build, the published site's record and the
    spare's, which is the record published before, renamed: after its first build,
    neither is read from its file again."""
    from kb.site import reuse, spare

    project, sites, loads = two_records(tmp_path, monkeypatch)
    for built in ("site-c", "site-d", "site-e"):
        published = reuse.load_record(tmp_path / reuse.RECORD)  # (as site_is_current does)
        kept = reuse.load_record(tmp_path / spare.RECORD)  # (as the staging does)
        (tmp_path / spare.RECORD).unlink()
        spare.keep_as_spare(project, sites / published["site"])
        reuse.record_pages(project, sites / built, built, {"en/": ["3", built]})
    assert loads == [1, 1] and kept["site"] == "site-c" and len(reuse._LOADED) == 2
    # A record written by another process (another file, renamed into place) is read.
    (tmp_path / "other.json").write_text('{"site": "site-f", "inputs": "f", "pages": {}}')
    (tmp_path / "other.json").replace(tmp_path / reuse.RECORD)
    assert reuse.load_record(tmp_path / reuse.RECORD)["site"] == "site-f" and loads == [1, 1, 1]


def test_the_preview_worker_reads_both_records_before_the_first_save(tmp_path, monkeypatch):
    """The worker's warm-up (site.build.warm_up, while it waits for the first save) reads
    the published site's record and the spare's: its first rebuild reads neither."""
    from kb.site import reuse, spare
    from kb.site.build import warm_up

    project, _, loads = two_records(tmp_path, monkeypatch)
    warm_up(project)
    assert loads == [1, 1]
    assert reuse.load_record(tmp_path / reuse.RECORD)["site"] == "site-b"
    assert reuse.load_record(tmp_path / spare.RECORD)["site"] == "site-a" and loads == [1, 1]
    (tmp_path / spare.RECORD).unlink()
    warm_up(project)  # (a record missing: nothing to read, nothing said)
