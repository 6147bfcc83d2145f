"""The build worker of `wildlex serve --watch`: one long-lived process that builds when
asked, so that a rebuild pays neither the start-up nor a whole copy of the store into
memory (kb/store.py, MemoryCopy), nor parsing again the rows of answers that did not
change (kb/sparql.py, ParsedLines).

    python -c "from kb.cli.worker import main; main()" PROJECT

It builds once for each line read on standard input, and answers on standard output:
`pages FOLDER` when the new site can be read there (its pages are written; its datasets
and search index are not yet), again when the folder is renamed, then `done ok` or
`done failed`. What a build prints goes to standard error, as `wildlex build`'s would.
"""

from __future__ import annotations

import gc
import sys
import traceback
from pathlib import Path

import click

from ..buildlock import build_lock
from ..errors import WildlexError
from ..project import Project, open_project
from ..site.build import warm_up
from ..sparql import ParsedLines
from ..store import MemoryCopy, open_store, parsed_records_path, store_path
from .options import click_error


class Builder:
    def __init__(self, project: Project):
        self.project = project
        self.copy = MemoryCopy(project)
        # The answers' rows, parsed once for every build (the first reads the records
        # the last `wildlex build` saved).
        self.lines = ParsedLines.open(parsed_records_path(project), more_builds=True)

    def build(self, shown) -> bool:
        """One `wildlex build --quiet`; whether it succeeded (else it said why)."""
        from .knowledge import _build

        try:
            with build_lock(self.project):
                _build(self.project, True, True, None, self.copy, shown, self.lines)
                if self.copy.copy is None and store_path(self.project).is_dir():
                    # Nothing changed, so no store was opened: copy now, not at the first save.
                    store = open_store(self.project)
                    self.copy(store)
                    del store  # closed before the lock is let go
                    warm_up(self.project)
            return True
        except WildlexError as error:  # said as `wildlex build` says it
            click_error(error).show()
        except click.ClickException as error:
            error.show()
        except Exception:  # a bug: said in full, and the worker goes on to the next save
            traceback.print_exc()
        finally:
            self.lines.next_build()
        return False


def main(argv: list[str] | None = None) -> None:
    root, = argv or sys.argv[1:]
    protocol, sys.stdout = sys.stdout, sys.stderr  # the build's own lines go to stderr

    def say(line: str) -> None:
        try:
            protocol.write(line + "\n")
            protocol.flush()
        except BrokenPipeError:  # the server is gone (stopped): no one to build for
            raise SystemExit(0) from None

    # Reference cycles are collected between builds, not during them: the worker holds
    # millions of objects (the answers' rows, the last build's records), which each full
    # collection walked again and again while a build made millions more (a quarter of
    # a rebuild's time to its pages, at 200 jurisdictions).
    gc.disable()
    builder = Builder(open_project(Path(root)))
    gc.collect()
    for _ in sys.stdin:
        ok = builder.build(lambda folder: say(f"pages {folder}"))
        say("done ok" if ok else "done failed")
        gc.collect()
