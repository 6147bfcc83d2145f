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


def where(state, task):
    import os
    import time

    time.sleep(0.02)  # (so that both processes take some)
    return os.getpid(), state * task


def test_this_process_takes_its_turn_beside_the_workers(monkeypatch):
    import os

    monkeypatch.setattr(parallel, "cores", lambda: 2)
    done = parallel.fork_map(where, 3, list(range(20)), here=True)
    assert [result for _, result in done] == [3 * n for n in range(20)]  # each once, in order
    takers = {pid for pid, _ in done}
    assert os.getpid() in takers and len(takers) == 2  # this one, and one worker


def fails_here(state, task):
    import os
    import time

    if os.getpid() == state[0]:
        raise ValueError("failed here")
    with open(state[1], "a") as log:
        log.write(f"{task}\n")
    time.sleep(0.05)
    return task


def test_a_task_failing_here_leaves_the_workers_the_tasks_they_hold_only(monkeypatch, tmp_path):
    import os

    import pytest

    monkeypatch.setattr(parallel, "cores", lambda: 2)
    log = tmp_path / "worker.log"
    with pytest.raises(ValueError, match="failed here"):
        parallel.fork_map(fails_here, (os.getpid(), log), list(range(40)), here=True)
    taken = log.read_text().split() if log.exists() else []
    assert len(taken) < 5  # the worker ended with the task it held, not the forty


def fails_there(state, task):
    import os
    import time

    if os.getpid() != state:
        raise ValueError("failed in a worker")
    time.sleep(0.02)  # (so that the worker takes some)
    return task


def test_a_task_failing_in_a_worker_fails_the_map(monkeypatch):
    import os

    import pytest

    monkeypatch.setattr(parallel, "cores", lambda: 2)
    with pytest.raises(ValueError, match="failed in a worker"):
        parallel.fork_map(fails_there, os.getpid(), list(range(20)), here=True)
