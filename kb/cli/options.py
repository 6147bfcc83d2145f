"""Options and helpers shared by the commands: --root, --endpoint, --as-of, --output."""

from __future__ import annotations

import functools
from pathlib import Path

import click

from ..errors import CorpusInvalid, WildlexError
from ..project import open_project


def root_option(command):
    """--root DIR: the project folder (default: found from the current folder up, as git does)."""

    @click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Project folder holding corpus/ (default: the nearest folder from here "
                  "up that holds wildlex.toml, or corpus/ and ontology/).")
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


def source_options(command):
    """--endpoint URL and --timeout: ask a remote SPARQL endpoint instead of build/store."""

    @click.option("--endpoint", metavar="URL",
                  help="A SPARQL 1.1 query endpoint whose default graph unites the named graphs.")
    @click.option("--timeout", type=float, default=30.0, show_default=True,
                  help="Seconds to wait for the endpoint.")
    @functools.wraps(command)
    def wrapper(*args, endpoint, timeout, project, **kwargs):
        from ..sparql import RemoteSource
        from ..store import store_path

        if endpoint:
            source = RemoteSource(endpoint, timeout)
        else:
            from ..answers import local_source

            if not store_path(project).is_dir():
                raise click.ClickException(
                    "there is no knowledge base yet — run `wildlex build` first")
            warn_if_stale(project)
            source = local_source(project)
        return command(*args, project=project, source=source, **kwargs)

    return wrapper


def warn_if_stale(project) -> None:
    """Say on standard error when the store is older than the files it was built from."""
    from ..store import stale_files

    changed = stale_files(project)
    if changed:
        shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
        click.echo(f"warning: the knowledge base is older than the corpus ({shown} changed since "
                   "the last build): these answers are from the last build — run `wildlex build` "
                   "to bring it up to date", err=True)


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
    from ..files import write_atomically

    write_atomically(output, text.encode("utf-8"))
    click.echo(f"wrote {output}", err=True)


