"""The `wildlex` command: thin wrappers that parse options, call kb, print one result.

Commands live in corpus.py (for contributors) and knowledge.py (for readers); this
module holds the group.

Exit codes: 0 success; 1 the data or a question is wrong (the message says
where); 2 the command line is wrong.
"""

from __future__ import annotations

import click

from .. import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wildlex")
def cli():
    """Wildlex: compare national laws against online wildlife trafficking.

    \b
    Exit codes: 0 success, 1 invalid data or failed question, 2 usage error.
    """


from . import corpus, knowledge, project  # noqa: E402,F401  (registers the commands)


def main(argv: list[str] | None = None) -> None:
    """The `wildlex` command as installed: `cli`, ended at once after a build that went
    well (see ending.py)."""
    from . import ending

    ending.arm()
    try:
        cli.main(argv, prog_name="wildlex")
    except SystemExit as ended:
        if ended.code in (0, None) and ending.holding():
            ending.end_now(0)
        raise


__all__ = ["cli", "main"]
