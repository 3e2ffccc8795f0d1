"""Keys typed fast do what they do typed slowly: the same query, selection, screen and data.

Each case replays a key sequence twice, on two apps over two copies of the same library:
once as a burst (every key queued before the app handles the first, as from a fast
typist or tmux) and once slowly (after each key, waiting until the app has handled it and
every search, page and change it started is done). The two end states must be equal.
"""

from __future__ import annotations

import asyncio
import io
import shutil
import threading
import unicodedata
from dataclasses import dataclass, replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

from reader.app import create_app
from reader.library import Library, QueryError
from reader.search.as_you_type import while_typing
from tests.tui.conftest import Spy

SIZE = (80, 24)


def key_event(key: str) -> events.Key:
    """The event a terminal sends for `key` (a Textual key name or a character), as Pilot makes it."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        character = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        character = key if len(key) == 1 else None
    return events.Key(key, character)


def keys_waiting(app) -> bool:
    """Keys the app holds back, or results they wait for (`getattr`: the harness also ran before the key queue)."""
    queue = getattr(app, "keys", None)
    return bool(queue and (queue.pending or app.main.keys_wait()))


def repainted(app) -> bool:
    """No message waits in any queue of the app and its screens, and no screen waits for a
    repaint to call back (the footer's new keys, the abstract pane): the screen shows it all."""
    queue = getattr(app, "keys", None)
    quiet = queue.quiet() if hasattr(queue, "quiet") else True
    return quiet and not any(screen._callbacks for screen in app.screen_stack)


async def drain(pilot) -> None:
    """Wait until every key has been handled, every worker it started is done and the screen
    shows what they did (no sleeping: each pause lets the app run and repaint)."""
    app = pilot.app
    for _ in range(500):
        await pilot.pause()
        running = [w for w in app.workers if not w.is_finished]
        if running:
            await asyncio.gather(*(w.wait() for w in running), return_exceptions=True)
            continue
        if keys_waiting(app) or not repainted(app):
            continue
        await pilot.pause()
        if not keys_waiting(app) and not any(not w.is_finished for w in app.workers) and repainted(app):
            return
    raise AssertionError("the app never settled")


def screen_text(app) -> str:
    """What the terminal shows, as text (notices cleared: their timeouts are not the keys' doing)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True, force_terminal=True,
                      color_system="truecolor", legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens,
                                                       simplify=True))
    return console.export_text(styles=False)


@dataclass(frozen=True)
class State:
    screen: str
    focused: str
    query: str
    cursor_position: int
    results_cursor: int
    current: str | None
    similar_to: str | None
    sort: str | None
    marks: tuple[str, ...]
    data: str
    text: str


async def state_of(pilot, library: Library) -> State:
    app = pilot.app
    app.clear_notifications()
    await drain(pilot)
    main = app.main
    focused = app.focused
    data = library.export_state()
    for volatile in ("exported", "times", "tombstones"):
        data.pop(volatile, None)
    current = main.results.current
    return State(
        screen=type(app.screen).__name__,
        focused=f"{type(focused).__name__}#{focused.id}" if focused else "",
        query=main.search_bar.value,
        cursor_position=main.search_bar.cursor_position,
        results_cursor=main.results.cursor,
        current=current.paper.id if current else None,
        similar_to=main.similar_to.id if main.similar_to else None,
        sort=main.sort,
        marks=tuple(main.marks),
        data=repr(data),
        text=screen_text(app),
    )


class Libraries:
    """Fresh copies of the seeds' library (each replay writes tags, lists and statuses of its own)."""

    def __init__(self, seeds_library, tmp_path_factory):
        self.index = seeds_library.data_dir / "index"
        self.tmp = tmp_path_factory
        self.opened: list[Library] = []

    def fresh(self) -> Library:
        data = self.tmp.mktemp("replay") / "data"
        shutil.copytree(self.index, data / "index")
        library = Library.open(data)
        self.opened.append(library)
        return library

    def close(self) -> None:
        for library in self.opened:
            library.close()
        self.opened.clear()


@pytest.fixture
def libraries(seeds_library, tmp_path_factory):
    libraries = Libraries(seeds_library, tmp_path_factory)
    yield libraries
    libraries.close()


async def replay(library: Library, setup: list[str], keys: list[str], fast: bool) -> State:
    """Press `setup` slowly, then `keys` as a burst (`fast`) or one by one; the state reached."""
    app = create_app(Spy(library, elapsed=0.004), debounce=0, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await drain(pilot)
        for key in setup:
            app.post_message(key_event(key))
            await drain(pilot)
        if fast:
            for key in keys:
                app.post_message(key_event(key))
            await drain(pilot)
        else:
            for key in keys:
                app.post_message(key_event(key))
                await drain(pilot)
        return await state_of(pilot, library)


async def both_ways(libraries: Libraries, setup: list[str], keys: list[str]) -> tuple[State, State]:
    slow = await replay(libraries.fresh(), setup, keys, fast=False)
    fast = await replay(libraries.fresh(), setup, keys, fast=True)
    return slow, fast


def typed(text: str) -> list[str]:
    return [key_event(c).key for c in text]


RESULTS_OF_LANGUAGE = [*typed("language"), "enter"]

# The sequences of the issue, and others where a key changes the focus, the screen or the data.
SEQUENCES = {
    "slash then a word, from the results": (RESULTS_OF_LANGUAGE, ["slash", *typed("closing")]),
    "slash, ctrl+u, then a word": (RESULTS_OF_LANGUAGE, ["slash", "ctrl+u", *typed("closing")]),
    "a query, enter, j j": ([], [*typed("graph neural"), "enter", "j", "j"]),
    "q and ? at start": ([], [*typed("q"), "question_mark", "escape", *typed("uantum")]),
    "escape in an empty bar, then a word": ([], ["escape", "escape", *typed("stars")]),
    "enter, G, enter reads the last paper": ([], ["enter", "G", "enter"]),
    "status, undo, status from the results": (RESULTS_OF_LANGUAGE, ["r", "j", "r", "r", "u"]),
    "tag prompt typed into": (RESULTS_OF_LANGUAGE, ["t", *typed("fast"), "enter", "j", "t", *typed("slow"), "enter"]),
    "add to a list, then move": (RESULTS_OF_LANGUAGE, ["a", "enter", "j", "j", "a", "enter"]),
    "mark all, then status": ([*typed("graph"), "enter"], ["asterisk", "r", "U", "j"]),
    "sort then move": (RESULTS_OF_LANGUAGE, ["s", "j", "s", "k", "j", "j"]),
    "similar, move, back": (RESULTS_OF_LANGUAGE, ["j", "m", "j", "j", "escape", "j"]),
    "help and back, then type": ([], ["question_mark", "j", "escape", *typed("graph"), "enter", "j"]),
    "read, similar from the reading view": (RESULTS_OF_LANGUAGE, ["enter", "m", "j", "enter", "escape"]),
    "a misspelling, its suggestion, then the results": ([], [*typed("tranformers"), "tab", "enter", "j"]),
}


@pytest.mark.parametrize("name", SEQUENCES)
async def test_listed_sequences_fast_equal_slow(libraries, name):
    setup, keys = SEQUENCES[name]
    slow, fast = await both_ways(libraries, setup, keys)
    assert fast == slow


async def test_the_issues_sequences_end_where_typed(libraries):
    """Not only equal: what a person typing them slowly means."""
    setup, keys = SEQUENCES["slash then a word, from the results"]
    assert (await replay(libraries.fresh(), setup, keys, fast=True)).query == "closing"
    setup, keys = SEQUENCES["slash, ctrl+u, then a word"]
    assert (await replay(libraries.fresh(), setup, keys, fast=True)).query == "closing"
    setup, keys = SEQUENCES["a query, enter, j j"]
    library = libraries.fresh()
    state = await replay(library, setup, keys, fast=True)
    assert state.focused == "ResultsList#results" and state.results_cursor == 2
    assert state.current == library.search("graph neural", limit=3).hits[2].paper.id


async def test_the_help_key_in_the_search_bar_waits_for_the_search_typed_before_it(libraries):
    """`?` in the search bar opens the help (it types nothing): like every command it waits for
    the results of the text typed before it, as it would typed slowly."""
    spy = Spy(libraries.fresh(), elapsed=0.004)
    spy.gates[while_typing("q")] = gate = threading.Event()
    app = create_app(spy, debounce=0, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await drain(pilot)
        for key in ("q", "question_mark"):
            app.post_message(key_event(key))
        assert await asyncio.to_thread(spy.started[while_typing("q")].wait, 5)
        for _ in range(5):
            await pilot.pause()
        assert type(app.screen).__name__ == "MainScreen" and app.keys.pending == 1
        gate.set()
        await drain(pilot)
        assert type(app.screen).__name__ == "HelpScreen" and app.main.search_bar.value == "q"


# Keys of the main screen, the results, the dialogs they open and the help; not those that
# leave the app or reach outside it (q, o, y, Y, E, P).
KEYS = st.sampled_from([
    "g", "r", "a", "p", "h", "n", "e", "u", "l", "s", "t", "j", "k", "G", "m", "f", "T", "A", "U",
    "space", "asterisk", "enter", "escape", "slash", "tab", "backspace", "ctrl+u", "down", "up",
    "question_mark", "pagedown",
])


@settings(max_examples=25, deadline=None, derandomize=True,  # the same 25 sequences in every run
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(setup=st.lists(KEYS, max_size=3), keys=st.lists(KEYS, min_size=1, max_size=8))
def test_any_sequence_fast_equals_slow(libraries, setup, keys):
    try:
        slow, fast = asyncio.run(both_ways(libraries, setup, keys))
        well_formed = parses(libraries.opened[0], slow.query)
    finally:
        libraries.close()
    if not well_formed:
        # A malformed query (`ab*c`) keeps the last good results on screen, by design: which
        # those are depends on the searches run on the way, not on the keys' order (and so do the
        # marks `*` puts on them).
        slow, fast = (replace(state, results_cursor=0, current=None, text="", marks=())
                      for state in (slow, fast))
    assert fast == slow


def parses(library: Library, query: str) -> bool:
    try:
        library.search(query, limit=1)
    except QueryError:
        return False
    return True
