"""The `wildlex` command: thin wrappers that parse options, call kb, print one result.

Exit codes: 0 success; 1 the data or a question is wrong (the message says
where); 2 the command line is wrong.
"""

from __future__ import annotations

import functools
from pathlib import Path

import click

from . import __version__
from .errors import CorpusInvalid, WildlexError
from .project import open_project


def root_option(command):
    """--root DIR: the project folder (default: the current folder)."""

    @click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
                  show_default=True, help="Project folder holding ontology/ and corpus/.")
    @functools.wraps(command)
    def wrapper(*args, root, **kwargs):
        try:
            return command(*args, project=open_project(root), **kwargs)
        except CorpusInvalid as error:
            for problem in error.problems:
                click.echo(str(problem), err=True)
            raise click.ClickException(str(error)) from None
        except WildlexError as error:
            raise click.ClickException(str(error)) from None

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wildlex")
def cli():
    """Wildlex: compare national laws against online wildlife trafficking.

    \b
    Exit codes: 0 success, 1 invalid data or failed question, 2 usage error.
    """


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@root_option
def validate(project, paths):
    """Check corpus files: Turtle syntax, layout, terms, links and SHACL shapes.

    Prints one line per problem as FILE:LINE:COL: what is wrong — how to fix it.
    Checks the whole corpus when no PATH is given.

    \b
    Example:
        wildlex validate corpus/ke
    Exit codes: 0 clean, 1 problems found, 2 usage error.
    """
    from .validate import validate_corpus

    for path in paths:
        if not path.resolve().is_relative_to(project.corpus_dir.resolve()):
            raise click.UsageError(f"{path} is not under {project.display(project.corpus_dir)}/")
    report = validate_corpus(project, list(paths) or None)
    if not report.ok:
        raise CorpusInvalid(report.problems)
    click.echo(f"{len(report.files)} file(s) valid")


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
    website in English, French and Spanish to build/site.

    Only files whose content changed since the last build are reloaded. A corpus that
    does not validate, or a build that fails, leaves the previous build in place.

    \b
    Example:
        wildlex build --quiet
    """
    from .store import load, open_store, store_path
    from .validate import validate_corpus

    report = validate_corpus(project)
    if not report.ok:
        raise CorpusInvalid(report.problems)
    store = open_store(project)
    result = load(project, store, iter if quiet else _progress_bar)
    click.echo(f"knowledge base: {project.display(store_path(project))} "
               f"({len(store)} triples; {len(result.loaded)} file(s) loaded, "
               f"{result.unchanged} unchanged, {len(result.removed)} removed)")
    if site:
        from jinja2 import TemplateError

        from .site import build_site
        from .sparql import LocalSource

        try:
            published = build_site(project, LocalSource(store), as_of)
        except TemplateError as error:
            where = getattr(error, "filename", None) or "site/templates"
            line = getattr(error, "lineno", None)
            raise click.ClickException(
                f"{where}{f':{line}' if line else ''}: {error} — the website was not written; "
                "the previous one is still in place") from None
        click.echo(f"website: {project.display(published)}/index.html "
                   f"(preview it with: wildlex serve)")


def source_options(command):
    """--endpoint URL and --timeout: ask a remote SPARQL endpoint instead of build/store."""

    @click.option("--endpoint", metavar="URL",
                  help="A SPARQL 1.1 query endpoint whose default graph unites the named graphs.")
    @click.option("--timeout", type=float, default=30.0, show_default=True,
                  help="Seconds to wait for the endpoint.")
    @functools.wraps(command)
    def wrapper(*args, endpoint, timeout, project, **kwargs):
        from .sparql import LocalSource, RemoteSource
        from .store import store_path

        if endpoint:
            source = RemoteSource(endpoint, timeout)
        else:
            import pyoxigraph as ox

            path = store_path(project)
            if not path.is_dir():
                raise click.ClickException(
                    "there is no knowledge base yet — run `wildlex build` first")
            source = LocalSource(ox.Store(str(path)))
        return command(*args, project=project, source=source, **kwargs)

    return wrapper


def as_of_option(command):
    return click.option("--as-of", "as_of", default="today", show_default=True, metavar="DATE",
                        help="Read the law as in force on this date (YYYY-MM-DD).")(command)


def output_option(command):
    return click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
                        help="Write to this file instead of standard output.")(command)


def emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    from .files import write_atomically

    write_atomically(output, text.encode("utf-8"))
    click.echo(f"wrote {output}", err=True)


@cli.command()
@click.argument("name", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="Bind a parameter of the question (repeatable), e.g. -p jurisdiction=KE.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "md"]),
              default="table", show_default=True)
@as_of_option
@output_option
@root_option
@source_options
def query(project, source, name, params, fmt, as_of, output):
    """Ask one of the questions in queries/ (list them by giving no NAME).

    \b
    Examples:
        wildlex query
        wildlex query matrix -p jurisdiction=KE --as-of 2020-01-01
        wildlex query penalties --format csv -o penalties.csv
    """
    from .output import render
    from .questions import ask, list_questions, load_question

    if name is None:
        for question_name in list_questions(project):
            click.echo(f"{question_name:16} {load_question(project, question_name).summary}")
        return
    question = load_question(project, name)
    given = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep:
            raise click.UsageError(f"--param expects KEY=VALUE, found {item!r}")
        given[key.strip()] = value.strip()
    if any(p.name == "asOf" for p in question.parameters):
        given.setdefault("asOf", as_of)
    emit(render(ask(project, source, name, given), fmt), output)


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
    from .compare import Comparison
    from .reports import compare_text

    if len(codes) < 2:
        raise click.UsageError("compare needs at least two jurisdictions, e.g. wildlex compare GB FR")
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
    from .compare import Comparison
    from .reports import recommend_text

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
    from .export import export_dataset, export_table

    if fmt == "csv":
        emit(export_table(project, source, as_of), output)
    else:
        emit(export_dataset(source, fmt), output)


@cli.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="Graph Store Protocol address, e.g. http://127.0.0.1:7878/store")
@click.option("--timeout", type=float, default=30.0, show_default=True)
@root_option
def publish(project, endpoint, timeout):
    """Upload every named graph of the knowledge base to a remote store (Graph Store Protocol).

    \b
    Example:
        wildlex publish --endpoint http://127.0.0.1:7878/store
    """
    import pyoxigraph as ox

    from .publish import publish as upload
    from .store import store_path

    if not store_path(project).is_dir():
        raise click.ClickException("there is no knowledge base yet — run `wildlex build` first")
    count = upload(ox.Store(str(store_path(project))), endpoint, timeout)
    click.echo(f"published {count} graph(s) to {endpoint}")


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
    from .coverage import coverage_markdown

    emit(coverage_markdown(project, source), output)


@cli.command()
@click.argument("jurisdiction")
@click.argument("title")
@click.option("--type", "kind", type=click.Choice(["act", "code", "regulation", "decree", "directive"]),
              default="act", show_default=True, help="The legal form of the instrument.")
@click.option("--language", metavar="CODE", help="Language of the official text (default: the "
              "territory's first official language, from babel).")
@click.option("--slug", help="File name to use instead of one made from the title.")
@root_option
def new(project, jurisdiction, title, kind, language, slug):
    """Start a corpus file for an instrument: a commented skeleton whose TODOs fail
    validation until filled, with one worked offence and penalty to copy.

    \b
    Example:
        wildlex new KE "Wildlife Conservation and Management Act, 2013"
    """
    from .scaffold import make_instrument

    made = make_instrument(project, jurisdiction, title, kind, language, slug)
    click.echo(f"wrote {project.display(made.instrument)}")
    if made.coverage:
        click.echo(f"wrote {project.display(made.coverage)} (say there what you reviewed)")
    click.echo(f"next: fill in every TODO, then run  wildlex validate {project.display(made.instrument)}")


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if a file is not canonical.")
@root_option
def fmt(project, paths, check):
    """Rewrite corpus Turtle in one canonical form (prefixes, subject and predicate
    order, indentation), keeping every comment with the statement below it.

    \b
    Examples:
        wildlex fmt corpus/ke
        wildlex fmt --check
    Exit codes: 0 canonical (or rewritten), 1 --check found files to rewrite.
    """
    from .fmt import format_file, predicate_order
    from .namespaces import PREFIXES

    orders = predicate_order((project.ontology_dir / "shapes.ttl").read_text(encoding="utf-8"),
                             PREFIXES)
    files = []
    for path in paths or [project.corpus_dir]:
        files += sorted(path.rglob("*.ttl")) if path.is_dir() else [path]
    changed = [f for f in files if format_file(project, f, orders, check).changed]
    for f in changed:
        click.echo(f"{'would rewrite' if check else 'rewrote'} {project.display(f)}")
    if check and changed:
        raise click.ClickException(f"{len(changed)} of {len(files)} file(s) not canonical — "
                                   "run `wildlex fmt`")
    click.echo(f"{len(files)} file(s) canonical" if not changed or not check else "")


@cli.command()
@click.option("--base", default="HEAD", show_default=True, metavar="GIT-REV",
              help="The revision to compare the working tree with.")
@click.option("--format", "fmt", type=click.Choice(["text", "md"]), default="text",
              show_default=True, help="md: Markdown for a pull request.")
@as_of_option
@output_option
@root_option
def impact(project, base, fmt, as_of, output):
    """Show what the corpus in the working tree changes in the findings against a git
    revision: assessments that flip, gaps opened or closed, penalties changed.

    \b
    Example:
        wildlex impact --base main --format md
    """
    from .impact import impact_text, measure

    emit(impact_text(measure(project, base, as_of), markdown=fmt == "md"), output)


@cli.command("import-akn")
@click.argument("xml_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--slug", help="File name (default: made from the act's name).")
@root_option
def import_akn(project, xml_file, slug):
    """Turn an Akoma Ntoso 3.0 act into a corpus file with its provisions, for you to
    annotate with offences and penalties. Nothing is fetched from the network.

    \b
    Example:
        wildlex import-akn ke-act-2013-47.xml
    """
    from .akn import country_known, read_act, to_turtle
    from .files import write_atomically
    from .scaffold import check_code, slugify

    act = read_act(xml_file)
    if not country_known(act.country):
        check_code(act.country)  # raises with the list of valid codes
    slug = slug or slugify(act.title)
    target = project.corpus_dir / act.country / f"{slug}.ttl"
    if target.exists():
        raise click.ClickException(f"{project.display(target)} already exists — pass --slug NAME")
    write_atomically(target, to_turtle(act, slug).encode("utf-8"))
    click.echo(f"wrote {project.display(target)} ({len(act.provisions)} provisions); "
               "fill its TODOs, then run wildlex validate")


@cli.command()
@click.option("--update", "update", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Rewrite the generated section of this Markdown file (e.g. CONTRIBUTING.md).")
@root_option
def codelists(project, update):
    """Print every code-list term with its labels in English, French and Spanish.

    \b
    Example:
        wildlex codelists --update CONTRIBUTING.md
    """
    from .codelists import codelists_markdown, refresh
    from .files import write_atomically
    from .ontology import load_ontology

    ontology = load_ontology(project)
    if update is None:
        click.echo(codelists_markdown(ontology))
        return
    write_atomically(update, refresh(update.read_text(encoding="utf-8"), ontology).encode("utf-8"))
    click.echo(f"updated {update}")


@cli.command()
@click.option("--port", type=int, default=8000, show_default=True)
@root_option
def serve(project, port):
    """Preview the built website on http://127.0.0.1:PORT/ (Ctrl-C to stop).

    \b
    Example:
        wildlex build && wildlex serve --port 8000
    """
    import functools as ft
    import http.server

    site = project.build_dir / "site"
    if not site.exists():
        raise click.ClickException("there is no website yet — run `wildlex build` first")
    handler = ft.partial(http.server.SimpleHTTPRequestHandler, directory=str(site.resolve()))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        click.echo(f"serving {project.display(site)} at http://127.0.0.1:{port}/")
        server.serve_forever()
