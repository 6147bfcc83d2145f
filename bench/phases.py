"""Run `wildlex build` unchanged, timing each of its phases; the times go to a JSON file.

    python bench/phases.py TIMES.json wildlex-build-options...

The library functions the build calls for each phase are wrapped in timers before the
command runs; nothing else differs from `wildlex build`.
"""

from __future__ import annotations

import functools
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# (phase, module, function): the build imports these by module attribute at call time.
PHASES = (
    ("validate", "kb.validate", "validate_corpus"),
    ("load", "kb.store", "open_store"),
    ("load", "kb.store", "load"),
    ("memory copy", "kb.store", "in_memory"),
    ("questions", "kb.site.build", "default_as_of"),
    ("questions", "kb.site.build", "ask_shared"),
    ("pages", "kb.site.build", "write_languages"),
    ("pages", "kb.site.build", "write_search_pages"),
    ("datasets", "kb.site.build", "write_datasets"),
    ("datasets", "kb.site.build", "export_table"),
    ("datasets", "kb.site.build", "dataset_parts"),
    ("search index", "kb.site.build", "index_for_search"),
    ("kept answers", "kb.answers", "keep"),
    # The search index is made in a thread while the datasets and the kept answers are
    # written: the wall time of both together, and of what ran beside the index.
    ("concurrent", "kb.site.build", "index_alongside"),
    ("alongside", "kb.site.build", "alongside_index"),
)


def timed(times: dict[str, float], phase: str, function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            times[phase] += time.perf_counter() - start
    return wrapper


def main() -> None:
    import importlib

    start = time.perf_counter()
    out, options = Path(sys.argv[1]), sys.argv[2:]
    times: dict[str, float] = defaultdict(float)
    for phase, module_name, name in PHASES:
        module = importlib.import_module(module_name)
        setattr(module, name, timed(times, phase, getattr(module, name)))
    from kb.cli import cli, ending

    ending.arm()  # as the installed command: a build that went well ends at once
    try:
        cli.main(["build", *options], prog_name="wildlex", standalone_mode=False)
    finally:
        times["total in process"] = time.perf_counter() - start
        out.write_text(json.dumps(times, indent=1))
    if ending.holding():
        ending.end_now(0)


if __name__ == "__main__":
    main()
