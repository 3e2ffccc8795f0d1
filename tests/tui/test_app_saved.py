"""Saved searches in the app: S saves the query with its filters and sort; 1-9, the facets
sidebar and the palette run one; the sidebar's counts are live; digits typed in the search bar
stay digits."""

from __future__ import annotations

from textual.command import CommandPalette

from reader.screens.confirm import ConfirmDialog
from reader.screens.main import MainScreen
from reader.screens.picker import Picker
from reader.widgets.facets_sidebar import SAVED, FacetsSidebar
from tests.tui.conftest import results_for, search_for, settle
from tests.tui.test_app_facets import choose, option_ids
from tests.tui.test_app_state import type_into_dialog


def sidebar_line(app, name: str) -> str:
    options = app.main.query_one(FacetsSidebar).query_one("OptionList")
    return str(options.get_option(f"{SAVED}{name}").prompt)


async def test_S_saves_the_query_with_its_filters_and_sort(make_app, library):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await results_for(pilot, "language ")
        await pilot.press("f")
        await settle(pilot)
        await choose(pilot, "year:none")  # a filter from the sidebar
        await pilot.press("escape", "s")  # close the sidebar; relevance → newest
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, Picker)
        await type_into_dialog(pilot, "old lang")
        assert isinstance(app.screen, MainScreen)
        [saved] = library.saved_searches()
        assert (saved.name, saved.query, saved.sort, saved.position) == ("old lang", "(language) year:none", "newest", 1)
        assert any("Saved search 1: “old lang”" in n.message for n in app._notifications)


async def test_saving_under_a_name_in_use_asks_before_replacing(make_app, library):
    library.save_search("graphs", "graph")
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await results_for(pilot, "graph neural ")
        await pilot.press("S")
        await settle(pilot)
        await type_into_dialog(pilot, "GRAPHS")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert library.saved_search("graphs").query == "graph"
        await pilot.press("S")
        await settle(pilot)
        await type_into_dialog(pilot, "graphs")
        await pilot.press("y")
        await settle(pilot)
        assert [(s.name, s.query) for s in library.saved_searches()] == [("graphs", "graph neural")]


async def test_a_query_that_cannot_be_read_is_not_saved_and_says_why(make_app, library):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await results_for(pilot, '"reward model')
        await pilot.press("S")
        await settle(pilot)
        await type_into_dialog(pilot, "broken")
        assert library.saved_searches() == []
        assert any("cannot save this search: unclosed quote" in n.message for n in app._notifications)


async def test_number_keys_run_the_saved_search_in_that_place(make_app, library):
    library.save_search("graphs", "graph", "title")
    library.save_search("old", "language year:none", "newest")
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        results = await results_for(pilot, "diffusion ")
        await pilot.press("2")
        await settle(pilot)
        main = app.main
        assert (main.search_bar.value, main.filters, main.sort) == ("language year:none ", [], "newest")
        assert results.total == library.search("language year:none").total > 0
        await pilot.press("1")
        await settle(pilot)
        assert (main.search_bar.value, main.sort) == ("graph ", "title")
        assert [h.paper.id for h in main.result.hits[:5]] == [
            h.paper.id for h in library.search("graph", limit=5, sort="title").hits]
        await pilot.press("9")
        await settle(pilot)
        assert main.search_bar.value == "graph "
        assert any("No saved search 9: there are 2" in n.message for n in app._notifications)


async def test_digits_typed_in_the_search_bar_stay_digits(make_app, library):
    library.save_search("graphs", "graph")
    library.save_search("old", "language")
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "")
        await pilot.press(*"year:2023", "space", "1", "2")
        await settle(pilot)
        assert app.main.search_bar.value == "year:2023 12"
        assert app.main.search_bar.has_focus


async def test_the_sidebar_lists_saved_searches_with_live_counts_and_runs_one(make_app, library):
    library.save_search("tagged", "tag:ml")
    library.save_search("graphs", "graph", "oldest")
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        results = await results_for(pilot, "diffusion ")
        await pilot.press("f")
        await settle(pilot)
        ids = option_ids(app)
        assert ids.index(f"{SAVED}tagged") < ids.index(f"{SAVED}graphs") < ids.index("year:none")
        assert sidebar_line(app, "tagged").split() == ["1", "tagged", "0"]
        graphs = library.search("graph").total
        assert sidebar_line(app, "graphs").split() == ["2", "graphs", f"{graphs:,}"]
        await pilot.press("escape", "t")  # tag the highlighted paper: the count follows
        await settle(pilot)
        await type_into_dialog(pilot, "ml")
        await pilot.press("f")
        await settle(pilot)
        assert sidebar_line(app, "tagged").split() == ["1", "tagged", "1"]
        await choose(pilot, f"{SAVED}graphs")
        assert (app.main.search_bar.value, app.main.sort) == ("graph ", "oldest")
        assert results.total == graphs


async def test_the_palette_runs_a_saved_search_by_name(make_app, library):
    library.save_search("morning", "language year:none", "newest")
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await results_for(pilot, "diffusion ")
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"morning")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert (app.main.search_bar.value, app.main.sort) == ("language year:none ", "newest")


async def test_the_palettes_saved_search_command_offers_them_all(make_app, library):
    library.save_search("graphs", "graph")
    library.save_search("diffusion", "diffusion model")
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await results_for(pilot, "language ")
        command = next(c for c in app.get_system_commands(app.main) if c.title == "Saved search")
        app.call_later(command.callback)  # as the palette runs it
        await settle(pilot)
        assert isinstance(app.screen, Picker)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.main.search_bar.value == "diffusion model "


async def test_a_saved_search_name_in_the_palette_is_text_never_markup(make_app, library):
    name = "[b]Bold[/b] [@click=app.quit]x[/]"
    library.save_search(name, "language model", "newest")
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await results_for(pilot, "diffusion ")
        await pilot.press("ctrl+p")
        await pilot.press(*"Bold")
        await settle(pilot)
        options = app.screen.query_one("CommandList")
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(f"Saved search 1: {name}" in prompt for prompt in prompts), prompts
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, MainScreen)
        assert app.main.search_bar.value == "language model "


async def test_a_search_saved_from_the_command_line_appears_in_the_sidebar(make_app, library):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await results_for(pilot, "diffusion ")
        await pilot.press("f")
        await settle(pilot)
        assert not any(i and i.startswith(SAVED) for i in option_ids(app))
        app.main.check_store()  # what the watch does every few seconds: nothing changed yet
        await settle(pilot)
        library.save_search("graphs", "graph")  # as `reader saved add` in another process would
        app.main.check_store()
        await settle(pilot)
        assert sidebar_line(app, "graphs").split() == ["1", "graphs", f"{library.search('graph').total:,}"]
        await pilot.press("1")
        await settle(pilot)
        assert app.main.search_bar.value == "graph "
