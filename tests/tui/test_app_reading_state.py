"""The reading view's state and citation keys: each does to the paper being read what it does to
the highlighted result, says so, and the view shows the paper's tags, lists, status and note."""

from __future__ import annotations

import shutil

import pytest

from reader.library import Library
from reader.models import PaperState
from reader.screens.note_editor import NoteEditor
from reader.screens.picker import Picker
from reader.screens.reading import ReadingScreen
from reader.screens.style_picker import StylePicker
from reader.screens.tag_prompt import TagPrompt
from reader.widgets.paper_view import LABEL_WIDTH, PaperView
from tests.tui.conftest import results_for, settle

QUERY = "graph "


async def type_text(pilot, text: str) -> None:
    for key in text:
        await pilot.press({" ": "space", ",": "comma"}.get(key, key))


async def tag(pilot):
    await pilot.press("t")
    await settle(pilot)
    assert isinstance(pilot.app.screen, TagPrompt)
    await type_text(pilot, "ml, to-read")
    await pilot.press("enter")


async def untag(pilot):
    await pilot.press("T")
    await settle(pilot)
    assert isinstance(pilot.app.screen, Picker)
    await pilot.press("down", "enter")  # the second of a, b


async def list_add(pilot):
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(pilot.app.screen, Picker)
    await pilot.press("enter")  # "Reading list", there from the start


async def list_remove(pilot):
    await pilot.press("A")
    await settle(pilot)
    assert isinstance(pilot.app.screen, Picker)
    await pilot.press("enter")  # "Queue", the first in name order


async def status(pilot):
    await pilot.press("r", "r")


async def note(pilot):
    await pilot.press("n")
    await settle(pilot)
    assert isinstance(pilot.app.screen, NoteEditor)
    await type_text(pilot, "check [bold] proofs")
    await pilot.press("ctrl+s")


async def undo(pilot):
    await pilot.press("r")
    await settle(pilot)
    await pilot.press("u")


def before(library: Library, paper_id: str) -> None:
    """What the paper has before each key: two tags and a list, for T and A to remove."""
    library.tag([paper_id], ["a", "b"])
    library.create_list("Queue")
    library.list_add("Queue", [paper_id])


STATE_KEYS = {  # key: (what it does, the paper's state afterwards, what the notice starts with)
    "t": (tag, PaperState(tags=("a", "b", "ml", "to-read"), lists=("Queue",)), "Tagged “"),
    "T": (untag, PaperState(tags=("a",), lists=("Queue",)), "Removed the tag b from “"),
    "a": (list_add, PaperState(tags=("a", "b"), lists=("Reading list", "Queue")), "Added “"),  # lists as created
    "A": (list_remove, PaperState(tags=("a", "b")), "Removed “"),
    "r": (status, PaperState(tags=("a", "b"), lists=("Queue",), status="read"), "“"),
    "n": (note, PaperState(tags=("a", "b"), lists=("Queue",), note="check [bold] proofs"), "Saved the note on “"),
    "u": (undo, PaperState(tags=("a", "b"), lists=("Queue",)), "Undone: "),
}


@pytest.fixture
def other_library(seeds_library, tmp_path):
    """A second library of its own, to do the same thing on the results."""
    shutil.copytree(seeds_library.data_dir / "index", tmp_path / "other" / "index")
    library = Library.open(tmp_path / "other")
    yield library
    library.close()


def detail(label: str, value: str) -> str:
    """A detail line of the reading view, as drawn."""
    return f"{label:<{LABEL_WIDTH}} {value}"


def last_notice(app) -> str:
    return list(app._notifications)[-1].message


def shown(app) -> str:
    """The reading view's text as drawn."""
    return str(app.screen.query_one(PaperView).render())


async def on_the_results(make_app, library, act) -> tuple[str, str]:
    """Do `act` on the first result of QUERY: (paper id, what the app said)."""
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        paper = (await results_for(pilot, QUERY)).current.paper
        before(library, paper.id)
        app.main.load_states([paper.id])
        await settle(pilot)
        await act(pilot)
        await settle(pilot)
        return paper.id, last_notice(app)


@pytest.mark.parametrize("key", STATE_KEYS)
async def test_each_state_key_does_in_the_reading_view_what_it_does_on_the_results(
        make_app, library, other_library, key):
    act, expected, said = STATE_KEYS[key]
    paper_id, said_on_results = await on_the_results(make_app, other_library, act)
    assert other_library.state(paper_id) == expected and said_on_results.startswith(said)

    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        paper = (await results_for(pilot, QUERY)).current.paper
        assert paper.id == paper_id
        before(library, paper.id)
        await pilot.press("enter")
        await settle(pilot)
        reading = app.screen
        assert isinstance(reading, ReadingScreen)
        assert detail("Tags", "a, b") in shown(app) and detail("Lists", "Queue") in shown(app)
        await act(pilot)
        await settle(pilot)
        assert app.screen is reading  # the key acted here, and the view stays
        assert library.state(paper.id) == expected
        assert last_notice(app) == said_on_results
        assert reading.query_one(PaperView).state == expected  # the view shows the state as saved
        text = shown(app)
        assert (detail("Tags", "") + ", ".join(expected.tags) in text) == bool(expected.tags)
        assert (detail("Lists", "") + ", ".join(expected.lists) in text) == bool(expected.lists)
        assert (detail("Status", "read") in text) == (expected.status == "read")
        assert (detail("Note", "check [bold] proofs") in text) == bool(expected.note)
        await pilot.press("escape")
        await settle(pilot)
        assert app.main.states[paper.id] == expected  # the results heard of the change too


async def test_u_undoes_a_change_made_in_the_reading_view_and_ctrl_r_redoes_it_and_the_view_follows(make_app, library):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        paper = (await results_for(pilot, QUERY)).current.paper
        await pilot.press("enter")
        await settle(pilot)
        await tag(pilot)
        await settle(pilot)
        assert detail("Tags", "ml, to-read") in shown(app)
        await pilot.press("u")
        await settle(pilot)
        assert library.state(paper.id).tags == ()
        assert detail("Tags", "") not in shown(app)
        assert last_notice(app).startswith("Undone: ")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert library.state(paper.id).tags == ("ml", "to-read")
        assert detail("Tags", "ml, to-read") in shown(app)
        assert last_notice(app).startswith("Redone: ")


async def test_y_and_Y_copy_the_paper_being_read_as_they_copy_the_highlighted_result(
        make_app, library, monkeypatch):
    copied: list[tuple[str, str]] = []
    app = make_app(library)
    monkeypatch.setattr(app, "copy_text", lambda text, what: copied.append((text, what)))
    async with app.run_test(size=(120, 40)) as pilot:
        paper = (await results_for(pilot, QUERY)).current.paper
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert len(copied) == 2 and copied[0] == copied[1]
        assert copied[1][0] == library.export([paper], app.config.citation_style)
        await pilot.press("Y")
        await settle(pilot)
        assert isinstance(app.screen, StylePicker)
        await pilot.press("down", "enter")  # APA
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        assert copied[2] == (library.export([paper], "apa"), f"apa for “{' '.join(paper.title.split())}”")


async def test_o_opens_the_paper_being_read_and_m_lists_papers_like_it(make_app, library, monkeypatch):
    opened: list[str] = []
    app = make_app(library)
    monkeypatch.setattr(app, "_browse", opened.append)
    async with app.run_test(size=(120, 40)) as pilot:
        paper = (await results_for(pilot, QUERY)).current.paper
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert opened == [library.browser_url(paper.id, app.config.browser_url)]
        await pilot.press("m")
        await settle(pilot)
        assert app.screen is app.main and app.main.similar_to == paper
        assert paper.id not in {h.paper.id for h in app.main.result.hits}


async def test_a_change_made_elsewhere_shows_when_the_paper_is_opened(make_app, library):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        paper = (await results_for(pilot, QUERY)).current.paper
        library.set_note(paper.id, "read by someone else")  # after the results read its state
        await pilot.press("enter")
        await settle(pilot)
        assert detail("Note", "read by someone else") in shown(app)


async def test_with_the_store_unusable_a_state_key_in_the_reading_view_says_so(make_app, library):
    library.data_dir.joinpath("state.sqlite3").write_bytes(b"this is not a database" * 100)
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await results_for(pilot, QUERY)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        assert "Your change was not saved" in last_notice(app)


async def test_a_state_key_remapped_in_the_config_moves_in_the_reading_view_too(make_app, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[keys]\ntag = "x"\n', encoding="utf-8")
    app = make_app(config_path=config)
    async with app.run_test(size=(120, 40)) as pilot:
        await results_for(pilot, QUERY)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)  # t no longer tags
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, TagPrompt)


@pytest.mark.parametrize("given", ["open", "opened by the app"])
async def test_a_change_another_process_makes_while_the_paper_is_read_shows_there(make_app, library, given):
    """Made right after the app opened, before the first periodic check: that check must not take the
    store as changed already as its starting point (it did, and the change never showed)."""
    app = make_app(library if given == "open" else lambda progress: library)  # the CLI's way: an opener
    async with app.run_test(size=(120, 40)) as pilot:
        paper = (await results_for(pilot, QUERY)).current.paper
        await pilot.press("enter")
        await settle(pilot)
        other = Library.open(library.data_dir)  # as `reader tag` in a shell would
        try:
            other.tag([paper.id], ["from-the-shell"])
        finally:
            other.close()
        assert detail("Tags", "from-the-shell") not in shown(app)
        app.main.check_store()  # what the main screen's check every few seconds does
        await settle(pilot)
        assert detail("Tags", "from-the-shell") in shown(app)
