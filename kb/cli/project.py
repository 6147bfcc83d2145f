"""Commands for a project of one's own: init, and w3id for its persistent identifiers."""

from __future__ import annotations

import re
from pathlib import Path

import click

from ..errors import WildlexError
from . import cli
from .options import emit, output_option, root_option


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


@cli.command()
@click.option("--site-url", required=True, metavar="URL",
              help="Where the site is published (build/site copied there).")
@output_option
@root_option
def w3id(project, site_url, output):
    """Write the redirect rules (.htaccess, the form w3id.org keeps) that send each IRI
    under https://w3id.org/wildlex/ to its page on the published site, or to the data
    for a client asking for Turtle or JSON-LD. Made from build/store: run after a build.

    \b
    Example:
        wildlex w3id --site-url https://wildlex.example.org/ -o w3id/.htaccess
    """
    import pyoxigraph as ox

    from ..store import store_path
    from ..w3id import htaccess

    if not re.fullmatch(r"https?://[^\s]+", site_url):
        raise click.BadParameter(f"{site_url!r} is not an http(s) URL", param_hint="--site-url")
    if not store_path(project).is_dir():
        raise click.ClickException("there is no knowledge base yet — run `wildlex build` first")
    emit(htaccess(ox.Store.read_only(str(store_path(project))), site_url), output)
