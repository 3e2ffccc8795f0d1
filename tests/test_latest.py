"""Newest-only requests: one at a time, superseded waiters skipped, stale answers told apart."""

from __future__ import annotations

import threading

from reader.latest import SKIPPED, Latest


def test_only_the_newest_waiting_request_runs():
    latest = Latest()
    running, release, ran = threading.Event(), threading.Event(), []

    def slow():
        running.set()
        release.wait(10)
        ran.append("slow")
        return "slow"

    first = latest.next()
    results = {}
    worker = threading.Thread(target=lambda: results.setdefault("slow", latest.run(first, slow)))
    worker.start()
    assert running.wait(10)
    tokens = [latest.next() for _ in range(3)]  # three more keystrokes while it runs
    waiters = [
        threading.Thread(target=lambda t=t: results.setdefault(t, latest.run(t, lambda t=t: ran.append(t) or t)))
        for t in tokens
    ]
    for waiter in waiters:
        waiter.start()
    release.set()
    for thread in (worker, *waiters):
        thread.join(10)
    assert ran == ["slow", tokens[-1]]
    assert results[tokens[0]] is SKIPPED and results[tokens[1]] is SKIPPED
    assert results[tokens[-1]] == tokens[-1]
    assert not latest.is_current(first) and latest.is_current(tokens[-1])
