"""Commands for a project of one's own: init."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import WildlexError
from . import cli


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--override", "overrides", multiple=True, metavar="FILE",
              help="Copy this default file into the project to edit it "
              "(e.g. ontology/criteria.ttl, site/templates/base.html). Repeatable.")
def init(directory, overrides):
    """Make a project folder of your own: corpus/, a README and wildlex.toml. It builds
    with the ontology, questions and site templates that come with Wildlex; a file of the
    same name in the project overrides the default.

    \b
    Example:
        wildlex init my-portal --override ontology/criteria.ttl
    Exit codes: 0 made, 1 the folder is in use or FILE is not a default file.
    """
    from ..project import init_project

    try:
        written = init_project(directory, list(overrides))
    except WildlexError as error:
        raise click.ClickException(str(error)) from None
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"next: cd {directory}, add corpus files (wildlex new --help), then run wildlex build")
