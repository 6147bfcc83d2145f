"""A rebuild asks again only what a change can alter (kb/partial.py), and writes what a cold
build of the same corpus writes: every file of the site and every kept answer."""

import shutil
import sqlite3

import pytest

from conftest import REPO, digest, make_built_site_project, make_site_project, release_stores
from kb import partial
from kb.cli import cli


def build(runner, project):
    release_stores()
    result = runner.invoke(cli, ["build", "--quiet", "--root", str(project)])
    release_stores()
    assert result.exit_code == 0, result.output


def kept_answers(project):
    with sqlite3.connect(project / "build/answers.sqlite") as db:
        answers = dict(db.execute("SELECT key, body FROM answer"))
        named = dict(db.execute("SELECT file, codes FROM named"))
    db.close()
    return answers, named


def replace_once(path, old, new):
    text = path.read_text()
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new))


def edit_kenya(project):
    replace_once(project / "corpus/ke/test-act.ttl", "any listed specimen", "any listed live specimen")


def edit_kenya_level(project):
    replace_once(project / "corpus/ke/test-act.ttl", "conduct:sale, conduct:offer_for_sale", "conduct:sale")


def remove_eu_directive(project):
    (project / "corpus/eu/test-directive.ttl").unlink()


def remove_eu_regulation(project):
    """The EU's law is its Member States' too: France no longer meets a criterion."""
    (project / "corpus/eu/test-regulation.ttl").unlink()


def edit_eu_regulation(project):
    replace_once(project / "corpus/eu/test-regulation.ttl", "obtain and verify the identity",
                 "obtain the identity")


def leave_the_union(project):
    replace_once(project / "corpus/fr/coverage.ttl", ' ;\n    wlx:memberOf jur:eu .', " .")


def edit_platform(project):
    path = next((project / "corpus/platforms").glob("*.ttl"))
    path.write_text(path.read_text() + "\n# reviewed again\n")


def edit_template(project):
    template = project / "site/templates/provision.html"
    template.write_text(template.read_text().replace("<h1>", '<h1 class="citation">', 1))


@pytest.mark.parametrize("change, composed", [
    (edit_kenya, True), (edit_kenya_level, True), (remove_eu_directive, True),
    (remove_eu_regulation, True), (edit_eu_regulation, True), (leave_the_union, True), (edit_platform, False),
    (edit_template, False)])
def test_a_rebuild_writes_and_keeps_what_a_cold_build_does(runner, tmp_path, monkeypatch,
                                                           change, composed):
    calls = []
    compose = partial.compose

    def counted(*args):
        answer = compose(*args)
        calls.append(answer is not None)
        return answer

    views = []
    view_of = partial.Views.store
    monkeypatch.setattr(partial.Views, "store",
                        lambda self, iri: views.append(view_of(self, iri)) or views[-1])
    monkeypatch.setattr(partial, "compose", counted)
    ordered = []  # the answers in an order of their own (the changes') put in order again
    in_order = partial.in_order
    monkeypatch.setattr(partial, "in_order",
                        lambda *args: ordered.append(in_order(*args)) or ordered[-1])
    from kb import answers, store

    updated = []  # the previous answers brought up to date in place (not written anew)
    monkeypatch.setattr(answers, "_update", lambda *args, update=answers._update:
                        updated.append(update(*args)) or updated[-1])
    project = make_built_site_project(tmp_path / "incremental")  # built as make_site_project's
    copies = []  # the in-memory copies of the whole store the rebuild made
    monkeypatch.setattr(store, "in_memory", lambda *args, copy=store.in_memory, **kwargs:
                        copies.append(copy(*args, **kwargs)) or copies[-1])
    change(project)
    build(runner, project)
    # A change in one jurisdiction's folder is composed, each affected jurisdiction's rows
    # asked of its view; any other change is asked again whole. Only a question asked
    # again whole needs the copy of the whole store (a template's change asks nothing).
    assert any(calls) == composed
    assert len(copies) == (change is edit_platform)
    assert any(rows is not None for rows in ordered) == composed
    assert bool(views) == composed and None not in views
    assert not (project / "build/answers-previous.sqlite").exists()
    # A change of the store's content updates the answers the load moved aside; a
    # template's leaves the store as it was, and its answers are written anew.
    assert bool(updated and None not in updated) == (change is not edit_template)
    cold = make_site_project(tmp_path / "cold")
    for folder in ("corpus", "site"):
        shutil.rmtree(cold / folder)
        shutil.copytree(project / folder, cold / folder)
    build(runner, cold)
    assert digest((cold / "build/site").resolve()) == digest((project / "build/site").resolve())
    assert kept_answers(cold) == kept_answers(project)


def test_answers_updated_in_place_build_after_build_are_a_cold_builds(runner, tmp_path):
    """The kept answers are brought up to date in place at each rebuild (answers._update):
    after several changes in a row, the answers not asked again (an earlier date's)
    gone, they are still those a cold build of the same corpus keeps."""
    project = make_built_site_project(tmp_path / "incremental")
    with sqlite3.connect(project / "build/answers.sqlite") as db:  # asked at another date
        db.execute("INSERT INTO answer SELECT replace(key, 'asOf', 'since'), whole || '!', body "
                   "FROM answer WHERE key LIKE '%asOf%'")
    db.close()
    for change in (edit_kenya, edit_eu_regulation, edit_kenya_level, edit_platform):
        change(project)
        build(runner, project)
    cold = make_site_project(tmp_path / "cold")
    shutil.rmtree(cold / "corpus")
    shutil.copytree(project / "corpus", cold / "corpus")
    build(runner, cold)
    assert kept_answers(cold) == kept_answers(project)


def test_answers_left_half_updated_are_taken_by_no_build(runner, tmp_path, monkeypatch):
    """A build stopped while it updates the previous answers in place leaves them marked as
    of no state: the next build asks every question again (and writes them anew), and
    keeps what a cold build keeps."""
    from kb import answers
    from kb.project import open_project

    project = make_built_site_project(tmp_path / "incremental")
    edit_kenya(project)

    def stopped(path, *args):
        with sqlite3.connect(path) as db:
            db.execute("UPDATE state SET digest = NULL, manifest = NULL")
            db.execute("DELETE FROM answer WHERE rowid % 2 = 0")
        db.close()
        raise KeyboardInterrupt

    monkeypatch.setattr(answers, "_update", stopped)
    result = runner.invoke(cli, ["build", "--quiet", "--root", str(project)])
    release_stores()
    assert result.exit_code != 0  # (click says "Aborted!")
    monkeypatch.undo()
    assert partial.Previous.open(open_project(project)) is None
    composed = []
    monkeypatch.setattr(partial, "compose", lambda *args: composed.append(args) or None)
    build(runner, project)
    assert not composed  # nothing taken from the answers left half done
    cold = make_site_project(tmp_path / "cold")
    shutil.rmtree(cold / "corpus")
    shutil.copytree(project / "corpus", cold / "corpus")
    build(runner, cold)
    assert kept_answers(cold) == kept_answers(project)


def test_a_change_in_a_folder_affects_its_jurisdiction_and_the_members_of_the_union(
        runner, tmp_path):
    from kb.partial import Previous, affected
    from kb.project import open_project
    from kb.sparql import SnapshotSource
    from kb.store import in_memory, load, open_store

    project = make_built_site_project(tmp_path / "project")
    opened = open_project(project)

    def after(change):
        change(project)
        store = open_store(opened)
        load(opened, store)
        memory = in_memory(store)
        del store
        release_stores()
        previous = Previous.open(opened)
        found = affected(opened, previous, memory, SnapshotSource(memory))
        previous.close()
        return found and {iri.rsplit("/", 1)[1] for iri in found}

    assert after(edit_kenya) == {"ke"}
    # The previous answers are those of the build before both changes.
    assert after(edit_eu_regulation) == {"ke", "eu", "fr"}
    assert after(edit_platform) is None


def test_the_datasets_are_written_again_only_when_the_store_changed(runner, tmp_path, monkeypatch):
    from kb.site import build as site_build

    monkeypatch.setattr(site_build, "remove_in_background", lambda folders: None)
    project = make_site_project(tmp_path / "project")

    def datasets():
        build(runner, project)
        site = (project / "build/site").resolve()
        return {fmt: (site / f"data/wildlex.{fmt}").stat().st_ino for fmt in ("nq", "ttl", "jsonld")}

    first = datasets()
    edit_template(project)
    assert datasets() == first  # linked from the previous site
    edit_kenya(project)
    assert not set(datasets().values()) & set(first.values())


def test_a_change_in_what_the_build_derives_asks_every_question_again(runner, tmp_path, monkeypatch):
    """Every file is loaded again with the same manifest: no previous answer holds."""
    from kb import store

    project = make_built_site_project(tmp_path / "project")
    before = kept_answers(project)
    monkeypatch.setattr(store, "derivation_digest", lambda: "new derivation code")
    edit_template(project)  # the code is hashed in what the site is made from; not here
    asked = []
    monkeypatch.setattr(partial.Previous, "open", classmethod(
        lambda cls, project, opened=partial.Previous.open: asked.append(opened(project)) or asked[-1]))
    build(runner, project)
    assert asked == [None]
    assert kept_answers(project) == before  # the derivation did not change, in truth


def test_every_answer_of_the_real_corpus_composes_from_its_jurisdictions_answers():
    """The grouped answers, and those in an order of their own (the changes, by date),
    rebuilt from each jurisdiction's answer, asked with the filter bound, are the whole
    answers byte for byte (rows with equal sort keys would come in the engine's order,
    which may differ: the questions sort by every column that varies)."""
    import pyoxigraph as ox

    from kb.answers import filters
    from kb.namespaces import ID
    from kb.project import open_project
    from kb.questions import bindings, known_jurisdictions, list_questions, load_question
    from kb.sparql import SnapshotSource
    from kb.store import memory_store

    project = open_project(REPO)
    source = SnapshotSource(memory_store(project))
    codes = known_jurisdictions(project, source)
    composed = []
    for name in list_questions(project):
        question = load_question(project, name)
        if "jurisdiction" not in filters(question):
            continue
        bound = bindings(question, {}, codes)
        whole = source.evaluate(question, bound)
        again = partial.compose(whole, lambda iri, question=question, bound=bound: source.evaluate(
            question, {**bound, "jurisdiction": ox.NamedNode(iri)}), {f"{ID}{c}" for c in codes},
            partial.ordered_by(question.text))
        assert again in (None, whole), name
        if again is not None:
            composed.append(name)
    # (The changes are in order of date, not grouped: put in order again.)
    assert {"matrix", "export", "penalties", "provisions", "changes"} <= set(composed)


def views_of(target):
    """The built project at `target`, the in-memory copy a build of it reads, its
    jurisdictions' codes and its views of each jurisdiction."""
    from kb.partial import Views, named_jurisdictions, unions_of
    from kb.project import open_project
    from kb.questions import known_jurisdictions
    from kb.sparql import SnapshotSource
    from kb.store import in_memory, loaded_state, open_store

    project = open_project(target)
    release_stores()
    on_disk = open_store(project)
    memory = in_memory(on_disk, project)  # from the quads the load kept, as a build reads it
    del on_disk
    release_stores()
    codes = known_jurisdictions(project, SnapshotSource(memory))
    named = named_jurisdictions(memory, sorted(loaded_state(project)[0]))
    return project, memory, codes, Views(project, named, codes, unions_of(memory))


def test_a_jurisdictions_view_holds_what_bears_on_it_and_no_other_jurisdictions_law(real_built):
    from kb.namespaces import ID

    _, _, codes, views = views_of(real_built[0])
    assert {"ke", "fr", "eu"} <= codes
    kenya = set(views.files(f"{ID}ke"))
    assert {name for name in kenya if name.startswith("corpus/ke/")} == {
        name for name in views.manifest if name.startswith("corpus/ke/")} != set()
    assert any(name.startswith("ontology/") for name in kenya)
    assert any(name.startswith("corpus/platforms/") for name in kenya)
    folders = {name.split("/")[1] for name in kenya if name.startswith("corpus/")}
    assert not folders & (codes - {"ke"})
    # A Member State reads the Union's law, and of another member's files only those that
    # name the Union (its statement of membership); the Union reads those, not their law.
    france = set(views.files(f"{ID}fr"))
    assert "corpus/eu/reg-338-97.ttl" in france
    others = {name for name in france if name.startswith("corpus/")
              and name.split("/")[1] not in {"fr", "eu", "platforms"}}
    assert others and all("eu" in views.named[name] for name in others)
    assert {name for name in views.manifest if name.startswith("corpus/de/")} - france
    union = set(views.files(f"{ID}eu"))
    assert "corpus/fr/coverage.ttl" in union and "corpus/fr/code-penal.ttl" not in union


def test_each_jurisdictions_rows_asked_of_its_view_are_the_whole_stores(real_built):
    """What a rebuild composes from (partial.PartialSnapshot.ask_one): each jurisdiction's
    rows of every grouped question, asked of its view at the build's values, are the
    rows the whole in-memory copy gives, byte for byte (the lists the engine groups
    included, in the same order)."""
    import pyoxigraph as ox

    from kb.answers import filters
    from kb.namespaces import ID
    from kb.questions import bindings, list_questions, load_question
    from kb.site.build import default_as_of
    from kb.sparql import LocalSource, SnapshotSource

    project, memory, codes, views = views_of(real_built[0])
    whole = SnapshotSource(memory)
    site_date = default_as_of(project, whole)
    asked = []
    for name in list_questions(project):
        question = load_question(project, name)
        if "jurisdiction" in filters(question):
            # At the readers' defaults (today) and at the date the site reads the law as of.
            asked.append((question, bindings(question, {}, codes)))
            if any(parameter.name == "asOf" for parameter in question.parameters):
                asked.append((question, bindings(question, {"asOf": site_date}, codes)))
    assert {"matrix", "export", "penalties", "provisions"} <= {q.path.stem for q, _ in asked}
    for code in sorted(codes):
        iri = f"{ID}{code}"
        view = views.store(iri)
        assert view is not None and len(view) < len(memory)
        for question, bound in asked:
            one = {**bound, "jurisdiction": ox.NamedNode(iri)}
            assert LocalSource(view).solutions(question, one).serialize(format=whole.FORMAT) \
                == whole.evaluate(question, one), (code, question.path.name)


def test_a_view_whose_quads_were_not_kept_is_none_and_the_others_are_made(tmp_path):
    """Where the load did not keep the quads of a file a view needs, there is no view
    (PartialSnapshot.ask_one then asks the whole store); the views that do not need the
    file are made."""
    from kb import quads
    from kb.namespaces import ID
    from kb.store import loaded_state

    project, _, _, views = views_of(make_built_site_project(tmp_path / "project"))
    manifest, derivation = loaded_state(project)
    kenyan = "corpus/ke/test-act.ttl"
    quads._file(project, kenyan, manifest[kenyan], derivation).unlink()
    assert views.store(f"{ID}ke") is None
    france = views.store(f"{ID}fr")
    assert france is not None and len(france) > 0


def test_the_questions_answered_ahead_are_those_the_site_reads(tmp_path):
    """SLOW_QUESTIONS, and each language's LANGUAGE_QUESTIONS, are answered side by side
    before the site asks them: each must be asked with the very values the site then
    reads it with (the shared answers, then each language's portal), or the work is lost."""
    from kb.project import open_project
    from kb.site.build import default_as_of
    from kb.site.pages import LANGUAGE_QUESTIONS, SLOW_QUESTIONS, ask_shared, build_portal
    from kb.site.render import LANGUAGES
    from kb.sparql import SnapshotSource
    from kb.store import memory_store

    project = open_project(make_site_project(tmp_path / "project"))
    source = SnapshotSource(memory_store(project))
    ahead = []
    answering = source.answering
    source.answering = lambda asks, threads: ahead.extend(asks) or answering(asks, threads)
    shared = ask_shared(project, source, default_as_of(project, source))
    for language in LANGUAGES:
        build_portal(project, source, language, shared)
    assert len(ahead) == len(SLOW_QUESTIONS) + len(LANGUAGES) * len(LANGUAGE_QUESTIONS)
    for question, bound in ahead:
        assert source.prepare(question, bound)[3] is not None, question.path.name  # rows read


def test_rows_parsed_by_an_earlier_build_are_those_parsed_afresh(store, built_dir):
    """The preview's worker keeps the rows of the answers it parsed (sparql.ParsedLines):
    an answer read from them is the one parsed from its text, a changed line is parsed
    again, and only the lines of the last build are kept."""
    import pyoxigraph as ox

    from kb.output import records
    from kb.project import open_project
    from kb.questions import bound_question
    from kb.sparql import ParsedLines, SnapshotSource

    project = open_project(built_dir)
    lines = ParsedLines()
    asked = [bound_question(project, SnapshotSource(store), name, values) for name, values in (
        ("provisions", {"asOf": "2026-01-01"}), ("penalties", {"asOf": "2026-01-01"}),
        ("coverage", {}), ("matrix", {"asOf": "2026-01-01"}))]
    for _ in range(2):  # the second build reads every row from the lines kept
        kept, fresh = SnapshotSource(store, lines), SnapshotSource(store)
        for question, bound in asked:
            assert kept.select(question, bound) == fresh.select(question, bound)
            assert kept.records(question, bound) == fresh.records(question, bound) \
                == records(fresh.select(question, bound))
        lines.next_build()
    body = kept.prepare(*asked[0])[2]
    header, first, *rest = body.split(b"\n")
    changed = first.replace(b'"', b'"(changed) ', 1)
    answer = lines.answer(b"\n".join([header, changed, *rest]))
    parsed = ox.parse_query_results(b"\n".join([header, changed, *rest]),
                                    format=ox.QueryResultsFormat.TSV)
    assert answer.rows == [dict(zip(answer.columns, row, strict=True)) for row in parsed]
    assert answer.rows[0] != lines.answer(body).rows[0]
    lines.next_build()
    lines.answer(b"\n".join([header, changed, b""]))
    lines.next_build()  # the build before used the other lines: they are forgotten
    assert len(lines._last[0]) == 1


def test_records_saved_by_one_build_are_read_by_the_next_process(store, built_dir, tmp_path,
                                                                   monkeypatch):
    """`wildlex build` runs in a new process each time: it reads the records of the lines
    the last one saved (sparql.ParsedLines.open/save), parses only the lines it lacks,
    and ignores records saved by other code."""
    from kb import sparql
    from kb.output import records
    from kb.project import open_project
    from kb.questions import bound_question
    from kb.sparql import ParsedLines, SnapshotSource

    project = open_project(built_dir)
    asked = [bound_question(project, SnapshotSource(store), name, values) for name, values in (
        ("provisions", {"asOf": "2026-01-01"}), ("export", {"asOf": "2026-01-01"}))]
    saved = tmp_path / "records.marshal"
    first = ParsedLines.open(saved)  # nothing saved yet
    bodies = [SnapshotSource(store, first).prepare(*ask)[2] for ask in asked]
    made = [SnapshotSource(store, first).records(*ask) for ask in asked]
    first.save(saved)
    header, line, *rest = bodies[0].split(b"\n")
    changed = b"\n".join([header, line.replace(b'"', b'"(changed) ', 1), *rest])
    parsed = []
    answer_from = sparql.answer_from
    monkeypatch.setattr(sparql, "answer_from",
                        lambda solutions: parsed.append(1) or answer_from(solutions))
    second = ParsedLines.open(saved)
    assert [second.records(body) for body in bodies] == made != [[], []]
    assert parsed == []  # every record read from the file
    first_record = second.records(changed)[0]
    assert any(value.startswith("(changed) ") for value in first_record.values())
    assert second.records(changed)[1:] == made[0][1:] and parsed == [1]  # the changed line
    # Having made one record, it saves that one alone, beside the first file, which the
    # next process reads with it.
    first_file = saved.read_bytes()
    second.save(saved)
    assert saved.read_bytes() == first_file and saved.with_name(saved.name + ".more").is_file()
    third = ParsedLines.open(saved)
    assert third.records(changed)[0] == first_record and parsed == [1]
    assert [third.records(body) for body in bodies] == made and parsed == [1]
    # Records made beyond a fifth of the first file's: all that the build read, saved again.
    monkeypatch.setattr(ParsedLines, "MORE_AT_MOST", 0.0)
    third.save(saved)  # (it made none, but the second file holds one already)
    assert saved.read_bytes() != first_file and not saved.with_name(saved.name + ".more").exists()
    # The preview's worker reads them for its first build, then keeps its own.
    worker = ParsedLines.open(saved, more_builds=True)
    assert [worker.records(body) for body in bodies] == made and parsed == [1]
    worker.next_build()
    assert worker._saved == {} and [worker.records(body) for body in bodies] == made
    assert parsed == [1]
    fresh = SnapshotSource(store)
    assert made == [records(fresh.select(*ask)) for ask in asked]
    monkeypatch.setattr(sparql, "_records_made_by", lambda: "other code")
    assert ParsedLines.open(saved)._saved == {}


def test_records_are_saved_a_part_at_a_time_and_a_file_cut_short_is_not_read(
        store, built_dir, tmp_path, monkeypatch):
    """The records are marshalled a few lines at a time (marshalling them whole held the
    file's bytes and marshal's table of every object at once: the build's peak memory);
    read back, they are the records saved, and a file cut short is read as none."""
    from kb import sparql
    from kb.files import read_marshalled
    from kb.project import open_project
    from kb.questions import bound_question
    from kb.sparql import ParsedLines, SnapshotSource

    project = open_project(built_dir)
    asked = bound_question(project, SnapshotSource(store), "provisions", {"asOf": "2026-01-01"})
    saved = tmp_path / "records.marshal"
    first = ParsedLines.open(saved)
    made = SnapshotSource(store, first).records(*asked)
    body = SnapshotSource(store, first).prepare(*asked)[2]
    monkeypatch.setattr(sparql, "RECORDS_PART", 2)
    first.save(saved)
    head, *parts = read_marshalled(saved)
    assert len(made) > 4 and [len(lines) for _, lines in parts][:2] == [2, 2]
    assert sum(len(lines) for _, lines in parts) == len(made)
    assert ParsedLines.open(saved).records(body) == made
    saved.write_bytes(saved.read_bytes()[:-1])
    assert ParsedLines.open(saved)._saved == {}


DATE = '"{}"^^<http://www.w3.org/2001/XMLSchema#date>'


def test_a_questions_order_is_read_from_its_order_by_alone():
    assert partial.ordered_by("SELECT * { ?s ?p ?o }\nORDER BY DESC(?date) ?jurisdiction # why\n"
                              "  asc( ?subject )") == [
        ("date", True), ("jurisdiction", False), ("subject", False)]
    assert partial.ordered_by("SELECT * { ?s ?p ?o } ORDER BY ?a LIMIT 10") is None
    assert partial.ordered_by("SELECT * { ?s ?p ?o } ORDER BY STR(?a)") is None
    assert partial.ordered_by("SELECT * { ?s ?p ?o }") is None


def test_rows_are_put_in_order_as_sparql_orders_them_or_not_at_all():
    columns = [b"?date", b"?jurisdiction", b"?change"]
    rows = [b"\t".join(cells) for cells in (
        (DATE.format("2020-05-01").encode(), b"<https://x/ke>", b'"adopted"'),
        (b"", b"<https://x/fr>", b'"adopted"'),
        (DATE.format("2024-01-31").encode(), b"<https://x/ke#b>", b'"in_force"'),
        (DATE.format("2024-01-31").encode(), b"<https://x/ke>", b'"in_force"'))]
    order = [("date", True), ("jurisdiction", False), ("change", False)]
    # Latest first, unbound last; an IRI by its characters ("ke" before "ke#b", though
    # "<...ke>" comes after "<...ke#b" as bytes).
    assert partial.in_order(rows, columns, order) == [rows[3], rows[2], rows[0], rows[1]]
    assert partial.in_order(rows + [rows[0]], columns, order) is None  # two rows alike
    tagged = rows[:1] + [rows[1].replace(b'"adopted"', b'"adopted"@en')]
    assert partial.in_order(tagged, columns, order) is None  # a literal not ordered here
    mixed = rows[:1] + [rows[1].replace(b'"adopted"', DATE.format("2020-01-01").encode())]
    assert partial.in_order(mixed, columns, order) is None  # two kinds of literal


def test_an_answer_in_order_of_date_is_composed_in_that_order_though_it_looked_grouped():
    header = b"?date\t?jurisdiction"
    fr = DATE.format("2024-01-01").encode() + b"\t<https://x/fr>"
    ke = DATE.format("2020-01-01").encode() + b"\t<https://x/ke>"
    new = DATE.format("2025-01-01").encode() + b"\t<https://x/ke>"
    previous = b"\n".join([header, fr, ke, b""])  # fr before ke: as if grouped
    answer = partial.compose(previous, lambda iri: b"\n".join([header, new, ke, b""]),
                             {"https://x/ke"}, [("date", True), ("jurisdiction", False)])
    assert answer == b"\n".join([header, new, fr, ke, b""])


def test_an_answer_in_order_of_jurisdiction_has_its_affected_groups_replaced_where_they_are():
    header = b"?jurisdiction\t?x"

    def body(groups):
        return b"\n".join([header, *(f'<{j}>\t"{x}"'.encode() for j, xs in groups for x in xs), b""])

    previous = body([("id/a", "12"), ("id/b", "3"), ("id/c", "45")])
    now = {"id/b": "67", "id/c": "", "id/e": ""}  # b's rows change, c's go, e has none
    asked = []

    def ask_one(iri):
        asked.append(iri)
        return body([(iri, now[iri])])

    order = [("jurisdiction", False), ("x", False)]
    spliced = partial.compose(previous, ask_one, set(now), order)
    assert spliced == body([("id/a", "12"), ("id/b", "67")])
    assert sorted(asked) == sorted(now)  # each once
    assert partial.compose(previous, ask_one, set(now), None) == spliced  # as the rows grouped
    # A jurisdiction that had no rows has some: put in its place in jurisdiction order.
    now["id/ab"] = "8"
    asked.clear()
    assert partial.compose(previous, ask_one, set(now), order) == \
        body([("id/a", "12"), ("id/ab", "8"), ("id/b", "67")])
    assert sorted(asked) == sorted(now)  # each once, though the splice gave up
    # A row with no jurisdiction (first in that order) or no IRI there (last): not composed.
    for other in (b'\t"0"', b'"x"\t"9"'):
        lines = previous.split(b"\n")
        at = 1 if other.startswith(b"\t") else len(lines) - 1
        odd = b"\n".join([*lines[:at], other, *lines[at:]])
        assert partial.compose(odd, ask_one, {"id/b"}, order) is None
    assert partial.compose(header + b"\n", ask_one, {"id/b"}, order) == body([("id/b", "67")])
