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


@cli.command()
@click.option("--quiet", is_flag=True, help="Print only the final line.")
@root_option
def build(project, quiet):
    """Validate the corpus and load it into the knowledge base under build/.

    Only files whose content changed since the last build are reloaded; a corpus
    that does not validate leaves the previous build untouched.

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
    progress = (lambda name: None) if quiet else (lambda name: click.echo(f"  loading {name}"))
    result = load(project, store, progress)
    click.echo(f"knowledge base: {project.display(store_path(project))} "
               f"({len(store)} triples; {len(result.loaded)} file(s) loaded, "
               f"{result.unchanged} unchanged, {len(result.removed)} removed)")
