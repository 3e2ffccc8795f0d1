"""Fixtures for the app's Pilot and snapshot tests: a library stand-in that can stall or fail."""

from __future__ import annotations

import asyncio
import shutil
import threading
from collections import defaultdict
from dataclasses import replace

import pytest

from reader.app import ReaderApp, create_app
from reader.library import Library


class Spy:
    """Passes calls to a real Library; a query can be held at a gate or made to fail.

    `elapsed` fixes the reported search time, so screenshots do not change from run to run.
    """

    def __init__(self, library, elapsed: float | None = None):
        self.library = library
        self.elapsed = elapsed
        self.queries: list[str] = []
        self.gates: dict[str, threading.Event] = {}
        self.failures: dict[str, Exception] = {}
        self.started: dict[str, threading.Event] = defaultdict(threading.Event)
        self.finished: dict[str, threading.Event] = defaultdict(threading.Event)

    def search(self, query, limit=20, sort="relevance"):
        self.queries.append(query)
        self.started[query].set()
        try:
            if query in self.gates:
                assert self.gates[query].wait(10), f"gate for {query!r} never opened"
            if query in self.failures:
                raise self.failures[query]
            result = self.library.search(query, limit=limit, sort=sort)
            return result if self.elapsed is None else replace(result, elapsed=self.elapsed)
        finally:
            self.finished[query].set()

    def similar(self, paper_id, limit=30):
        result = self.library.similar(paper_id, limit)
        return result if self.elapsed is None else replace(result, elapsed=self.elapsed)

    def __getattr__(self, name):
        return getattr(self.library, name)


@pytest.fixture
def spy(seeds_library) -> Spy:
    return Spy(seeds_library)


@pytest.fixture
def make_app(spy):
    """Build the app over the spy (or another library), without debounce or cursor blink."""

    def make(library=None, **options) -> ReaderApp:
        options = {"debounce": 0, "cursor_blink": False, **options}
        return create_app(library if library is not None else spy, **options)

    return make


async def settle(pilot) -> None:
    """Wait until every worker has finished (or failed, or was cancelled) and its messages are handled."""
    for _ in range(20):
        await pilot.pause()
        running = [w for w in pilot.app.workers if not w.is_finished]
        if not running:
            break
        await asyncio.gather(*(w.wait() for w in running), return_exceptions=True)
    await pilot.pause()


async def search_for(pilot, text: str) -> None:
    """Type a query into the search bar (replacing what is there) and wait for the results."""
    bar = pilot.app.main.search_bar
    bar.focus()
    bar.value = text
    await settle(pilot)


@pytest.fixture
def library(seeds_library, tmp_path):
    """A library of its own (the seeds' index copied), so tags and keys written here stay here."""
    shutil.copytree(seeds_library.data_dir / "index", tmp_path / "data" / "index")
    library = Library.open(tmp_path / "data")
    yield library
    library.close()


async def results_for(pilot, query: str):
    """Search for `query`, go to the results and wait: the results list."""
    await search_for(pilot, query)
    await pilot.press("enter")
    await settle(pilot)
    return pilot.app.main.results
