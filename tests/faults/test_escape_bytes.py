"""Hostile tag names, list names and notes: no escape sequence from them reaches the screen,
and the store refuses them when typed and cleans them (with a warning) when imported.

The app half puts the names straight into a store (as an old store, written before the
import cleaned anything, could hold them), opens the app headless and checks the text of
every cell the compositor would send to the terminal, on every screen that shows them.
"""

from __future__ import annotations

import shutil
import time

import pytest

from reader.app import create_app
from reader.library import Library
from reader.screens.help import HelpScreen
from reader.screens.lists import ListsScreen
from reader.screens.note_editor import NoteEditor
from reader.screens.picker import Picker
from reader.screens.reading import ReadingScreen
from reader.screens.tag_prompt import TagPrompt
from reader.store.errors import StateError
from tests.tui.conftest import results_for, settle

CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4K\x07"  # OSC 52: write the clipboard
TITLE = "\x1b]0;pwned\x07"  # OSC 0: set the window title
WIPE = "\x1b[2J"  # CSI: erase the screen
C1 = "\x9b31m\x9d0;x\x9c"  # 8-bit CSI, OSC and ST
HOSTILE_TAG = f"evil{CLIPBOARD}tag{WIPE}".lower()  # as the store keeps tags
HOSTILE_LIST = f"Later{TITLE}{WIPE}list{C1}"
HOSTILE_NOTE = f"see{WIPE} this\x07 note{TITLE}\nsecond{C1} line{CLIPBOARD}"
FORBIDDEN = {"\x1b", "\x07"} | {chr(c) for c in range(0x80, 0xA0)}


def screen_text(app) -> str:
    """Every character the compositor would draw for the current screen (and those under it)."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return "".join(
        segment.text for line in update.strips for strip in line for segment in strip if not segment.control
    )


def assert_clean(app, where: str) -> str:
    text = screen_text(app)
    found = sorted({f"U+{ord(c):04X}" for c in text if c in FORBIDDEN})
    assert not found, f"{where}: {', '.join(found)} reached the screen"
    return text


def notices(app) -> str:
    """The notifications the app holds (a toast may not be drawn yet), checked like the screen."""
    text = "\n".join(f"{n.title} {n.message}" for n in app._notifications)
    found = sorted({f"U+{ord(c):04X}" for c in text if c in FORBIDDEN})
    assert not found, f"notices: {', '.join(found)} in {text!r}"
    return text


@pytest.fixture
def hostile(seeds_library, tmp_path):
    """A library whose first papers for `diffusion` carry a hostile tag, list and note."""
    shutil.copytree(seeds_library.data_dir / "index", tmp_path / "data" / "index")
    library = Library.open(tmp_path / "data")
    ids = [hit.paper.id for hit in library.search("diffusion", limit=5).hits]
    now = time.time()
    with library.store.conn.writing() as db:
        list_id = db.execute("INSERT INTO lists(name, created) VALUES (?, ?)", (HOSTILE_LIST, now)).lastrowid
        for position, pid in enumerate(ids):
            db.execute("INSERT INTO paper_tags(paper_id, tag, added) VALUES (?, ?, ?)", (pid, HOSTILE_TAG, now))
            db.execute("INSERT INTO list_papers(list_id, paper_id, position, added) VALUES (?, ?, ?, ?)",
                       (list_id, pid, position, now))
            db.execute("INSERT INTO notes(paper_id, text, changed) VALUES (?, ?, ?)", (pid, HOSTILE_NOTE, now))
    yield library
    library.close()


@pytest.mark.slow
async def test_no_screen_draws_an_escape_sequence_from_a_hostile_name(hostile):
    app = create_app(hostile, debounce=0, cursor_blink=False)
    async with app.run_test(size=(140, 45)) as pilot:
        results = await results_for(pilot, "diffusion ")
        assert hostile.state(results.current.paper.id).tags == (HOSTILE_TAG,)
        assert "evil" in assert_clean(app, "main screen")

        await pilot.press("f")
        await settle(pilot)
        assert "evil" in assert_clean(app, "facets sidebar")
        await pilot.press("f")
        await settle(pilot)

        await pilot.press("L")
        await settle(pilot)
        assert isinstance(app.screen, ListsScreen)
        assert "Later" in assert_clean(app, "lists screen")
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, Picker)
        assert "Later" in assert_clean(app, "add-to-list picker")
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, Picker)
        assert "Later" in assert_clean(app, "remove-from-list picker")
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("T")
        await settle(pilot)
        assert isinstance(app.screen, Picker)
        assert "evil" in assert_clean(app, "untag picker")
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TagPrompt)
        await pilot.press("e", "v")  # the prompt suggests the existing tag
        await settle(pilot)
        assert "evil" in assert_clean(app, "tag prompt's completion")
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)
        assert "second" in assert_clean(app, "note editor")
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        assert " ".join(app.screen.hit.paper.title.split()[:2]) in assert_clean(app, "reading view")
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert_clean(app, "help")
        notices(app)


async def test_choosing_a_hostile_list_works_and_says_so_cleanly(hostile):
    """The lists screen hands back the stored name, so an old hostile list can be deleted."""
    app = create_app(hostile, debounce=0, cursor_blink=False)
    async with app.run_test(size=(140, 45)) as pilot:
        await results_for(pilot, "diffusion ")
        await pilot.press("L")
        await settle(pilot)
        await pilot.press("down")  # from the "Reading list" every library starts with
        await settle(pilot)
        assert app.screen.chosen == HOSTILE_LIST
        assert_clean(app, "lists screen with the hostile list chosen")
        await pilot.press("D")
        await settle(pilot)
        assert "Later" in assert_clean(app, "delete-list dialog")
        await pilot.press("y")
        await settle(pilot)
        assert [name for name, _ in hostile.lists()] == ["Reading list"]
        assert_clean(app, "lists screen after deleting")
        assert "Deleted the list “Laterlist31m0;x”" in notices(app)


async def test_untagging_a_hostile_tag_works(hostile):
    """The untag picker hands back the stored name, so an old hostile tag can be removed."""
    app = create_app(hostile, debounce=0, cursor_blink=False)
    async with app.run_test(size=(140, 45)) as pilot:
        results = await results_for(pilot, "diffusion ")
        paper = results.current.paper
        await pilot.press("T")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert hostile.state(paper.id).tags == ()


async def test_the_notice_after_untagging_a_hostile_tag_is_clean(hostile):
    app = create_app(hostile, debounce=0, cursor_blink=False)
    async with app.run_test(size=(140, 45)) as pilot:
        await results_for(pilot, "diffusion ")
        await pilot.press("T")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert_clean(app, "screen after untagging")
        assert "Removed the tag evil" in notices(app)


async def test_filtering_by_a_hostile_tag_draws_a_clean_chip(hostile):
    app = create_app(hostile, debounce=0, cursor_blink=False)
    async with app.run_test(size=(140, 45)) as pilot:
        await results_for(pilot, "diffusion ")
        await pilot.press("f")
        await settle(pilot)
        options = app.screen.query_one("#facet-options")
        options.focus()
        options.highlighted = next(i for i in range(options.option_count)
                                   if (options.get_option_at_index(i).id or "").startswith("tag:"))
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.filters, "choosing the tag facet set no filter"
        assert "evil" in assert_clean(app, "main screen filtered by the hostile tag")


# --- the store: typed names are refused, imported ones cleaned with a warning ---------------


@pytest.mark.parametrize("name", [HOSTILE_TAG, "a\x00b", "bell\x07", "c1\x9bx", "rtl\u202eoverride"])
def test_a_typed_tag_or_list_name_with_control_characters_is_refused(hostile, name):
    pid = hostile.search("diffusion", limit=1).hits[0].paper.id
    with pytest.raises(StateError, match="control characters") as caught:
        hostile.tag([pid], name)
    assert not FORBIDDEN & set(str(caught.value))
    with pytest.raises(StateError, match="control characters"):
        hostile.create_list(name)
    with pytest.raises(StateError, match="control characters"):
        hostile.rename_tag(HOSTILE_TAG, name)


def test_an_import_cleans_names_and_notes_and_warns_once_per_value(hostile):
    pid = hostile.search("diffusion", limit=1).hits[0].paper.id
    other = hostile.search("language", limit=1).hits[0].paper.id
    data = {
        "format": "reader-state",
        "tags": {f"cl{CLIPBOARD}ip": [pid], "plain": [pid], "\x1b[2J": [other]},
        "lists": [{"name": f"Read{TITLE}me", "papers": [pid, other]}],
        "notes": {other: f"a note{WIPE}\r\nwith two lines\x9c"},
    }
    summary = hostile.import_state(data)
    warnings = summary["warnings"]
    assert len(warnings) == 4, warnings  # two tags, a list, a note
    assert all(not FORBIDDEN & set(w) for w in warnings)
    assert any("clip" in w for w in warnings) and any("Readme" in w for w in warnings)
    assert summary["tags"] == 2 and summary["lists"] == 1 and summary["notes"] == 1
    state = hostile.state(pid)
    assert set(state.tags) == {HOSTILE_TAG, "clip", "plain"}
    assert "Readme" in state.lists
    assert hostile.state(other).note == "a note\nwith two lines"
    for name, _ in hostile.tags() + hostile.lists():
        assert name in (HOSTILE_TAG, HOSTILE_LIST) or not FORBIDDEN & set(name)


def test_a_clean_import_has_no_warnings_key(hostile):
    pid = hostile.search("diffusion", limit=1).hits[0].paper.id
    summary = hostile.import_state({"format": "reader-state", "tags": {"ml": [pid]}})
    assert "warnings" not in summary and summary["tags"] == 1
