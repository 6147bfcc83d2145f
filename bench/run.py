"""The Wildlex benchmark: prints figures, asserts nothing.

    python bench/run.py [--jurisdictions 200] [--scales 1,2,4] [--work DIR]

For each scale it generates the seeded synthetic corpus (bench/generate.py) and prints
each phase of the cold `wildlex build` (validate, load, questions, the three-language
site, the search index) and of the rebuild after one corpus file changed (an excerpt
edited) beside its floor (bench/floors.py: an in-memory Oxigraph load of the same files,
the SHACL engine validating the same data in one call, pagefind alone over the same
pages); then the older figures (pyoxigraph bulk-loading each file on disk, the rebuild
without the site), the peak memory and, at the first scale, each question's median
latency, answered from the build's kept answers and evaluated by the store. The last
two lines, for the first scale, are the cold build divided by the sum of the floors and
the time of the one-file rebuild without its search index (which may catch up after the
pages; its time is printed with the rebuild's); the line before them, the same rebuild in
the preview's long-lived build worker, to the moment its new pages can be shown.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.floors import index_floor, load_floor, validation_floor  # noqa: E402
from bench.generate import generate  # noqa: E402
from bench.memory import TreePeak  # noqa: E402
from kb import shacl  # noqa: E402
from kb.answers import local_source  # noqa: E402
from kb.project import open_project  # noqa: E402
from kb.questions import ask, known_jurisdictions, list_questions, load_question  # noqa: E402
from kb.sparql import LocalSource  # noqa: E402

PHASES = str(Path(__file__).resolve().parent / "phases.py")
TARGETS = {"ratio": 2.0, "rebuild": 5.0, "preview": 2.0, "question_ms": 100.0, "export_ms": 500.0,
           "memory_mb": 1536.0}
# The build's phases in the order it runs them (bench/phases.py), and the floor of each.
OVERLAP = "beside the index"  # negative: datasets and kept answers ran during the index
ROWS = ("validate", "load", "memory copy", "questions", "pages", "datasets", "search index",
        "kept answers", OVERLAP, "other")
FLOORS = {"validate": f"{shacl.ENGINE} (pyshacl: {len(shacl.ON_PYSHACL)} paths) alone, one call each",
          "load": "in-memory Oxigraph Store().load of every file",
          "search index": "pagefind alone over the same pages, in the same parts"}


def raw_load(project: Path) -> tuple[float, int]:
    """Seconds for pyoxigraph alone to bulk-load every corpus file into a fresh store."""
    with tempfile.TemporaryDirectory() as folder:
        store = ox.Store(folder)
        start = time.perf_counter()
        for path in sorted((project / "corpus").rglob("*.ttl")):
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE,
                            to_graph=ox.NamedNode("https://w3id.org/wildlex/source/" + path.name))
        seconds = time.perf_counter() - start
        triples = len(store)
        del store  # closes it before its folder is removed
        return seconds, triples


def timed_build(project: Path, *options: str) -> tuple[float, float, dict[str, float]]:
    """(seconds, peak resident memory in MB, seconds per phase) of one `wildlex build` in
    its own process (the memory is the largest high-water mark of the process and of the
    workers it starts, read from /proc: see bench/memory.py for why not ru_maxrss)."""
    # What the phase before wrote (a cold build: 2 GB of pages) reaches the disk first, not
    # in the kernel's threads while the build timed here runs beside them on two cores.
    os.sync()
    with tempfile.NamedTemporaryFile(suffix=".json") as times, tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        # Standard error goes to a file: a pipe nobody reads fills up and stops the build.
        process = subprocess.Popen([sys.executable, PHASES, times.name, "--quiet", *options,
                                    "--root", str(project)],
                                   stdout=subprocess.DEVNULL, stderr=errors)
        with TreePeak(process.pid) as peak:
            _, status, _ = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            raise SystemExit(f"wildlex build failed: {errors.read().decode()[-2000:]}")
        phases = json.loads(Path(times.name).read_text())
    # What ran beside the search index counts in its own phases (datasets, kept answers)
    # and in the index's: the time saved so is taken off once.
    concurrent, alongside = phases.pop("concurrent", 0.0), phases.pop("alongside", 0.0)
    phases[OVERLAP] = -max(0.0, phases.get("search index", 0.0) + alongside - concurrent)
    # Start-up, imports and publishing: what the process took beyond the timed phases.
    phases["other"] = seconds - sum(v for k, v in phases.items() if k != "total in process")
    return seconds, peak.peak, phases


def preview_rebuild(project: Path, changed: Path) -> tuple[float, float, float]:
    """(seconds to the new pages, seconds to the published site, peak memory in MB) of a
    rebuild by the preview's build worker (`wildlex serve --watch`, kb/cli/worker.py) after
    one excerpt of `changed` was edited. The worker builds once before, as serve --watch
    does when it starts (that build copies the store into memory; the timed one does not)."""
    with tempfile.TemporaryFile() as errors:
        worker = subprocess.Popen([sys.executable, "-c", "from kb.cli.worker import main; main()",
                                   str(project)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=errors, cwd=Path(__file__).resolve().parent.parent)

        def build() -> tuple[float, float]:
            start, pages = time.perf_counter(), None
            worker.stdin.write(b"build\n")
            worker.stdin.flush()
            for line in worker.stdout:
                if line.startswith(b"pages ") and pages is None:
                    pages = time.perf_counter() - start
                elif line.startswith(b"done "):
                    if line.strip() != b"done ok":
                        break
                    return pages or 0.0, time.perf_counter() - start
            errors.seek(0)
            raise SystemExit(f"the build worker failed: {errors.read().decode()[-2000:]}")

        with TreePeak(worker.pid) as peak:
            build()
            edit_excerpt(changed, "edited in the preview")
            os.sync()  # (as in timed_build)
            pages, published = build()
            worker.stdin.close()
            worker.wait()
    return pages, published, peak.peak


def edit_excerpt(path: Path, note: str) -> None:
    """A contributor's change to the law: the first excerpt of `path` gets new words
    (its pages and their search index change, not only the file's bytes)."""
    text = path.read_text()
    marker = 'wlx:excerpt "'
    if marker not in text:
        raise SystemExit(f"{path}: no excerpt to edit")
    path.write_text(text.replace(marker, f'{marker}({note}) ', 1))


def question_latencies(project: Path, runs: int = 5) -> dict[str, dict[str, float | None]]:
    """Each question's median in ms, over the whole corpus and, where the question takes
    a jurisdiction, for one jurisdiction (as a jurisdiction page or a reader asks it):
    "kept" as `wildlex query` answers it after a build (from the kept answers), and
    "evaluated" by the on-disk store, as it is for values the build did not ask."""
    proj = open_project(project)
    kept = local_source(proj)
    if kept.answers is None:
        raise SystemExit("the build kept no answers")
    evaluated = LocalSource(kept.store)
    one = sorted(known_jurisdictions(proj, evaluated))[0]

    def median(source, name, params):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            ask(proj, source, name, params)
            times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times)

    out = {}
    for name in list_questions(proj):
        takes_one = any(p.name == "jurisdiction" for p in load_question(proj, name).parameters)
        out[name] = {f"{how} {scope}": median(source, name, params) if scope == "whole" or takes_one else None
                     for how, source in (("kept", kept), ("evaluated", evaluated))
                     for scope, params in (("whole", {}), ("one", {"jurisdiction": one}))}
    del kept, evaluated
    return out


def medians(median: dict[str, float | None], how: str) -> str:
    one = median[f"{how} one"]
    return f"{median[f'{how} whole']:8.1f} ms whole" + (f", {one:7.1f} ms one" if one is not None else "")


def phase_table(cold: dict[str, float], rebuild: dict[str, float], after: dict[str, float],
                floors: dict[str, float]) -> list[str]:
    """Each phase of the cold build, of the one-file rebuild after it and of the rebuild
    after the next change (with a spare site), beside its floor."""
    lines = [f"  {'phase':24} {'cold build':>10}  {'rebuild':>8}  {'next':>8}  {'floor':>8}"]
    for row in ROWS:
        floor = f"{floors[row]:7.2f} s  ({FLOORS[row]})" if row in floors else ""
        line = (f"  {row:24} {cold.get(row, 0.0):8.2f} s  {rebuild.get(row, 0.0):6.2f} s  "
                f"{after.get(row, 0.0):6.2f} s  {floor}")
        lines.append(line.rstrip())
    total = sum(floors.values())
    # (A phase a build did not run is not in its times: a rebuild makes no memory copy.)
    lines.append(f"  {'whole build':24} {sum(cold.get(r, 0.0) for r in ROWS):8.2f} s  "
                 f"{sum(rebuild.get(r, 0.0) for r in ROWS):6.2f} s  "
                 f"{sum(after.get(r, 0.0) for r in ROWS):6.2f} s  "
                 f"{total:7.2f} s  (sum of the floors)")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jurisdictions", type=int, default=200)
    parser.add_argument("--scales", default="1,2,4")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "wildlex-bench")
    parser.add_argument("--skip-questions", action="store_true",
                        help="do not time the questions (they take minutes at larger scales)")
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    first = None
    for scale in scales:
        project = args.work / f"scale-{scale}"
        files = generate(project, args.jurisdictions * scale)
        raw, triples = raw_load(project)
        floors = {"load": load_floor(project), "validate": validation_floor(project)}
        cold, memory, cold_phases = timed_build(project)
        floors["search index"] = index_floor(project / "build" / "site")
        latencies = {} if scale != scales[0] or args.skip_questions else question_latencies(project)
        changed = next((project / "corpus").rglob("act-1.ttl"))
        edit_excerpt(changed, "edited")
        whole_rebuild, _, rebuild_phases = timed_build(project)
        # The target counts validation, load, questions and every affected page; the search
        # index may catch up after (it is reported apart). The build still waits for it, and
        # writes the datasets and kept answers meanwhile: they count as if it did not.
        rebuild = whole_rebuild - rebuild_phases["search index"] - rebuild_phases[OVERLAP]
        # The next change's rebuild writes in the site published before (kb/site/spare.py),
        # which the first after a cold build does not have: both are printed.
        other = sorted((project / "corpus").rglob("act-1.ttl"))[-1]
        edit_excerpt(other, "edited")
        whole_next, _, next_phases = timed_build(project)
        next_rebuild = whole_next - next_phases["search index"] - next_phases[OVERLAP]
        edit_excerpt(changed, "edited again")
        rebuild_kb, _, _ = timed_build(project, "--no-site")
        preview_pages, preview_site, preview_memory = preview_rebuild(project, changed)
        ratio = cold / sum(floors.values())
        first = first or (raw, cold, ratio, rebuild, preview_pages)
        print(f"scale {scale}x: {args.jurisdictions * scale} jurisdictions, {files} files, "
              f"{triples:,} triples")
        for line in phase_table(cold_phases, rebuild_phases, next_phases, floors):
            print(line)
        print(f"  cold wildlex build         {cold:8.2f} s   "
              f"(build/floor ratio {ratio:.2f}, target <= {TARGETS['ratio']})")
        print(f"  rebuild after one change   {whole_rebuild:8.2f} s   (of which the search index "
              f"{rebuild_phases['search index']:.2f} s; without it {rebuild:.2f} s, "
              f"target <= {TARGETS['rebuild']} s)")
        print(f"    the next change's        {whole_next:8.2f} s   (of which the search index "
              f"{next_phases['search index']:.2f} s; without it {next_rebuild:.2f} s: the site "
              "published before brought up to date)")
        print(f"    of which without the site {rebuild_kb:7.2f} s   (validate and load only: --no-site)")
        print(f"  rebuild in the preview     {preview_pages:8.2f} s   to the new pages (target <= "
              f"{TARGETS['preview']} s; serve --watch's worker, warm), {preview_site:.2f} s to the "
              f"published site with its index; peak memory {preview_memory:.0f} MB")
        print(f"  raw pyoxigraph bulk load   {raw:8.2f} s   (the old reference: one on-disk "
              f"bulk_load per file; build/raw-load ratio {cold / raw:.2f})")
        print(f"  peak memory                {memory:8.0f} MB  (target <= {TARGETS['memory_mb']:.0f} MB)")
        for name, median in latencies.items():
            print(f"  question {name:17} kept {medians(median, 'kept')};  "
                  f"evaluated {medians(median, 'evaluated')}")
        if latencies:
            print(f"    (medians of 5; target <= {TARGETS['question_ms']:.0f} ms for one jurisdiction, "
                  f"<= {TARGETS['export_ms']:.0f} ms for the whole-corpus export; "
                  "\"one\": one jurisdiction; kept: answered from the build's kept answers, as "
                  "`wildlex query` is after a build; evaluated: by the on-disk store, as for values "
                  "the build did not ask)")
        shutil.rmtree(project / "build", ignore_errors=True)
        sys.stdout.flush()
    raw, cold, ratio, rebuild, preview = first
    print(f"build/raw-load ratio: {cold / raw:.2f}")
    print(f"one-file rebuild in the preview (serve --watch, to the new pages): {preview:.1f} s")
    print(f"build/floor ratio: {ratio:.2f}")
    print(f"one-file rebuild: {rebuild:.1f} s")


if __name__ == "__main__":
    main()
