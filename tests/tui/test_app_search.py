"""Searching in the app: typing, stale answers, failures, empty and malformed queries, start-up."""

from __future__ import annotations

import asyncio
import threading

from reader.app import LibraryProgress, create_app
from reader.search.as_you_type import while_typing
from reader.widgets.results_list import ResultsList
from reader.widgets.status_line import StatusLine
from tests.tui.conftest import Spy, search_for, settle


def status_text(app) -> str:
    return str(app.main.query_one("#status-text").render())


async def test_empty_query_lists_every_paper_newest_first(make_app, seeds_library):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        results = app.main.query_one(ResultsList)
        assert results.total == seeds_library.count()
        expected = [h.paper.id for h in seeds_library.search("", limit=5, sort="newest").hits]
        assert [results._hits[i].paper.id for i in range(5)] == expected
        assert "newest first" in status_text(app)
        assert app.focused is app.main.search_bar


async def test_typing_updates_the_list_and_status(make_app, spy, seeds_library):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press(*"diffusion")
        await settle(pilot)
        expected = seeds_library.search(while_typing("diffusion"), limit=100)  # the word may go on
        results = app.main.results
        assert results.total == expected.total
        assert results.current.paper.id == expected.hits[0].paper.id
        assert spy.queries[-1] == "(diffusion OR diffusion*)"
        assert f"{expected.total} papers · by relevance" in status_text(app)


async def test_typing_is_debounced(seeds_library):
    spy = Spy(seeds_library)
    app = create_app(spy, debounce=0.5, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert spy.queries == [""]
        await pilot.press("g")  # the first key after a pause searches at once
        assert await asyncio.to_thread(spy.finished["g"].wait, 10)
        await pilot.press(*"raph")  # well inside one debounce period of that search
        assert await asyncio.to_thread(spy.finished[while_typing("graph")].wait, 10)
        await settle(pilot)
        assert spy.queries == ["", "g", while_typing("graph")]  # one search for the burst, none per keystroke


async def test_a_stale_slow_search_never_overwrites_a_newer_one(make_app, spy, seeds_library, monkeypatch):
    spy.gates[while_typing("diffusion")] = gate = threading.Event()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shown = []  # the query of every result that reaches the list from now on
        show = app.main.results.show
        monkeypatch.setattr(app.main.results, "show", lambda *a, **k: shown.append(app.main.result.query) or show(*a, **k))
        bar = app.main.search_bar
        bar.value = "diffusion"
        assert await asyncio.to_thread(spy.started[while_typing("diffusion")].wait, 10)  # the slow search is running
        for text in ("dif", "graph neural", "graph"):  # the user keeps typing meanwhile
            bar.value = text
            await pilot.pause()
        gate.set()  # the slow search finishes only now
        await settle(pilot)
        assert spy.queries == ["", while_typing("diffusion"), while_typing("graph")]  # superseded ones never ran
        assert shown == ["graph"]  # the stale answer was dropped
        graph = seeds_library.search(while_typing("graph"), limit=100)
        assert app.main.results.total == graph.total
        assert app.main.results.current.paper.id == graph.hits[0].paper.id


async def test_an_answer_that_arrives_after_a_newer_one_is_dropped(make_app, seeds_library):
    from reader.screens.main import SearchDone

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "diffusion")
        old = app.main._searches.token
        await search_for(pilot, "graph")
        late = seeds_library.search("diffusion", limit=100)
        app.main.post_message(SearchDone(old, "diffusion", "relevance", late))
        await settle(pilot)
        assert app.main.result.query == "graph"
        assert app.main.results.total == seeds_library.search(while_typing("graph")).total


async def test_a_failing_search_leaves_the_app_running_with_a_notice(make_app, spy):
    spy.failures[while_typing("explode")] = RuntimeError("the index caught fire [bold]")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await search_for(pilot, "explode")
        notices = list(app._notifications)
        assert notices and notices[-1].severity == "error"
        assert "the index caught fire [bold]" in notices[-1].message
        assert notices[-1].markup is False
        await search_for(pilot, "graph")  # still searching
        assert app.is_running and app.main.result.query == "graph"


async def test_a_malformed_query_gets_a_one_line_hint(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = app.main.results.total
        await search_for(pilot, '"unclosed')
        status = app.main.query_one(StatusLine)
        assert "closing" in status_text(app) and "\n" not in status_text(app)
        assert status.has_class("-error")
        assert app.main.results.total == before  # the last good results stay
        await search_for(pilot, "graph")
        assert not status.has_class("-error")


async def test_a_half_typed_query_shows_what_its_finished_part_finds(make_app, seeds_library):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await search_for(pilot, "graph (neur")
        expected = seeds_library.search("graph ((neur OR neur*))", limit=100)
        assert expected.total > 0
        results = app.main.results
        assert results.total == expected.total
        assert results.current.paper.id == expected.hits[0].paper.id
        status = app.main.query_one(StatusLine)
        assert "closing" in status_text(app) and status.has_class("-error")
        await search_for(pilot, "diffusion OR")  # a dangling operator is left out until its word comes
        assert results.total == seeds_library.search("(diffusion OR diffusion*)").total > 0
        assert "OR" in status_text(app)


async def test_no_hits_says_so_and_tab_takes_the_suggestion(make_app, seeds_library):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await search_for(pilot, "tranformers")
        results = app.main.results
        assert results.total == 0
        assert "No papers match “tranformers”" in results.empty_lines[0]
        assert any("transformers" in line for line in results.empty_lines)
        assert "No papers match" in status_text(app)
        await pilot.press("enter")  # goes to the results: never silently replaces the query
        await settle(pilot)
        assert app.main.search_bar.value == "tranformers" and app.focused is results
        await pilot.press("tab")
        await settle(pilot)
        assert app.main.search_bar.value == "transformers"
        assert results.total == seeds_library.search("transformers").total > 0


async def test_start_up_opens_the_library_in_a_worker_with_progress(seeds_library):
    release = threading.Event()

    def opener(progress):
        progress("indexing", 1000, 4000)
        assert release.wait(10)
        return seeds_library

    app = create_app(opener, debounce=0, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(50):  # the progress message arrives while the opener still works
            await pilot.pause()
            if "1,000 of 4,000" in status_text(app):
                break
        assert "Building the search index: 1,000 of 4,000" in status_text(app)
        assert app.main.query_one("#status-progress").display
        assert app.library is None and app.is_running
        release.set()
        await settle(pilot)
        assert app.library is seeds_library
        assert app.main.results.total == seeds_library.count()
        assert not app.main.query_one("#status-progress").display


async def test_an_opener_that_returns_at_once_still_shows_results(seeds_library):
    app = create_app(lambda progress: seeds_library, debounce=0, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.main.results.total == seeds_library.count()


async def test_a_missing_index_is_rebuilt_with_progress(tmp_path):
    from reader.library import Library

    seen = []
    app = create_app(lambda progress: Library.open(tmp_path / "fresh", None, progress), debounce=0)
    async with app.run_test(size=(120, 40), message_hook=lambda m: seen.append(m)) as pilot:
        await settle(pilot)
        assert any(isinstance(m, LibraryProgress) and m.stage == "indexing" for m in seen)
        assert app.library.report.rebuilt and app.main.results.total == app.library.count() > 0
        app.library.close()


async def test_a_library_that_cannot_open_exits_with_a_message(tmp_path):
    from reader.library import Library

    app = create_app(lambda progress: Library.open(tmp_path / "d", [tmp_path / "nowhere"], progress))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
    assert app.return_code == 2
    assert "does not exist: check --seeds" in app.error


async def test_full_collections_wait_while_the_app_runs(make_app):
    import gc

    from reader.idle_gc import NEVER

    before = gc.get_threshold()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert gc.get_threshold()[2] == NEVER
        await pilot.press("g")
        assert not app.collector._collected  # a key counts as input
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
