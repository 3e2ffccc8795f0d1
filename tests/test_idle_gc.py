"""Full garbage collections wait for the user to be idle, and the process gets its defaults back."""

import gc

from reader.idle_gc import NEVER, IdleCollector


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_full_collections_wait_for_an_idle_moment():
    clock, runs = Clock(), []
    before = gc.get_threshold()
    collector = IdleCollector(idle_after=2.0, clock=clock)
    callback = lambda phase, info: phase == "start" and info["generation"] == 2 and runs.append(1)  # noqa: E731
    gc.callbacks.append(callback)
    try:
        collector.start()
        assert gc.get_threshold() == (before[0], before[1], NEVER)
        collector.input_seen()
        clock.now += 1.0
        assert not collector.tick() and not runs  # still typing
        clock.now += 1.5
        assert collector.tick() and len(runs) == 1  # idle: one full collection
        assert not collector.tick() and len(runs) == 1  # and only one per idle spell
        collector.input_seen()
        clock.now += 3
        assert collector.tick() and len(runs) == 2
    finally:
        gc.callbacks.remove(callback)
        collector.stop()
    assert gc.get_threshold() == before


def test_what_start_up_built_is_frozen_until_stop():
    collector = IdleCollector()
    collector.start()
    try:
        collector.settled()
        assert gc.get_freeze_count() > 0
    finally:
        collector.stop()
    assert gc.get_freeze_count() == 0
