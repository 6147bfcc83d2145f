"""Options and helpers shared by the commands: --root, --endpoint, --as-of, --output."""

from __future__ import annotations

import functools
import math
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
        except WildlexError as error:
            raise click_error(error) from None

    return wrapper


def click_error(error: WildlexError) -> click.ClickException:
    """What a command ends with for `error`; a corpus's problems are printed first."""
    if isinstance(error, CorpusInvalid):
        for problem in error.problems:
            click.echo(str(problem), err=True)
    return click.ClickException(str(error))


def source_options(command):
    """--endpoint URL and --timeout: ask a remote SPARQL endpoint instead of build/store."""

    @click.option("--endpoint", metavar="URL",
                  help="A SPARQL 1.1 query endpoint whose default graph unites the named graphs.")
    @click.option("--timeout", type=float, default=30.0, show_default=True,
                  callback=seconds, help="Seconds to wait for the endpoint's whole answer.")
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


def _check_date(ctx, param, value):
    """A real date, or today: checked before anything runs, and named as the user wrote it."""
    if value is None or value == "today":
        return value
    import datetime as dt

    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expects a date written YYYY-MM-DD, found {value!r}") from None
    if len(value) != 10:
        raise click.BadParameter(f"expects a date written YYYY-MM-DD, found {value!r}")
    return day.isoformat()


def seconds(ctx, param, value: float) -> float:
    """A --timeout: finite and above 0 (nan and inf pass click's FLOAT)."""
    if not (math.isfinite(value) and 0 < value <= 86400):
        raise click.BadParameter(f"{value!r} is not a number of seconds above 0 (at most "
                                 "86400) — e.g. --timeout 30")
    return value


def as_of_option(command):
    return click.option("--as-of", "as_of", default="today", show_default=True, metavar="DATE",
                        callback=_check_date,
                        help="Read the law as in force on this date (YYYY-MM-DD).")(command)


def note_as_of(project, source, as_of: str) -> None:
    """Say on standard error when the date asked lies outside the dates the corpus knows:
    the answer still comes, but it reads law the corpus does not describe."""
    if as_of in (None, "today"):
        return
    from ..questions import corpus_dates

    first, last = corpus_dates(project, source)
    if first and as_of < first:
        click.echo(f"note: {as_of} is before the earliest date in the corpus ({first}): "
                   "the answer shows only law whose start is not recorded", err=True)
    elif last and as_of > last:
        click.echo(f"note: {as_of} is after the latest date in the corpus ({last}): the answer "
                   "assumes nothing changed since", err=True)


def _check_output(ctx, param, value):
    """-o FILE: its folder must exist (nothing is created silently) and be a folder."""
    if value is None:
        return value
    folder = value.parent if str(value.parent) else Path(".")
    if folder.exists() and not folder.is_dir():
        raise click.BadParameter(f"{folder} is a file, not a folder — choose a path in a folder")
    if not folder.exists():
        raise click.BadParameter(f"the folder {folder} does not exist — create it first, or "
                                 "choose a path in an existing folder")
    if value.is_dir():
        raise click.BadParameter(f"{value} is a folder — give a file name")
    return value


def output_option(command):
    return click.option("--output", "-o", type=click.Path(path_type=Path), callback=_check_output,
                        help="Write to this file instead of standard output.")(command)


def emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    from ..files import write_atomically

    try:
        write_atomically(output, text.encode("utf-8"), shared=True)
    except OSError as error:
        raise click.ClickException(f"cannot write {output}: {error.strerror or error} — "
                                   "choose a file in a folder you can write to") from None
    click.echo(f"wrote {output}", err=True)


