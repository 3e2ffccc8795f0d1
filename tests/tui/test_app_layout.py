"""Sizes from too small to wide, facets, and untrusted listing text shown literally."""

from __future__ import annotations

import webbrowser

import pytest
from textual import events

from reader.library import Library
from reader.models import Hit, Paper
from reader.screens.main import MainScreen
from reader.screens.reading import ReadingScreen
from reader.screens.too_small import TooSmallScreen
from reader.search.as_you_type import while_typing
from reader.widgets.abstract_pane import AbstractPane
from reader.widgets.facets_sidebar import FacetsSidebar
from reader.widgets.filter_bar import FilterBar
from reader.widgets.paper_view import PaperView
from tests.conftest import write_dated
from tests.tui.conftest import results_for, search_for, settle

HOSTILE = [
    ("CVJan 5, 2024", "[bold]Bold Claims[/] about Vision ModelsIda Larsen, Bo Berg",
     "We test [CLS] tokens and [/] closers at 5% rates."),
    ("CLJan 6, 2024", "[@click=app.quit]Click Me[/] for Free TokensAna Silva",
     "A [link=https://evil]phish[/link] abstract with [@click=app.quit]a trap[/]."),
    ("LGJan 7, 2024", "The [CLS] Token Is All You NeedMia Wong et al. · [red]evil-org[/red]",
     "Escape \x1b[2J sequences \x1b]8;;http://x\x07 here."),
]


def screen_text(widget) -> str:
    """The characters a widget puts on the screen."""
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


async def test_80x24_stacks_the_panes(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await search_for(pilot, "graph")
        main = app.main
        assert main.has_class("-narrow") and main.has_class("-short")
        results, pane = main.results, main.query_one(AbstractPane)
        assert results.region.x == pane.region.x and pane.region.y >= results.region.bottom
        assert results.region.height >= 8 and pane.region.height >= 8
        assert results.current.paper.title.split()[0] in screen_text(results)
        assert main.query_one("Footer").region.bottom == 24


async def test_120x40_puts_the_panes_side_by_side(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "graph")
        main = app.main
        assert main.has_class("-wide") and main.has_class("-tall")
        results, pane = main.results, main.query_one(AbstractPane)
        assert results.region.y == pane.region.y and pane.region.x >= results.region.right
        assert results.region.width >= 60


async def test_a_too_small_terminal_says_so_and_recovers(make_app):
    app = make_app()
    async with app.run_test(size=(50, 12)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TooSmallScreen)
        assert "Terminal too small: 50×12" in str(app.screen.query_one("#too-small").render())
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.main.results.total > 0
        await pilot.resize_terminal(70, 10)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "70×10" in str(app.screen.query_one("#too-small").render())
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_facets_count_and_filter(make_app, seeds_library):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "language")
        await pilot.press("enter", "f")
        await settle(pilot)
        sidebar = app.main.query_one(FacetsSidebar)
        assert sidebar.display
        options = sidebar.query_one("OptionList")
        assert app.focused is options
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert {"cat:CL", "year:2024", "org:deepmind"} <= set(ids)
        facets = seeds_library.facets("language")
        cl = dict(facets.categories)["CL"]
        await pilot.press("g")  # the first count, then j/k as in the results
        first = options.highlighted
        assert options.get_option_at_index(first).id
        await pilot.press("j", "j", "k")
        assert options.highlighted == first + 1
        options.highlighted = ids.index("cat:CL")
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.filters == ["cat:CL"]
        results = app.main.results
        assert results.total == cl == seeds_library.search("language cat:CL").total
        assert all(results._hits[i].paper.category == "CL" for i in range(results.total))
        chips = app.main.query_one(FilterBar)
        assert chips.display and "cat:CL" in str(chips.query_one(".chip").label)
        ticked = str(options.get_option("cat:CL").prompt)
        assert ticked.startswith("✓")
        await pilot.press("escape")  # closes the sidebar
        assert not sidebar.display and app.focused is results
        await pilot.click(chips.query_one(".chip"))  # removing the chip lifts the filter
        await settle(pilot)
        assert app.main.filters == [] and results.total == seeds_library.search("language").total
        assert not chips.display


async def test_a_filter_alone_lists_newest_first(make_app, seeds_library):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "f")
        await settle(pilot)
        app.main.post_message(FacetsSidebar.Toggled("org:deepmind"))
        await settle(pilot)
        expected = seeds_library.search("org:deepmind", limit=50, sort="newest")
        results = app.main.results
        assert [results._hits[i].paper.id for i in range(results.total)] == [h.paper.id for h in expected.hits]


@pytest.fixture
def hostile_library(tmp_path):
    folder = tmp_path / "listings"
    folder.mkdir()
    write_dated(folder / "hostile.txt", HOSTILE)
    library = Library.open(tmp_path / "data", [folder])
    yield library
    library.close()


async def test_hostile_titles_render_literally_and_do_nothing(make_app, hostile_library, monkeypatch):
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: True)
    app = make_app(hostile_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        listed = screen_text(app.main.results)
        for literal in ("[bold]Bold Claims[/]", "[@click=app.quit]Click Me[/]", "The [CLS] Token"):
            assert literal in listed
        for y in range(6):  # click every title and byline: nothing fires
            await pilot.click(app.main.results, offset=(3, y))
            await pilot.pause()
        assert app.is_running and isinstance(app.screen, MainScreen)
        papers = {h.paper.title: h for h in app.main.results._hits.values()}
        app.main.results.cursor = list(papers).index("[@click=app.quit]Click Me[/] for Free Tokens")
        await pilot.pause()
        pane = app.main.query_one(AbstractPane)
        shown = " ".join(screen_text(pane).split())
        assert "[@click=app.quit]Click Me[/] for Free Tokens" in shown
        assert "[link=https://evil]phish[/link]" in shown and "[@click=app.quit]a trap[/]" in shown
        await pilot.click(pane, offset=(2, 0))
        await pilot.press("o")  # the notice quotes the title literally
        await settle(pilot)
        notice = next(n for n in app._notifications if n.message.startswith("Opening"))
        assert "[@click=app.quit]Click Me[/]" in notice.message and notice.markup is False
        await pilot.press("enter", "enter")
        assert isinstance(app.screen, ReadingScreen)
        assert "[@click=app.quit]Click Me[/]" in str(app.screen.query_one(PaperView).render())
        assert app.is_running


async def test_escape_sequences_never_reach_the_screen(make_app, hostile_library):
    evil = Paper(
        id="0123456789ab", title="Red \x1b[31mAlert\x1b[0m and \x9b2J bidi \u202eevil",
        authors=("Eve \x1b]8;;http://x\x07Link",), abstract="Clear \x1b[2J the \x07screen \u2066now.",
    )
    app = make_app(hostile_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.main.results.show(99, (Hit(evil, 1.0),), 1)
        await pilot.pause()
        pane = app.main.query_one(AbstractPane)
        texts = [screen_text(app.main.results), screen_text(pane)]
        for text in texts:
            assert not any(ord(c) < 32 and c != "\n" or 0x7F <= ord(c) <= 0x9F for c in text)
            assert "\u202e" not in text and "\u2066" not in text
        assert "Red Alert" in texts[0] and "Eve Link" in texts[0]


async def test_the_scroll_range_and_position_follow_every_new_total(make_app, seeds_library):
    """A new total without a layout pass still sizes the scroll range; the title says where the cursor is."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        results = app.main.results
        for query in ("language", "graph neural", "diffusion", "cohen", "language"):
            await search_for(pilot, query)
            total = results.total
            assert total == seeds_library.search(while_typing(query)).total
            assert results.virtual_size.height == 2 * total
            assert results.border_title == f"Results · 1 of {total:,}"
            await pilot.press("enter", "G")
            await settle(pilot)
            assert results.cursor == total - 1 and results.border_title == f"Results · {total:,} of {total:,}"
            assert results.scroll_y == results.max_scroll_y == max(0, 2 * total - results.scrollable_content_region.height)
        await pilot.press("g")
        await pilot.pause()
        results.post_message(events.MouseScrollDown(results, 5, 5, 0, 0, 0, False, False, False))
        await pilot.pause()
        assert results.scroll_y > 0  # the wheel scrolls without a scrollbar
        hits = tuple(seeds_library.search("language", limit=100).hits)
        results.show(results.token, hits, 300)  # at once, before any layout pass could fix it up
        assert results.virtual_size.height == 600 and results.max_scroll_y == 600 - results.scrollable_content_region.height


async def test_the_pane_scrolls_through_every_word_and_starts_each_paper_at_the_top(make_app, seeds_library):
    """The pane draws its own lines: all of a long abstract can be scrolled to, at any width."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        results = await results_for(pilot, "language")
        pane = app.main.query_one(AbstractPane)
        longest = max(range(min(results.total, 50)), key=lambda i: len(results._hits[i].paper.abstract))
        results.cursor = longest
        await settle(pilot)
        paper = results.current.paper
        assert pane.paper == paper and pane.virtual_size.height > pane.scrollable_content_region.height
        seen = []
        for top in [*range(0, pane.max_scroll_y, pane.scrollable_content_region.height), pane.max_scroll_y]:
            pane.scroll_to(y=top, animate=False, immediate=True)
            await pilot.pause()
            seen.append(screen_text(pane))
        words = " ".join(" ".join(seen).split())
        assert pane.border_title == "Abstract · 100%"  # as far down as it goes, as a pager says it
        assert " ".join(pane.document.plain.split()[-12:]) in words
        assert all(word in words for word in pane.document.plain.split())
        pane.scroll_to(y=0, animate=False, immediate=True)
        pane.post_message(events.MouseScrollDown(pane, 2, 2, 0, 0, 0, False, False, False))
        await pilot.pause()
        assert pane.scroll_y > 0  # the wheel scrolls it, with no scrollbar drawn
        await pilot.press("k")
        await settle(pilot)
        assert pane.paper != paper and pane.scroll_y == 0
        assert pane.border_title in ("Abstract · top", "Abstract · all")  # a new paper starts at its top
        await pilot.resize_terminal(120, 40)  # re-wrapped to the new width, still nothing lost
        await settle(pilot)
        assert pane.virtual_size.height == len(pane._wrapped()) < 2 * pane.document.plain.count(" ")
        assert max(len(line.rstrip()) for line in screen_text(pane).splitlines()) <= pane.scrollable_content_region.width


async def test_typing_scrolls_a_long_query_without_laying_out_the_screen(make_app, monkeypatch):
    """Each keystroke repaints the bar (and the results), never re-arranges every widget."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        bar = app.main.search_bar
        bar.focus()
        await settle(pilot)
        layouts = []
        original = MainScreen._refresh_layout
        monkeypatch.setattr(MainScreen, "_refresh_layout", lambda self, *a, **k: layouts.append(1) or original(self, *a, **k))
        text = "graph neural networks for molecules and materials with long queries that overflow qq"
        for char in text:
            await pilot.press("space" if char == " " else char)
        assert len(layouts) <= len(text) // 8  # when the results' scrollbar comes or goes, not per key
        await settle(pilot)
        assert bar.value == text and bar.scroll_x > 0
        assert bar.render_line(0).text.rstrip().endswith("overflow qq")
        await pilot.press("home")
        await pilot.pause()
        assert bar.render_line(0).text.startswith("graph neural")
