"""Every key of the issue, the mouse, the palette and the help screen."""

from __future__ import annotations

import webbrowser
from urllib.parse import quote_plus

from textual.command import CommandPalette
from textual.geometry import Region

from reader.keys import KEYS, RESERVED
from reader.screens.help import HelpScreen
from reader.screens.main import MainScreen
from reader.screens.reading import ReadingScreen
from reader.widgets.abstract_pane import AbstractPane
from reader.widgets.paper_view import PaperView
from reader.widgets.results_list import PAGE
from tests.tui.conftest import search_for, settle


def pane_paper(app):
    return app.main.query_one(AbstractPane).paper


async def test_moving_updates_the_pane(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "language")
        results = app.main.results
        assert pane_paper(app) == results.current.paper
        await pilot.press("enter")  # from the search bar to the results
        assert app.focused is results
        await pilot.press("j", "j", "down")
        assert results.cursor == 3 and pane_paper(app) == results.current.paper
        await pilot.press("k", "up")
        assert results.cursor == 1 and pane_paper(app) == results.current.paper


async def test_keys_typed_right_after_enter_reach_the_results(make_app):
    from textual import events

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "language")
        # As from a fast typist or tmux: both keys are queued before either is handled.
        app.post_message(events.Key("enter", "\r"))
        app.post_message(events.Key("j", "j"))
        await settle(pilot)
        assert app.main.search_bar.value == "language"
        assert app.focused is app.main.results and app.main.results.cursor == 1
        for key, character in [("slash", "/"), ("a", "a"), ("i", "i")]:
            app.post_message(events.Key(key, character))
        await settle(pilot)
        # `/` selects the old query, so the letters typed behind it replace it
        assert app.focused is app.main.search_bar and app.main.search_bar.value == "ai"


async def test_first_last_and_paging_load_pages_on_demand(make_app, seeds_library):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        results = app.main.results
        assert results.total > PAGE and len(results._hits) == PAGE  # only the first page is loaded
        await pilot.press("enter", "G")
        await settle(pilot)
        assert results.cursor == results.total - 1
        last = seeds_library.page("", results.total - 1, 1, "newest")[0]
        assert results.current.paper.id == last.paper.id and pane_paper(app) == last.paper
        assert len(results._hits) < results.total  # pages in the middle were never fetched
        await pilot.press("g")
        assert results.cursor == 0
        page = results.scrollable_content_region.height // 2
        await pilot.press("pagedown")
        assert results.cursor == page
        await pilot.press("pageup")
        assert results.cursor == 0


async def test_arrows_move_the_results_while_the_search_bar_keeps_focus(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "graph")
        await pilot.press("down", "down", "up")
        assert app.main.results.cursor == 1 and app.focused is app.main.search_bar


async def test_slash_focuses_search_and_escape_steps_back(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "graph")
        main = app.main
        await pilot.press("enter")
        assert app.focused is main.results
        await pilot.press("slash")
        assert app.focused is main.search_bar
        await pilot.press("escape")  # clears the query
        await settle(pilot)
        assert main.search_bar.value == "" and main.results.total == app.library.count()
        await pilot.press("escape")  # an empty search bar keeps the focus: what is typed next still types
        assert app.focused is main.search_bar
        await pilot.press("enter", "escape")  # Esc in the results steps back to the bar
        assert app.focused is main.search_bar


async def test_enter_opens_the_reading_view_and_escape_keeps_the_selection(make_app):
    app = make_app()
    async with app.run_test(size=(70, 16)) as pilot:
        await search_for(pilot, "language models")
        await pilot.press("enter", "j", "j")
        chosen = app.main.results.current.paper
        await pilot.press("enter")
        reading = app.screen
        assert isinstance(reading, ReadingScreen) and reading.query_one(PaperView).paper == chosen
        scroller = reading.scroller
        await pilot.pause()
        assert scroller.max_scroll_y > 5  # the paper is longer than the screen
        await pilot.press("j", "j")
        await pilot.pause()
        assert scroller.scroll_y == 2
        await pilot.press("G")
        await pilot.pause()
        assert scroller.scroll_y == scroller.max_scroll_y > 2
        await pilot.press("g")
        await pilot.pause()
        assert scroller.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert scroller.scroll_y > 2
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        assert app.main.results.cursor == 2 and app.main.results.current.paper == chosen
        assert app.focused is app.main.results


async def test_s_cycles_the_sort(make_app, seeds_library):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "language")
        await pilot.press("enter")
        seen = []
        for expected in ("newest", "oldest", "title", "relevance"):
            await pilot.press("s")
            await settle(pilot)
            assert app.main.sort == expected
            ids = [app.main.results._hits[i].paper.id for i in range(5)]
            assert ids == [h.paper.id for h in seeds_library.search("language", limit=5, sort=expected).hits]
            seen.append(str(app.main.query_one("#status-text").render()))
        assert "newest first" in seen[0] and "oldest first" in seen[1] and "by title" in seen[2]


async def test_m_lists_similar_papers_and_escape_goes_back(make_app, seeds_library):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "diffusion")
        await pilot.press("enter", "j")
        source = app.main.results.current.paper
        await pilot.press("m")
        await settle(pilot)
        expected = seeds_library.similar(source.id)
        assert app.main.similar_to == source
        assert [app.main.results._hits[i].paper.id for i in range(app.main.results.total)] == [
            h.paper.id for h in expected.hits
        ]
        assert source.id not in {h.paper.id for h in expected.hits}
        assert "papers like" in str(app.main.query_one("#status-text").render())
        await pilot.press("escape")
        await settle(pilot)
        assert app.main.similar_to is None and app.main.result.query == "diffusion"
        assert app.main.results.current.paper == source  # back where we were


async def test_m_in_the_reading_view_lists_papers_like_it(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "diffusion")
        await pilot.press("enter", "enter")
        paper = app.screen.hit.paper
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.main.similar_to == paper


async def test_o_opens_an_arxiv_search_in_the_browser(make_app, monkeypatch):
    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "graph")
        await pilot.press("enter", "o")
        await settle(pilot)
        title = app.main.results.current.paper.title
        assert opened == [f"https://arxiv.org/search/?query={quote_plus(title)}&searchtype=title"]
        await pilot.press("enter", "o")  # and from the reading view
        await settle(pilot)
        assert len(opened) == 2


async def test_question_mark_shows_every_key(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = app.screen.query_one("#help-text")
        lines = shown.render_lines(Region(0, 0, shown.size.width, shown.size.height))
        text = " ".join(" ".join(strip.text.split()) for strip in lines)
        for key in KEYS:
            assert key.help in text and key.display in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_the_palette_offers_every_action_and_runs_it(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        titles = {c.title for c in app.get_system_commands(app.main)}
        for key in KEYS:
            if key.scope in ("main", "results", "app") and key.action not in ("quit", "command_palette"):
                assert key.label in titles
        assert "Quit" in titles
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Sort")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.main.sort == "newest"


async def test_q_quits(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_keys_for_later_issues_are_left_free():
    bound = {k for key in KEYS for k in key.keys.split(",")}
    assert not bound & set(RESERVED)
    from textual.binding import Binding

    for screen in (MainScreen, ReadingScreen):
        keys = {k for b in screen.BINDINGS if isinstance(b, Binding) for k in b.key.split(",")}
        assert not keys & set(RESERVED)


async def test_the_mouse_selects_and_double_click_opens(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "graph")
        results = app.main.results
        await pilot.click(results, offset=(5, 4))  # the third paper's title line
        assert results.cursor == 2
        await pilot.double_click(results, offset=(5, 4))
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen) and app.screen.hit == results.current
