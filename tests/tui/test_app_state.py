"""The store keys in the app: marks, tags, lists, status, notes, undo, and the lists screen."""

from __future__ import annotations

from reader.screens.lists import ListsScreen
from reader.screens.note_editor import NoteEditor
from reader.screens.picker import Picker
from reader.screens.tag_prompt import TagPrompt
from reader.widgets.abstract_pane import AbstractPane
from tests.tui.conftest import results_for, settle


async def type_into_dialog(pilot, text: str) -> None:
    await settle(pilot)
    for key in text:
        await pilot.press(key if key not in " ," else {" ": "space", ",": "comma"}[key])
    await pilot.press("enter")
    await settle(pilot)


async def test_t_tags_the_highlighted_paper_and_the_list_and_pane_show_it(make_app, library):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        results = await results_for(pilot, "diffusion ")
        paper = results.current.paper
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TagPrompt)
        await type_into_dialog(pilot, "ml, to-read")
        assert library.state(paper.id).tags == ("ml", "to-read")
        assert "#ml #to-read" in results._markers(paper.id)
        pane = app.main.query_one(AbstractPane)
        assert pane.state is not None and pane.state.tags == ("ml", "to-read")
        assert {h.paper.id for h in library.search("tag:ml", limit=None).hits} == {paper.id}


async def test_the_tag_prompt_completes_from_existing_tags(make_app, library):
    first = next(iter(library.papers()))
    library.tag([first.id], ["transformers"])
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        results = await results_for(pilot, "graph ")
        await pilot.press("t")
        await settle(pilot)
        for key in "ml,tra":
            await pilot.press("comma" if key == "," else key)
        await settle(pilot)
        await pilot.press("right", "enter")  # → accepts the completion
        await settle(pilot)
        assert library.state(results.current.paper.id).tags == ("ml", "transformers")


async def test_space_marks_three_papers_and_t_tags_them_all_then_escape_clears(make_app, library):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        results = await results_for(pilot, "language ")
        ids = [results._hits[i].paper.id for i in range(3)]
        await pilot.press("space", "space", "space")  # each mark moves down
        assert list(app.main.marks) == ids
        assert "3 marked" in str(app.main.query_one("#status-text").render())
        await pilot.press("t")
        await type_into_dialog(pilot, "bulk")
        assert all(library.state(i).tags == ("bulk",) for i in ids)
        assert not app.main.marks  # a bulk action uses the marks up
        await pilot.press("space", "escape")
        assert not app.main.marks and app.focused is results


async def test_T_removes_a_tag_chosen_from_a_picker(make_app, library):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        results = await results_for(pilot, "graph ")
        paper = results.current.paper
        library.tag([paper.id], ["a", "b"])
        app.main.load_states([paper.id])
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        assert isinstance(app.screen, Picker)
        await pilot.press("down", "enter")  # the second tag, b
        await settle(pilot)
        assert library.state(paper.id).tags == ("a",)


async def test_a_adds_to_a_new_or_existing_list_and_A_removes(make_app, library):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        results = await results_for(pilot, "graph ")
        paper = results.current.paper
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, Picker)
        await pilot.press("enter")  # the first list: "Reading list", there from the start
        await settle(pilot)
        assert library.list_ids("Reading list") == [paper.id]
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("tab")
        await type_into_dialog(pilot, "Thesis")
        assert library.list_ids("Thesis") == [paper.id]
        await pilot.press("A")
        await settle(pilot)
        await pilot.press("enter")  # lists in name order: Reading list first
        await settle(pilot)
        assert library.list_ids("Reading list") == [] and library.state(paper.id).lists == ("Thesis",)


async def test_r_cycles_status_and_n_saves_a_note_then_u_undoes_both(make_app, library):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        results = await results_for(pilot, "graph ")
        paper = results.current.paper
        await pilot.press("r")
        await settle(pilot)
        assert library.status(paper.id) == "reading"
        await pilot.press("r")
        await settle(pilot)
        assert library.status(paper.id) == "read" and "✓ read" in results._markers(paper.id)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)
        for key in "check [bold] proofs":
            await pilot.press("space" if key == " " else key)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert library.note(paper.id) == "check [bold] proofs"
        assert {h.paper.id for h in library.search("note:proofs", limit=None).hits} == {paper.id}
        await pilot.press("u")
        await settle(pilot)
        assert library.note(paper.id) == ""
        await pilot.press("u")
        await settle(pilot)
        assert library.status(paper.id) == "reading"
        assert "Undone" in app._notifications._notifications[list(app._notifications._notifications)[-1]].message


async def test_L_opens_the_lists_and_shift_arrows_reorder(make_app, library):
    papers = [h.paper.id for h in library.search("graph", limit=3).hits]
    library.list_add("Reading list", papers)
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "L")
        await settle(pilot)
        assert isinstance(app.screen, ListsScreen)
        assert app.screen.chosen == "Reading list" and [p.id for p in app.screen.papers] == papers
        await pilot.press("enter")  # into the list's papers
        await pilot.press("shift+down")
        await settle(pilot)
        assert library.list_ids("Reading list") == [papers[1], papers[0], papers[2]]
        assert app.screen.paper_list.highlighted == 1
        await pilot.press("d")
        await settle(pilot)
        assert library.list_ids("Reading list") == [papers[1], papers[2]]
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert app.screen is app.main


async def test_a_broken_store_is_reported_once_and_search_goes_on(make_app, library):
    library.data_dir.joinpath("state.sqlite3").write_bytes(b"this is not a database" * 100)
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        results = await results_for(pilot, "graph ")
        assert results.total > 0 and app.main.store_error
        errors = [n for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1 and "state.sqlite3" in errors[0].message
