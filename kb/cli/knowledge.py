"""Commands for readers and publishers: build, query, compare, recommend, export,
coverage, publish, serve."""

from __future__ import annotations

import functools

import click

from ..errors import CorpusInvalid
from . import cli, ending
from .options import as_of_option, emit, note_as_of, output_option, root_option, seconds, source_options


def _progress_bar(paths):
    with click.progressbar(paths, label="loading", show_pos=True,
                           item_show_func=lambda p: p.name if p else "") as bar:
        yield from bar


@cli.command()
@click.option("--quiet", is_flag=True, help="Print only the final lines.")
@click.option("--site/--no-site", default=True, show_default=True,
              help="Also write the trilingual website to build/site.")
@click.option("--as-of", "as_of", metavar="DATE",
              help="Date the website reads the law as of (default: the latest review date).")
@root_option
def build(project, quiet, site, as_of):
    """Validate the corpus, load it into the knowledge base under build/, and write the
    website in English, French and Spanish to build/site. The answers the build computed
    are kept, so that `wildlex query` answers at once until the corpus next changes.

    Only files whose content changed since the last build are reloaded. A corpus that
    does not validate, or a build that fails, leaves the previous build in place.

    \b
    Example:
        wildlex build --quiet
    """
    import gc

    from ..buildlock import build_lock

    # Reference cycles are left for the end: a build makes millions of objects that live
    # until it ends (the answers' rows, the pages' inputs), which every full collection
    # walked again (a fifth of a rebuild's time), and frees its garbage by reference
    # counting.
    gc.disable()
    try:
        with build_lock(project):
            _build(project, quiet, site, as_of)
    finally:
        if not ending.holding():  # (else the process ends now: no collection to walk it all)
            gc.enable()


def _build(project, quiet, site, as_of, copy=None, shown=None, lines=None):
    """The build; `copy` makes the in-memory copy of the store when a question first
    needs it (default: a whole copy; the preview's worker passes a store.MemoryCopy,
    brought up to date at the end of each build for the next), `shown` is told where
    the new site's pages can be read before it is published (see build_site), `lines`
    keeps the rows of the answers parsed for the next build (the worker's
    sparql.ParsedLines)."""
    from ..store import in_memory, load, open_store, store_path
    from ..validate import validate_corpus

    def step(text: str) -> None:
        if not quiet:
            click.echo(f"… {text}", err=True)

    if not quiet:  # (listing the corpus to count it took 10 ms at 200 jurisdictions)
        step(f"validating {len(project.corpus_files())} corpus files")
    report = validate_corpus(project)
    for warning in report.warnings:
        if not quiet:
            click.echo(str(warning), err=True)
    if not report.ok:
        raise CorpusInvalid(report.problems)
    if site:
        from ..site import site_is_current

        if site_is_current(project, as_of):
            click.echo("nothing changed: the knowledge base and the website are as the last build left them")
            return
    step("loading the knowledge base")
    store = open_store(project)
    result = load(project, store, iter if quiet else _progress_bar)
    click.echo(f"knowledge base: {project.display(store_path(project))} "
               f"({result.quads} triples; {len(result.loaded)} file(s) loaded, "
               f"{result.unchanged} unchanged, {len(result.removed)} removed)")
    if site:
        from jinja2 import TemplateError

        from ..answers import keep, readers_asks, store_state
        from ..partial import PartialSnapshot, Previous
        from ..site import build_site
        from ..sparql import ParsedLines
        from ..store import parsed_records_path

        # A process of its own: the records of the lines the last build read, from disk.
        saved = ParsedLines.open(parsed_records_path(project)) if lines is None else None
        # The in-memory copy of the store is made when a question first needs it.
        snapshot = PartialSnapshot(project, store, copy or functools.partial(in_memory, project=project),
                                   Previous.open(project), lines or saved)

        def also():
            # The snapshot has answered the site's questions: keep them, with every question
            # at its defaults, for `wildlex query` and the other readers of the store (while
            # the search index is made). A cold build asks theirs with the site's, side by
            # side; a rebuild composes them after the pages, which the preview shows first.
            kept.append(keep(project, snapshot, store_state(project)))
            if saved is not None:
                saved.save(parsed_records_path(project))

        try:
            kept = []
            published = build_site(project, snapshot, as_of, step, shown, also=also,
                                   ahead=readers_asks(project) if snapshot.previous is None else ())
        except TemplateError as error:
            where = getattr(error, "filename", None) or "site/templates"
            line = getattr(error, "lineno", None)
            raise click.ClickException(
                f"{where}{f':{line}' if line else ''}: {error} — the website was not written; "
                "the previous one is still in place") from None
        click.echo(f"website: {project.display(published)}/index.html "
                   f"(preview it with: wildlex serve)")
        if not quiet:
            click.echo(f"answers kept for readers: {kept[0]}")
        if copy is not None:  # (while the store is open: milliseconds, but for the first)
            snapshot.memory()
        ending.hold(store, snapshot, saved)  # freed by the system at the end


@cli.command()
@click.argument("name", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="Bind a parameter of the question (repeatable), e.g. -p jurisdiction=KE.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "md"]),
              default="table", show_default=True)
@click.option("--wide", is_flag=True,
              help="Table: every cell whole on one line, however wide (default: wrap to 100 columns).")
@as_of_option
@output_option
@root_option
@source_options
def query(project, source, name, params, fmt, wide, as_of, output):
    """Ask one of the questions in queries/ (list them by giving no NAME).

    \b
    Examples:
        wildlex query
        wildlex query matrix -p jurisdiction=KE --as-of 2020-01-01
        wildlex query penalties --format csv -o penalties.csv
    """
    from ..output import render
    from ..questions import ask, list_questions, load_question

    if name is None:
        for question_name in list_questions(project):
            click.echo(f"{question_name:16} {load_question(project, question_name).summary}")
        return
    question = load_question(project, name)
    given = {}
    for item in params:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep:
            raise click.UsageError(f"--param expects KEY=VALUE, found {item!r}")
        if key == "asOf":
            raise click.UsageError("give the date with --as-of DATE, not --param asOf=…")
        if key in given:
            raise click.UsageError(f"--param {key} is given twice — give each parameter once")
        given[key] = value.strip()
    if any(p.name == "asOf" for p in question.parameters):
        given["asOf"] = as_of
        note_as_of(project, source, as_of)
    answer = ask(project, source, name, given)
    labels = None
    if fmt == "table":
        from ..labels import reader_labels

        labels = reader_labels(project, source)
    emit(render(answer, fmt, wide=wide, labels=labels), output)


@cli.command()
@click.argument("codes", nargs=-1, required=True, metavar="A B [C…]")
@as_of_option
@output_option
@root_option
@source_options
def compare(project, source, codes, as_of, output):
    """Compare jurisdiction A with one or more others: the matrix, then A's gaps
    with the peers' provisions as model texts.

    \b
    Example:
        wildlex compare GB FR --as-of 2024-01-01
    """
    from ..compare import Comparison
    from ..reports import compare_text

    if len(codes) < 2:
        raise click.UsageError("compare needs at least two jurisdictions, e.g. wildlex compare GB FR")
    note_as_of(project, source, as_of)
    emit(compare_text(Comparison(project, source, as_of), list(codes)), output)


@cli.command()
@click.argument("code", metavar="A")
@as_of_option
@output_option
@root_option
@source_options
def recommend(project, source, code, as_of, output):
    """Recommend, for jurisdiction A, the strongest provisions elsewhere that meet
    each criterion A does not fully meet (IUCN res. 050 para. 1(b)).

    \b
    Example:
        wildlex recommend KE
    """
    from ..compare import Comparison
    from ..reports import recommend_text

    note_as_of(project, source, as_of)
    emit(recommend_text(Comparison(project, source, as_of), code), output)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "ttl", "nq", "jsonld"]),
              default="csv", show_default=True)
@as_of_option
@output_option
@root_option
@source_options
def export(project, source, fmt, as_of, output):
    """Export the flat table (csv, honouring --as-of) or the whole dataset (ttl, nq, jsonld).

    \b
    Examples:
        wildlex export --format csv -o wildlex.csv
        wildlex export --format nq -o wildlex.nq
    """
    from ..export import export_dataset, export_table

    if fmt == "csv":
        note_as_of(project, source, as_of)
        emit(export_table(project, source, as_of), output)
    else:
        emit(export_dataset(source, fmt), output)


@cli.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="SPARQL Update address, e.g. http://127.0.0.1:7878/update (an Oxigraph "
                   "Graph Store address ending in /store stands for its /update).")
@click.option("--timeout", type=float, default=30.0, show_default=True, callback=seconds,
              help="Seconds to wait for each answer of the server.")
@root_option
def publish(project, endpoint, timeout):
    """Replace the knowledge base's named graphs in a remote store, all or nothing: one
    SPARQL Update request, which the server applies whole or not at all.

    \b
    Example:
        wildlex publish --endpoint http://127.0.0.1:7878/update
    """
    import pyoxigraph as ox

    from ..http import redact
    from ..publish import publish as upload
    from ..store import store_path

    if not store_path(project).is_dir():
        raise click.ClickException("there is no knowledge base yet — run `wildlex build` first")
    count = upload(ox.Store.read_only(str(store_path(project))), endpoint, timeout)
    click.echo(f"published {count} graph(s) to {redact(endpoint)}")


@cli.command()
@output_option
@root_option
@source_options
def coverage(project, source, output):
    """Write the coverage page: per jurisdiction, the instruments reviewed and the facts
    that could not be confirmed (Markdown, the text of corpus/README.md).

    \b
    Example:
        wildlex coverage -o corpus/README.md
    """
    from ..coverage import coverage_markdown

    emit(coverage_markdown(project, source), output)


@cli.command()
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--watch", is_flag=True,
              help="Rebuild when a file of corpus/, ontology/, queries/ or site/ is saved, "
                   "and reload the page open in the browser.")
@root_option
def serve(project, port, watch):
    """Preview the built website on http://127.0.0.1:PORT/ (Ctrl-C to stop).

    \b
    Example:
        wildlex build && wildlex serve --port 8000
        wildlex serve --watch
    """
    import threading

    from ..serve import make_server

    site = project.build_dir / "site"
    watcher = None
    if watch:
        from ..site.preview import Watcher

        watcher = Watcher(project)
        watcher.rebuild()
        if not site.exists():
            watcher.close()
            raise click.ClickException("the website could not be built — fix the problems above")
        watcher.builds = 0  # pages open from now on reload at the next build
        threading.Thread(target=watcher.run, args=(threading.Event(),), daemon=True).start()
    elif not site.exists():
        raise click.ClickException("there is no website yet — run `wildlex build` first")
    try:
        server = make_server(site, port, watcher)
    except OSError as error:
        raise click.ClickException(f"cannot serve on port {port}: {error.strerror or error} — "
                                   "choose another with --port") from None
    with server:
        click.echo(f"serving {project.display(site)} at http://127.0.0.1:{port}/")
        try:
            server.serve_forever()
        finally:
            if watcher is not None:
                watcher.close(5)  # a build half done is cleaned up by the next
