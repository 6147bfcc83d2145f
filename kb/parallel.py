"""Work spread over one forked process per core, for the single-threaded parts of a
build on a large corpus (pyshacl, jinja2)."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor

_work: tuple = ()


def cores() -> int:
    return os.cpu_count() or 1


def fork_map(function: Callable, state, tasks: Sequence) -> list:
    """[function(state, task) for task in tasks], in one forked worker per core.

    The workers inherit `state` (parsed graphs, a store) instead of receiving it
    pickled; only the tasks and the results cross between processes."""
    global _work
    _work = (function, state)
    try:
        with ProcessPoolExecutor(cores(), mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_run, tasks))
    finally:
        _work = ()


def _run(task):
    function, state = _work
    return function(state, task)
