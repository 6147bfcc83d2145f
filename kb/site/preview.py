"""`wildlex serve --watch`: rebuild when a source file is saved, and reload the open page.

Pages served this way (never the built files) get a small script that asks
RELOAD_PATH for the number of builds finished and reloads the page when it grows. The
site is served through build/site (followed at each request), which each build swaps
atomically, so a reader never sees half a site; a build that fails leaves the last
good site and prints why.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from ..serve import SiteHandler

RELOAD_PATH = "/__wildlex/builds"
RELOAD_SCRIPT = (
    "<script>(function(){var seen=null;function ask(){fetch('" + RELOAD_PATH + "',"
    "{cache:'no-store'}).then(function(r){return r.text()}).then(function(n){"
    "if(seen!==null&&n!==seen){location.reload()}seen=n}).catch(function(){})"
    ".finally(function(){setTimeout(ask,500)})}ask()})();</script>"
).encode()
# What a contributor edits: a change to any file under these folders rebuilds.
WATCHED = ("corpus", "ontology", "queries", "site")


def source_state(project) -> dict[str, tuple[int, int]]:
    """The size and modification time of every file a build reads from the project."""
    state = {}
    for folder in WATCHED:
        for path in (project.root / folder).rglob("*"):
            try:
                stat = path.stat()
            except OSError:
                continue  # removed while listed
            if path.is_file():
                state[str(path)] = (stat.st_size, stat.st_mtime_ns)
    return state


def build_command(project) -> list[str]:
    return [sys.executable, "-c", "from kb.cli import cli; cli()", "build", "--quiet",
            "--root", str(project.root)]


class Watcher:
    """Rebuilds the site when the sources change; counts the builds that succeeded."""

    def __init__(self, project, rebuild: Callable[[], bool] | None = None):
        self.project = project
        self.rebuild = rebuild or self._build
        self.builds = 0
        self.seen = source_state(project)

    def check(self) -> bool:
        """Rebuild if a source changed since the last look; return whether it did."""
        now = source_state(self.project)
        if now == self.seen:
            return False
        self.seen = now
        if self.rebuild():
            self.builds += 1
        return True

    def run(self, stop: threading.Event, interval: float = 0.2) -> None:
        while not stop.wait(interval):
            self.check()

    def _build(self) -> bool:
        # In its own process: a build holds the store and forks workers; the server stays small.
        result = subprocess.run(build_command(self.project), capture_output=True, text=True)
        sys.stderr.write(result.stdout + result.stderr)
        return result.returncode == 0


def with_reload(html: bytes) -> bytes:
    """The page with the reloading script before </body> (at the end if it has none)."""
    at = html.rfind(b"</body>")
    return html + RELOAD_SCRIPT if at < 0 else html[:at] + RELOAD_SCRIPT + html[at:]


class PreviewHandler(SiteHandler):
    """Serves the site as SiteHandler does, with the reloading script in every page."""

    def __init__(self, *args, watcher: Watcher, **kwargs):
        self.watcher = watcher
        super().__init__(*args, **kwargs)

    def do_GET(self):
        if self.path == RELOAD_PATH:
            return self._send(str(self.watcher.builds).encode(), "text/plain")
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.endswith("/"):
            path = path / "index.html"
        try:
            page = path.read_bytes() if path.suffix == ".html" else None
        except OSError:
            page = None  # no such page, or removed by a build meanwhile
        if page is not None:
            return self._send(with_reload(page), "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)
