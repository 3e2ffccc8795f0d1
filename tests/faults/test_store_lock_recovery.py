"""A store another program locks or breaks for a while: the app says so, then picks it up again.

A second SQLite connection holds `BEGIN IMMEDIATE` on the store, as another program would.
The store's busy timeout is cut to a fraction of a second so a locked write fails at once;
the app's periodic store check is paused and driven by hand, so nothing depends on timing.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

import pytest

from reader.app import create_app
from reader.library import Library
from reader.screens.tag_prompt import TagPrompt
from reader.store import connection
from reader.widgets.abstract_pane import AbstractPane
from tests.conftest import write_dated
from tests.tui.conftest import search_for, settle


@pytest.fixture
def library(tmp_path, monkeypatch):
    monkeypatch.setattr(connection, "BUSY_TIMEOUT", 0.2)  # a locked write gives up after 0.2 s, not 10 s
    folder = tmp_path / "listings"
    folder.mkdir()
    write_dated(folder / "birds.txt", [
        ("CVJan 5, 2024", "Seeing Owls at NightIda Larsen, Bo Berg", "Owls see well at night."),
        ("CLJan 6, 2024", "Talking Parrots RevisitedAna Silva", "Parrots talk."),
    ])
    library = Library.open(tmp_path / "data", [folder])
    yield library
    library.close()


@contextmanager
def write_lock(path):
    """Another program's write transaction on the store, held until the block ends."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


async def open_on(pilot, query: str):
    """Search for `query`, go to the results, stop the store's timer: the paper under the cursor."""
    pilot.app.main.store_timer.pause()  # the test ticks it with check_store()
    await search_for(pilot, query)
    await pilot.press("enter")
    await settle(pilot)
    return pilot.app.main.results.current.paper


async def tag(pilot, name: str) -> None:
    await pilot.press("t")
    await settle(pilot)
    assert isinstance(pilot.app.screen, TagPrompt)
    for key in name:
        await pilot.press(key)
    await pilot.press("enter")
    await settle(pilot)


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


def status_text(app) -> str:
    return str(app.main.query_one("#status-text").render())


def shown_tags(app, paper_id: str) -> tuple[str, ...]:
    """The tags the app shows for a paper: in its states, the results' markers and the abstract pane."""
    pane = app.main.query_one(AbstractPane)
    assert pane.paper.id == paper_id and pane.state is not None
    markers = app.main.results._markers(paper_id)
    assert all(f"#{t}" in markers for t in pane.state.tags)
    assert app.main.states[paper_id].tags == pane.state.tags
    return pane.state.tags


async def test_a_write_while_locked_is_reported_and_the_next_tag_shows(library):
    app = create_app(library, debounce=0, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        paper = await open_on(pilot, "owls")
        with write_lock(library.data_dir / "state.sqlite3"):
            await tag(pilot, "birds")
            failed = [n for n in app._notifications if n.severity == "error"]
            assert len(failed) == 1 and "locked" in failed[0].message and "not saved" in failed[0].message
            assert not any(m.startswith("Tagged") for m in notices(app))  # no claim of success
        assert library.state(paper.id).tags == ()

        await tag(pilot, "owls")  # the lock is gone: this one is saved and shown
        assert library.state(paper.id).tags == ("owls",)
        assert shown_tags(app, paper.id) == ("owls",)
        assert app.main.store_error is None


async def test_a_store_that_could_not_be_read_is_picked_up_when_it_can(library):
    store = library.data_dir / "state.sqlite3"
    store.unlink(missing_ok=True)
    store.write_bytes(b"not a database, for now " * 100)
    app = create_app(library, debounce=0, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        paper = await open_on(pilot, "owls")
        assert app.main.store_error and "state.sqlite3" in app.main.store_error

        app.main.check_store()  # still broken: no change, and no second notice
        await settle(pilot)
        assert app.main.store_error and len([n for n in app._notifications if n.severity == "error"]) == 1

        store.unlink()  # repaired (the next use makes a new store) and tagged by another program
        other = Library.open(library.data_dir, library.seeds)
        other.tag([paper.id], ["seen-elsewhere"])
        other.close()
        app.main.check_store()  # the timer's next tick
        await settle(pilot)
        assert app.main.store_error is None
        assert "tags and lists are back" in status_text(app)
        assert shown_tags(app, paper.id) == ("seen-elsewhere",)

        await tag(pilot, "owls")
        assert library.state(paper.id).tags == ("owls", "seen-elsewhere")
        assert shown_tags(app, paper.id) == ("owls", "seen-elsewhere")
