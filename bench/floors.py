"""The floors a build is measured against: what the tools it stands on take alone.

- load: an in-memory Oxigraph store loading every source file (Store().load), no
  validation, no derived facts, no disk;
- validation: the SHACL engines `wildlex validate` uses (kb/shacl.py) checking the
  whole corpus with the ontology, each in one call, the data already in memory;
- index: pagefind alone over the built site's pages, in the same parts the build
  indexes (pagefind holds some 80 KB a page in memory, so one run over a large site
  would not fit).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from kb import shacl  # noqa: E402
from kb.project import open_project  # noqa: E402
from kb.site.render import LANGUAGES  # noqa: E402
from kb.site.search import _globs, search_parts  # noqa: E402


def load_floor(project: Path) -> float:
    """Seconds for an in-memory store to load every source file into its named graph."""
    proj = open_project(project)
    files = proj.ontology_files() + proj.corpus_files()
    store = ox.Store()
    start = time.perf_counter()
    for path in files:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE,
                   to_graph=ox.NamedNode("https://w3id.org/wildlex/source/" + proj.display(path)))
    return time.perf_counter() - start


def validation_floor(project: Path) -> float:
    """Seconds for the chosen SHACL engines to validate the corpus and the ontology, each in
    one call (kb/shacl.py: pyshacl-turbo on a store, pyshacl for the few shapes it keeps);
    the data is loaded in memory first, untimed."""
    proj = open_project(project)
    sources = proj.ontology_files() + proj.corpus_files()
    shapes = Graph().parse(proj.shapes_file(), format="turtle")
    turbo, kept = shacl.split_shapes(shapes)
    store = ox.Store()
    for path in sources:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)  # the default graph
    graph = Graph()
    for path in sources:
        graph.parse(path, format="turtle")
    from pyshacl_turbo import validate

    start = time.perf_counter()
    validate(store, shacl_graph=turbo, inference="none", allow_warnings=True, inplace=True)
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    shacl._report("pyshacl", graph, kept)
    return seconds + time.perf_counter() - start


def index_floor(site: Path) -> float:
    """Seconds for pagefind alone to index the pages of `site`, part by part as the build
    does, into a throw-away folder."""
    pages = [page.relative_to(site).as_posix().removesuffix("index.html")
             for page in site.glob("*/**/*.html")]
    seconds = 0.0
    with tempfile.TemporaryDirectory() as out:
        for language in LANGUAGES:
            for number, part in enumerate(search_parts(pages, language)):
                command = [sys.executable, "-m", "pagefind", "--site", str(site), "--silent",
                           "--glob", _globs(language, part),
                           "--output-path", str(Path(out) / f"{language}-{number}")]
                start = time.perf_counter()
                subprocess.run(command, check=True, capture_output=True)
                seconds += time.perf_counter() - start
    return seconds

