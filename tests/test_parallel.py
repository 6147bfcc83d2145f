"""Forked workers never inherit a lock another thread holds (issue 21, item 6)."""

import multiprocessing
import os
import threading
import time

import pytest

from kb import parallel


def square(state, task):
    return state * task * task


def test_nothing_is_forked_while_another_thread_runs(monkeypatch):
    pools = []
    monkeypatch.setattr(parallel, "ProcessPoolExecutor",
                        lambda *args, **kwargs: pools.append(args) or None)
    held, release = threading.Lock(), threading.Event()

    def hold():
        with held:
            release.wait()

    other = threading.Thread(target=hold)
    other.start()
    try:
        assert parallel.fork_map(square, 2, [1, 2, 3]) == [2, 8, 18]
    finally:
        release.set()
        other.join()
    assert pools == []


def test_workers_are_forked_when_this_thread_is_alone():
    assert parallel.fork_map(square, 3, [1, 2]) == [3, 12]


def _took_one():
    """What a worker sets when it takes a task, for this process to wait on: however
    slowly the machine starts the worker, both processes then surely take some."""
    return multiprocessing.get_context("fork").Event()


def where(state, task):
    parent, worker_took_one = state
    if os.getpid() == parent:
        worker_took_one.wait(30)
    else:
        worker_took_one.set()
    return os.getpid(), task * 3


def test_this_process_takes_its_turn_beside_the_workers(monkeypatch):
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    done = parallel.fork_map(where, (os.getpid(), _took_one()), list(range(20)), here=True)
    assert [result for _, result in done] == [3 * n for n in range(20)]  # each once, in order
    takers = {pid for pid, _ in done}
    assert os.getpid() in takers and len(takers) == 2  # this one, and one worker


def fails_here(state, task):
    if os.getpid() == state[0]:
        raise ValueError("failed here")
    with open(state[1], "a") as log:
        log.write(f"{task}\n")
    time.sleep(0.05)
    return task


def test_a_task_failing_here_leaves_the_workers_the_tasks_they_hold_only(monkeypatch, tmp_path):
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    log = tmp_path / "worker.log"
    with pytest.raises(ValueError, match="failed here"):
        parallel.fork_map(fails_here, (os.getpid(), log), list(range(40)), here=True)
    taken = log.read_text().split() if log.exists() else []
    assert len(taken) < 5  # the worker ended with the task it held, not the forty


def fails_there(state, task):
    parent, worker_took_one = state
    if os.getpid() != parent:
        worker_took_one.set()
        raise ValueError("failed in a worker")
    worker_took_one.wait(30)
    return task


def test_a_task_failing_in_a_worker_fails_the_map(monkeypatch):
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    with pytest.raises(ValueError, match="failed in a worker"):
        parallel.fork_map(fails_there, (os.getpid(), _took_one()), list(range(20)), here=True)
