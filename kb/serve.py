"""`wildlex serve`: preview the built site, whichever build is the latest.

A build publishes a new site folder by swapping the build/site link, then deletes the
old folder. A server holding the folder the link pointed at when it started answered
404 for every page after the next build; this one follows the link at each request.
"""

from __future__ import annotations

import functools
import http.server
import os
from pathlib import Path


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the folder `link` points at now."""

    def __init__(self, *args, link: Path, **kwargs):
        self.link = link
        super().__init__(*args, directory=os.path.realpath(link), **kwargs)

    def translate_path(self, path: str) -> str:
        self.directory = os.path.realpath(self.link)
        return super().translate_path(path)

    def log_message(self, format, *args):  # noqa: A002  (the name http.server uses)
        pass


def make_server(link: Path, port: int, watcher=None) -> http.server.ThreadingHTTPServer:
    """A server of the site at `link`; with a `watcher` (serve --watch), pages that reload
    when it has rebuilt the site (kb/site/preview.py)."""
    if watcher is None:
        handler = functools.partial(SiteHandler, link=link)
    else:
        from .site.preview import PreviewHandler

        handler = functools.partial(PreviewHandler, link=link, watcher=watcher)
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
