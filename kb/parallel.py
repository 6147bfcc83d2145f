"""Work spread over one forked process per core, for the single-threaded parts of a
build on a large corpus (pyshacl, jinja2)."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor

_work: tuple = ()
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def cores() -> int:
    return os.cpu_count() or 1


def fork_map(function: Callable, state, tasks: Sequence, here: bool = False) -> list:
    """[function(state, task) for task in tasks], in one forked worker per core.

    The workers inherit `state` (parsed graphs, a store) instead of receiving it
    pickled; only the tasks and the results cross between processes. They die with
    the process that forked them: a killed build leaves none behind. While another
    thread runs, nothing is forked.

    With `here`, this process takes its turn at the tasks beside one worker fewer: its
    results are not sent, and it writes in its own memory, where a forked worker's
    every write copies a page first (tens of thousands of pages for the site's pages)."""
    if [t for t in threading.enumerate() if t is not threading.current_thread()]:
        # A fork copies only this thread: a lock another thread holds (logging, a
        # stream, an allocator) would stay held for ever in the child. Serially then.
        return [function(state, task) for task in tasks]
    workers = cores() - 1 if here else cores()
    if workers < 1:
        return [function(state, task) for task in tasks]
    global _work
    context = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(workers, mp_context=context,
                                 initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
            if not here:
                _work = (function, state)
                return list(pool.map(_run, tasks))
            # The next task to take, in memory every process shares (made before the
            # workers fork, at the first submit).
            _work = (function, state, tasks, context.Value("q", 0))
            theirs = [pool.submit(_take_turns) for _ in range(workers)]
            try:
                done = dict(_take_turns())
            except BaseException:
                _take_all(_work[3], len(tasks))  # (the workers end with their current task)
                raise
            for future in theirs:
                done.update(future.result())
            return [done[index] for index in range(len(tasks))]
    finally:
        _work = ()


def _take_turns() -> list[tuple[int, object]]:
    """(index, result) of each task this process took, one at a time, until none is left."""
    function, state, tasks, taken = _work
    done = []
    while (index := _take_all(taken, 1)) < len(tasks):
        done.append((index, function(state, tasks[index])))
    return done


def _take_all(taken, count: int) -> int:
    """Take the next `count` tasks; return the first one's index."""
    with taken.get_lock():
        index = taken.value
        taken.value = index + count
    return index


def die_with_parent(parent: int) -> None:
    """Make this worker exit when `parent` dies. Otherwise a killed build's workers wait
    forever on their task queue (the other workers keep its pipe open), holding the
    caller's stdout."""
    if sys.platform.startswith("linux"):
        # The kernel sends the signal when the parent dies; no thread, no polling.
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    else:
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # it died before the line above took effect
        os._exit(1)


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _run(task):
    function, state = _work
    return function(state, task)
