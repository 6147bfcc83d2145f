"""Forked workers never inherit a lock another thread holds (issue 21, item 6)."""

import threading

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
