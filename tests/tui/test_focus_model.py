"""The focus model: where keys go, that the screen shows it, and that nothing typed in the
search bar changes the user's data; the spelling suggestion and its key."""

from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.widgets import Footer

from reader.screens.help import HelpScreen
from reader.screens.main import MainScreen
from reader.widgets.status_line import StatusLine
from tests.tui.conftest import Spy, search_for, settle
from tests.tui.test_key_replay import Libraries, drain, key_event, libraries  # noqa: F401 (a fixture)


def footer_keys(app) -> dict[str, str]:
    """The footer's keys and what they do, for the screen on top."""
    app.screen.query_one(Footer)  # there is one
    return {key: active.binding.description for key, active in app.screen.active_bindings.items()
            if active.binding.show and active.enabled}


def status_text(app) -> str:
    return str(app.main.query_one(StatusLine).query_one("#status-text").render())


async def test_help_and_quit_work_from_the_first_screen(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main = app.main
        assert app.focused is main.search_bar
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert app.focused is main.search_bar and main.search_bar.value == ""
        await pilot.press(*"graph", "question_mark")  # ? has no use in a query: help, with the query kept
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")  # closes the help
        assert app.focused is main.search_bar and main.search_bar.value == "graph"
        await pilot.press("q")  # types: queries start with q
        assert main.search_bar.value == "graphq" and app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_the_footer_shows_the_keys_of_the_pane_with_the_focus(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        in_bar = footer_keys(app)
        assert in_bar["question_mark"] == "Help" and in_bar["ctrl+q"] == "Quit" and in_bar["enter"] == "Results"
        assert not {"slash", "t", "y", "f", "q"} & set(in_bar)  # they type here
        await pilot.press("enter")
        in_results = footer_keys(app)
        assert in_results["q"] == "Quit" and in_results["question_mark"] == "Help"
        assert in_results["slash"] == "Search" and in_results["enter"] == "Read"


async def test_the_pane_with_the_keys_is_marked(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main = app.main
        bar_lit, results_ruled = main.search_bar.styles.background, main.results.styles.border_top
        await pilot.press("enter")
        await pilot.pause()
        assert main.results.styles.border_top[0] == "heavy" and results_ruled[0] != "heavy"
        assert main.search_bar.styles.background != bar_lit


async def test_escape_in_an_empty_search_bar_keeps_the_focus(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "stars")
        await pilot.press("escape", "escape", *"rat")  # clears the query, then nothing: "rat" is typed
        await settle(pilot)
        assert app.focused is app.main.search_bar and app.main.search_bar.value == "rat"


async def test_slash_starts_a_new_search_with_the_query_selected(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "language")
        bar = app.main.search_bar
        await pilot.press("enter", "j", "slash")
        assert app.focused is bar and bar.selection == (0, len("language"))
        await pilot.press(*"graph")
        await settle(pilot)
        assert bar.value == "graph"
        await pilot.press("enter", "slash", "end", *" neural")  # End keeps the query to refine it
        await settle(pilot)
        assert bar.value == "graph neural"



async def test_slash_from_the_reading_view_and_the_lists_screen_starts_a_new_search(make_app):
    from reader.screens.lists import ListsScreen
    from reader.screens.reading import ReadingScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "language")
        bar = app.main.search_bar
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        await pilot.press("slash", *"graph")  # at once: the keys after / go to the search bar
        await settle(pilot)
        assert app.screen is app.main and app.focused is bar and bar.value == "graph"
        await pilot.press("enter", "L")
        await settle(pilot)
        assert isinstance(app.screen, ListsScreen)
        await pilot.press("slash")
        await settle(pilot)
        assert app.screen is app.main and app.focused is bar and bar.selection == (0, len("graph"))

# Keys a person may type believing the search bar has them: any printable key, and the
# keys that edit or clear the query. None may change the user's data.
TYPED_IN_THE_BAR = st.lists(
    st.one_of(st.characters(min_codepoint=32, max_codepoint=0x2FF, exclude_characters="\x7f"),
              st.sampled_from(["escape", "backspace", "ctrl+u", "question_mark", "space"])),
    min_size=1, max_size=30)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.sampled_from(["first screen", "after slash", "after escape"]), keys=TYPED_IN_THE_BAR)
def test_nothing_typed_in_the_search_bar_changes_the_data(libraries, start, keys):  # noqa: F811
    async def run() -> tuple[dict, dict, object]:
        library = libraries.fresh()
        library.tag([library.search("language", limit=1).hits[0].paper.id], ["kept"])  # something undo could undo
        before = library.export_state()
        app = create(library)
        async with app.run_test(size=(100, 30)) as pilot:
            await drain(pilot)
            if start != "first screen":
                for key in ["enter", "slash"] if start == "after slash" else ["enter", "escape"]:
                    app.post_message(key_event(key))
                    await drain(pilot)
            for key in keys:
                app.post_message(key_event(key))
            await drain(pilot)
            where = (type(app.screen), app.focused)
            bar = app.main.search_bar
        return before, library.export_state(), where, bar

    try:
        before, after, (screen, focused), bar = asyncio.run(run())
    finally:
        libraries.close()
    for volatile in ("exported",):
        before.pop(volatile), after.pop(volatile)
    assert after == before
    assert screen is HelpScreen or (screen is MainScreen and focused is bar)


def create(library):
    from reader.app import create_app

    return create_app(Spy(library, elapsed=0.004), debounce=0, cursor_blink=False)


# the spelling suggestion ---------------------------------------------------------------------
async def test_a_query_without_hits_offers_its_suggestion_with_the_key_to_take_it(make_app, seeds_library):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "tranformers")
        main = app.main
        said = "No papers match “tranformers” — did you mean “transformers”? Press Tab to search for it."
        assert status_text(app) == said and main.results.empty_lines == (said,)
        assert "tab" not in footer_keys(app)  # said where the eyes are; the footer stays put while typing
        await pilot.press("enter")  # to the results; the query stays as typed
        await settle(pilot)
        assert main.search_bar.value == "tranformers" and app.focused is main.results
        await pilot.press("tab")
        await settle(pilot)
        assert main.search_bar.value == "transformers"
        assert main.results.total == seeds_library.search("transformers").total > 0
        await pilot.press("tab")  # no suggestion: Tab moves the focus as usual
        assert app.focused is not main.results


async def test_tab_takes_the_suggestion_from_the_search_bar(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "tranformers")
        await pilot.press("tab")
        await settle(pilot)
        assert app.main.search_bar.value == "transformers" and app.focused is app.main.search_bar
