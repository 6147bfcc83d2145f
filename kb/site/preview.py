"""`wildlex serve --watch`: rebuild when a source file is saved, and reload the open page.

Pages served this way (never the built files) get a small script that asks
RELOAD_PATH for the number of builds shown and reloads the page when it grows. The site
is served through build/site (followed at each request), which each build swaps
atomically; while a build finishes its datasets and search index, the new site's pages
are served from the folder it is written in, complete (the search may lag a few
seconds). A build that fails leaves the last good site and prints why.
"""

from __future__ import annotations

import http.server
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


def worker_command(project) -> list[str]:
    # -P: the folder the server was started in is not searched first for modules (a
    # folder there named kb would be imported in place of this package).
    return [sys.executable, "-P", "-c", "from kb.cli.worker import main; main()",
            str(project.root)]


class Watcher:
    """Rebuilds the site when the sources change; counts the builds whose pages are shown.

    The builds run in a worker process of their own (kb/cli/worker.py: a build holds the
    store and forks workers; the server stays small), which lives as long as the watcher,
    so that a rebuild pays neither the start-up nor a whole copy of the store. Its new
    pages are shown (`preview`) as soon as they are written; the search index and the
    datasets follow, and only then is build/site swapped."""

    def __init__(self, project, rebuild: Callable[[], bool] | None = None):
        self.project = project
        self.rebuild = rebuild or self._build
        self.builds = 0
        self.preview: Path | None = None  # the new site's folder, until it is published
        self.seen = source_state(project)
        self._worker: subprocess.Popen | None = None

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
        """Whether a build succeeded whose pages were not shown yet (those shown are
        counted when they are: the open page reloads then, not after the search index)."""
        shown = False
        try:
            worker = self._started()
            worker.stdin.write(b"build\n")
            worker.stdin.flush()
            for line in worker.stdout:
                kind, _, rest = line.decode().rstrip("\n").partition(" ")
                if kind == "pages":
                    self.preview = Path(rest)
                    if not shown:
                        self.builds, shown = self.builds + 1, True
                elif kind == "done":
                    self.preview = None
                    if rest != "ok" and shown:
                        self.builds += 1  # back to the published site
                    return rest == "ok" and not shown
        except OSError:
            pass
        self.preview, self._worker = None, None
        sys.stderr.write("the build worker stopped; a new one builds at the next save\n")
        return False

    def _started(self) -> subprocess.Popen:
        if self._worker is None or self._worker.poll() is not None:
            self._worker = subprocess.Popen(worker_command(self.project), stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE)
        return self._worker

    def close(self, seconds: float = 60) -> None:
        """End the worker: it exits once its input ends and its build is done, or is
        killed after `seconds` (a build killed half way is cleaned up by the next)."""
        worker, self._worker = self._worker, None
        if worker is None:
            return
        worker.stdin.close()
        try:
            worker.wait(seconds)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        worker.stdout.close()


def with_reload(html: bytes) -> bytes:
    """The page with the reloading script before </body> (at the end if it has none)."""
    at = html.rfind(b"</body>")
    return html + RELOAD_SCRIPT if at < 0 else html[:at] + RELOAD_SCRIPT + html[at:]


class PreviewHandler(SiteHandler):
    """Serves the site as SiteHandler does, with the reloading script in every page."""

    def __init__(self, *args, watcher: Watcher, **kwargs):
        self.watcher = watcher
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        preview = self.watcher.preview
        if preview is not None and preview.is_dir():
            self.directory = str(preview)
            return http.server.SimpleHTTPRequestHandler.translate_path(self, path)
        return super().translate_path(path)

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
