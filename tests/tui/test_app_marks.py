"""Mark all and unmark all in the app, and bulk tagging of what they mark."""

from __future__ import annotations

import threading

from tests.tui.conftest import Spy, results_for, settle
from tests.tui.test_app_state import type_into_dialog


def status(app) -> str:
    return str(app.main.query_one("#status-text").render())


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_mark_all_marks_every_result_beyond_the_loaded_page_and_t_tags_them(make_app, library):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        results = await results_for(pilot, "language ")
        total = app.main.result.total
        assert total > len(results.loaded_ids())  # more results than are loaded
        await pilot.press("asterisk")
        await settle(pilot)
        expected = {h.paper.id for h in library.search(app.main._shown[0], limit=None).hits}
        assert set(app.main.marks) == expected and len(expected) == total
        assert f"{total:,} marked" in status(app)
        await pilot.press("t")
        await type_into_dialog(pilot, "bulk")
        assert {h.paper.id for h in library.search("tag:bulk", limit=None).hits} == expected
        assert not app.main.marks


async def test_unmark_all_clears_the_marks(make_app, library):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await results_for(pilot, "diffusion ")
        await pilot.press("U")
        assert "Nothing is marked." in notices(app)
        await pilot.press("space", "space", "asterisk")
        await settle(pilot)
        assert len(app.main.marks) == app.main.result.total
        await pilot.press("U")
        assert not app.main.marks and "marked" not in status(app)
        await pilot.press("t")  # with no marks, t tags the highlighted paper alone
        await type_into_dialog(pilot, "one")
        assert library.search("tag:one").total == 1


async def test_mark_all_in_similar_papers_marks_those(make_app, library):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await results_for(pilot, "diffusion ")
        await pilot.press("m")
        await settle(pilot)
        similar = [h.paper.id for h in app.main.result.hits]
        await pilot.press("asterisk")
        assert list(app.main.marks) == similar and similar


async def test_marks_fetched_for_a_search_the_user_has_left_are_dropped(make_app, library):
    spy = Spy(library)
    app = make_app(spy)
    async with app.run_test(size=(120, 40)) as pilot:
        await results_for(pilot, "language ")
        shown = app.main._shown[0]
        spy.gates[shown] = gate = threading.Event()
        spy.started[shown].clear()
        await pilot.press("asterisk")
        assert spy.started[shown].wait(5)  # the worker is fetching every result
        fetching = [w for w in app.main.workers if w.group == "mark-all"]
        app.main.search_bar.value = "graph"  # a new search meanwhile
        await pilot.pause()
        gate.set()
        await fetching[0].wait()
        await settle(pilot)
        assert not app.main.marks and "graph" in app.main._shown[0]
