"""The reading lists screen (`L`): where its keys go, Enter into the reading view, its keys in the
footer and `?`, errors said; and browsing a list in its own order from the search."""

from __future__ import annotations

import pytest
from textual import events
from textual.geometry import Region
from textual.widgets import Label
from textual.widgets._footer import FooterKey

from reader.keys import KEYS, keys_for
from reader.screens.help import HelpScreen
from reader.screens.lists import ListsScreen
from reader.screens.picker import Picker
from reader.screens.reading import ReadingScreen
from tests.tui.conftest import search_for, settle


def three_lists(library) -> list[str]:
    """"Reading list" with three graph papers, then "Thesis" and "Zoo" with none; the papers' ids."""
    papers = [h.paper.id for h in library.search("graph", limit=3).hits]
    library.list_add("Reading list", papers)
    library.create_list("Thesis")
    library.create_list("Zoo")
    return papers


async def open_lists(pilot) -> ListsScreen:
    await settle(pilot)
    await pilot.press("enter", "L")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ListsScreen)
    return pilot.app.screen


def heading_lit(screen: ListsScreen, column: str) -> bool:
    """Whether the heading of a column shows that its pane has the keys."""
    other = "#lists-papers-column" if column == "#lists-column" else "#lists-column"
    return (screen.query_one(f"{column} Label", Label).styles.background
            != screen.query_one(f"{other} Label", Label).styles.background)


async def test_the_keys_start_on_the_names_and_j_k_g_G_move_in_the_pane_that_has_them(make_app, library):
    papers = three_lists(library)
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_lists(pilot)
        assert app.focused is screen.names and heading_lit(screen, "#lists-column")
        await pilot.press("j")
        await settle(pilot)
        assert screen.names.highlighted == 1 and screen.chosen == "Thesis" and screen.papers == []
        await pilot.press("G")
        await settle(pilot)
        assert screen.chosen == "Zoo"
        await pilot.press("g")
        await settle(pilot)
        assert screen.chosen == "Reading list" and [p.id for p in screen.papers] == papers
        await pilot.press("enter")  # into the list's papers
        assert app.focused is screen.paper_list and heading_lit(screen, "#lists-papers-column")
        await pilot.press("j")
        assert screen.paper_list.highlighted == 1
        await pilot.press("G")
        assert screen.paper_list.highlighted == 2
        await pilot.press("k")
        assert screen.paper_list.highlighted == 1
        await pilot.press("g")
        assert screen.paper_list.highlighted == 0 and screen.names.highlighted == 0  # the names stayed put
        await pilot.press("escape")  # back to the names, then out
        assert app.focused is screen.names
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.main


async def test_enter_on_a_paper_opens_the_reading_view_and_escape_comes_back_to_it(make_app, library):
    papers = three_lists(library)
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_lists(pilot)
        await pilot.press("enter", "j", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen) and app.screen.hit.paper.id == papers[1]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and app.focused is screen.paper_list and screen.paper_list.highlighted == 1


def burst(app, *keys: str) -> None:
    """Keys as a terminal delivers a burst: all read before the first is handled."""
    for key in keys:
        app.post_message(events.Key(key, None))


async def test_keys_typed_at_once_on_the_lists_screen_act_as_typed_slowly(make_app, library):
    papers = three_lists(library)
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_lists(pilot)
        burst(app, "j", "k", "enter", "j", "enter")  # each list loads in a worker meanwhile
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen) and app.screen.hit.paper.id == papers[1]
        # back on paper 2: it moves to the end (the second move finds it there), then g, d removes paper 1
        await pilot.press("escape", "shift+down", "shift+down", "g", "d")
        await settle(pilot)
        assert library.list_ids("Reading list") == [papers[2], papers[1]]


async def test_enter_on_an_empty_list_says_it_is_empty_and_tab_does_not_leave_the_names(make_app, library):
    three_lists(library)
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_lists(pilot)
        await pilot.press("j")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is screen.names
        assert "“Thesis” has no papers yet" in list(app._notifications)[-1].message
        await pilot.press("tab", "j")
        await settle(pilot)
        assert app.focused is screen.names and screen.chosen == "Zoo"


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
async def test_the_footer_shows_the_essential_lists_keys_whole(make_app, library, size):
    three_lists(library)
    app = make_app(library)
    async with app.run_test(size=size) as pilot:
        screen = await open_lists(pilot)
        await pilot.press("enter")  # the papers: every key applies
        await pilot.pause()
        shown = {key.action: key for key in screen.query(FooterKey)}
        essential = [key for key in keys_for("lists") if key.footer] + [
            key for key in keys_for("app") if key.action in ("help", "quit")]
        for key in essential:
            assert key.action in shown, key.action
            region = shown[key.action].region
            assert region.right <= size[0] and region.width > len(key.label), f"{key.label} is cut off"


async def test_help_lists_every_key_of_the_lists_screen(make_app, library):
    three_lists(library)
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_lists(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one("#help-text")
        lines = text.render_lines(Region(0, 0, text.size.width, text.size.height))
        help_text = " ".join(" ".join(strip.text.split()) for strip in lines)
        assert "Reading lists (L)" in help_text
        for key in KEYS:
            if key.scope == "lists":
                assert key.help in help_text and key.display in help_text, key.action


async def test_shift_arrows_reorder_and_d_removes_only_where_the_papers_have_the_keys(make_app, library):
    papers = three_lists(library)
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_lists(pilot)
        await pilot.press("shift+down", "d")  # on the names: nothing to move or remove
        await settle(pilot)
        assert library.list_ids("Reading list") == papers
        await pilot.press("enter", "shift+down")
        await settle(pilot)
        assert library.list_ids("Reading list") == [papers[1], papers[0], papers[2]]
        assert screen.paper_list.highlighted == 1
        await pilot.press("shift+up", "d")
        await settle(pilot)
        assert library.list_ids("Reading list") == [papers[1], papers[2]]


async def test_a_change_the_store_refuses_is_said_not_lost(make_app, library):
    three_lists(library)
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_lists(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, Picker)
        field = app.screen.query_one("#picker-new")
        assert field.value == "Reading list"  # the old name, to edit
        field.value = "Thesis"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ListsScreen)
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert errors and "exists already" in errors[-1]
        assert [name for name, _ in library.lists()] == ["Reading list", "Thesis", "Zoo"]


async def test_the_palette_on_the_lists_screen_offers_its_actions_and_runs_them(make_app, library):
    three_lists(library)
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_lists(pilot)
        commands = {c.title: c for c in app.get_system_commands(screen)}
        for key in keys_for("lists"):
            assert key.label in commands, key.label
        await commands["Last"].callback()  # what the palette runs
        await settle(pilot)
        assert screen.chosen == "Zoo"


def status(app) -> str:
    return str(app.main.query_one("#status-text").render())


async def test_a_list_search_is_in_list_order_until_another_sort_is_chosen(make_app, library):
    ids = [h.paper.id for h in library.search("graph", limit=5).hits]
    order = [ids[3], ids[0], ids[4], ids[1]]  # not the order relevance gives
    library.list_add("Reading list", order)
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await search_for(pilot, 'list:"Reading list"')
        assert [h.paper.id for h in app.main.result.hits] == order
        assert "in list order" in status(app)
        await pilot.press("enter", "s")
        await settle(pilot)
        assert "by relevance" in status(app)
        by_relevance = [h.paper.id for h in library.search('list:"Reading list"', limit=None).hits]
        assert [h.paper.id for h in app.main.result.hits] == by_relevance != order
        for _ in range(4):  # newest, oldest, title, then list order again
            await pilot.press("s")
            await settle(pilot)
        assert app.main.sort == "list" and "in list order" in status(app)
        assert [h.paper.id for h in app.main.result.hits] == order
        await search_for(pilot, "graph")  # no list: list order means relevance
        assert "by relevance" in status(app)
        await search_for(pilot, 'graph list:"Reading list"')
        assert [h.paper.id for h in app.main.result.hits] == order
