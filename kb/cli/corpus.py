"""Commands for contributors: validate, new, import-akn, fmt, impact, codelists."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import CorpusInvalid
from . import cli
from .options import as_of_option, emit, output_option, root_option


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
    from ..validate import validate_corpus

    for path in paths:
        if not path.resolve().is_relative_to(project.corpus_dir.resolve()):
            raise click.UsageError(f"{path} is not under {project.display(project.corpus_dir)}/")
    report = validate_corpus(project, list(paths) or None)
    for warning in report.warnings:
        click.echo(str(warning), err=True)
    if not report.ok:
        raise CorpusInvalid(report.problems)
    click.echo(f"{len(report.files)} file(s) valid"
               + (f", {len(report.warnings)} warning(s)" if report.warnings else ""))


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
    from ..scaffold import make_instrument

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
    from ..fmt import format_file, predicate_order
    from ..namespaces import PREFIXES

    orders = predicate_order(project.shapes_file().read_text(encoding="utf-8"),
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
    from ..impact import impact_text, measure

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
    from ..akn import country_known, read_act, to_turtle
    from ..files import write_atomically
    from ..scaffold import check_code, slugify
    from ..slugs import corpus_file

    act = read_act(xml_file)
    if not country_known(act.country):
        check_code(act.country)  # raises with the list of valid codes
    if slug is None:
        slug = slugify(act.title)
        if not slug:
            raise click.ClickException("cannot make a file name from the act's title — "
                                       "pass --slug NAME")
    target = corpus_file(project.corpus_dir, act.country, slug)
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
    from ..codelists import codelists_markdown, refresh
    from ..files import write_atomically
    from ..ontology import load_ontology

    ontology = load_ontology(project)
    if update is None:
        click.echo(codelists_markdown(ontology))
        return
    write_atomically(update, refresh(update.read_text(encoding="utf-8"), ontology).encode("utf-8"))
    click.echo(f"updated {update}")


