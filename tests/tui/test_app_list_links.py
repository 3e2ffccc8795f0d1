"""A list linked to a file, changed in the app: the file follows, and a hand-edited one is a warning."""

from __future__ import annotations

from tests.bibtex_entries import bibtex_entries
from tests.tui.conftest import results_for, settle
from tests.tui.test_app_state import type_into_dialog


def _notices(app) -> list[tuple[str, str]]:
    return [(n.message, n.severity) for n in app._notifications]


async def test_tagging_in_the_app_rewrites_the_linked_file(make_app, library, tmp_path):
    bib = tmp_path / "thesis.bib"
    library.create_list("Thesis")
    library.link_list("Thesis", bib)
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        results = await results_for(pilot, "graph ")
        paper = results.current.paper
        library.list_add("Thesis", [paper.id])
        await pilot.press("t")
        await type_into_dialog(pilot, "ml")
        [entry] = bibtex_entries(bib.read_text())
        assert entry["ID"] == library.pinned_keys()[paper.id] and entry["keywords"] == "ml"
        assert not [n for n in _notices(app) if n[1] == "warning"]


async def test_a_hand_edited_linked_file_is_left_and_the_app_says_how_to_resolve_it(make_app, library, tmp_path):
    bib = tmp_path / "thesis.bib"
    library.create_list("Thesis")
    library.link_list("Thesis", bib)
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        results = await results_for(pilot, "graph ")
        library.list_add("Thesis", [results.current.paper.id])
        edited = bib.read_bytes() + b"% mine\n"
        bib.write_bytes(edited)
        await pilot.press("t")
        await type_into_dialog(pilot, "ml")
        await settle(pilot)
        warnings = [message for message, severity in _notices(app) if severity == "warning"]
        assert len(warnings) == 1 and "was changed since reader wrote it" in warnings[0]
        assert "--force" in warnings[0] and "reader list unlink" in warnings[0]
        assert bib.read_bytes() == edited


async def test_a_change_on_the_lists_screen_to_a_hand_edited_linked_file_is_a_warning(make_app, library, tmp_path):
    from reader.screens.lists import ListsScreen

    bib = tmp_path / "reading.bib"
    papers = [h.paper.id for h in library.search("graph", limit=2).hits]
    library.list_add("Reading list", papers)
    library.link_list("Reading list", bib)
    edited = bib.read_bytes() + b"% mine\n"
    bib.write_bytes(edited)
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "L")
        await settle(pilot)
        assert isinstance(app.screen, ListsScreen)
        await pilot.press("enter", "shift+down")  # into the papers; move the first one down
        await settle(pilot)
        assert library.list_ids("Reading list") == [papers[1], papers[0]]
        warnings = [message for message, severity in _notices(app) if severity == "warning"]
        assert len(warnings) == 1 and "was changed since reader wrote it" in warnings[0]
        assert bib.read_bytes() == edited


async def test_F_on_the_lists_screen_keeps_the_list_in_a_file_and_F_again_stops(make_app, library, tmp_path):
    from reader.screens.confirm import ConfirmDialog
    from reader.screens.lists import ListsScreen
    from reader.screens.save_dialog import SaveDialog

    bib = tmp_path / "reading.bib"
    papers = [h.paper.id for h in library.search("graph", limit=2).hits]
    library.list_add("Reading list", papers)
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "L")
        await settle(pilot)
        assert isinstance(app.screen, ListsScreen)
        await pilot.press("F")
        await settle(pilot)
        assert isinstance(app.screen, SaveDialog)
        app.screen.query_one("#save-path").value = str(bib)
        await pilot.press("enter")
        await settle(pilot)
        assert [entry["ID"] for entry in bibtex_entries(bib.read_text())] == [
            library.pinned_keys()[paper_id] for paper_id in papers]
        assert any("every change to the list rewrites it" in message for message, _ in _notices(app))
        library.list_remove("Reading list", [papers[0]])  # a change from elsewhere: the file follows
        assert len(bibtex_entries(bib.read_text())) == 1
        await pilot.press("F")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert library.list_links() == []
        assert len(bibtex_entries(bib.read_text())) == 1  # the file stays
