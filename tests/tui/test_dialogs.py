"""Dialogs that say what they do: the hint follows the focus, no key is lost, and an export
goes to a folder shown in the field (Downloads, else home), never the current directory."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from reader.screens.lists import ListsScreen
from reader.screens.picker import Picker
from reader.screens.save_dialog import SaveDialog, default_folder, target
from reader.screens.tag_prompt import TagPrompt
from tests.tui.conftest import results_for, settle


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A home folder of the test's own, with no user-dirs config naming a Downloads folder elsewhere."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_DOWNLOAD_DIR", raising=False)
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)  # where the app was started: nothing may land here unasked
    return home


def hint(screen) -> str:
    return str(screen.query_one("#picker-hint").render())


async def open_dialog(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


# pickers -----------------------------------------------------------------------------------
async def test_new_list_has_only_the_name_field_and_its_hint_says_what_enter_does(make_app, library):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_dialog(pilot, "enter", "L")
        await open_dialog(pilot, "N")
        dialog = app.screen
        assert isinstance(dialog, Picker)
        assert app.focused is dialog.query_one(Input) and not dialog.query_one(OptionList).display
        assert hint(dialog) == "Enter: create · Esc: cancel"
        await pilot.press("tab", "M", "L")  # Tab has nowhere else to go: the typing lands in the field
        assert dialog.query_one(Input).value == "ML"
        dialog.query_one(Input).value = "  "
        await pilot.press("enter")  # nothing typed: said, not swallowed
        assert app.screen is dialog and "Type a name first" in hint(dialog)
        dialog.query_one(Input).value = "Thesis"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ListsScreen) and "Thesis" in dict(library.lists())


async def test_typing_in_the_list_of_add_to_list_types_the_new_name_and_the_hint_follows(make_app, library):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        paper = (await results_for(pilot, "graph ")).current.paper
        await open_dialog(pilot, "a")
        dialog = app.screen
        assert isinstance(dialog, Picker) and app.focused is dialog.query_one(OptionList)
        assert hint(dialog) == "↑↓: move · Enter: choose · or type a new name · Esc: cancel"
        await pilot.press(*"Thesis")
        assert app.focused is dialog.query_one(Input) and dialog.query_one(Input).value == "Thesis"
        assert hint(dialog) == "Enter: create · Tab: back to the list · Esc: cancel"
        await pilot.press("enter")
        await settle(pilot)
        assert library.list_ids("Thesis") == [paper.id]


async def test_j_and_k_move_in_a_picker_without_a_new_name(make_app, library):
    library.tag([library.search("graph", limit=1).hits[0].paper.id], ["a", "b", "c"])
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        paper = (await results_for(pilot, "graph ")).current.paper
        assert library.state(paper.id).tags == ("a", "b", "c")
        await open_dialog(pilot, "T")
        dialog = app.screen
        assert isinstance(dialog, Picker)
        assert hint(dialog) == "↑↓ j k: move · a letter: jump · Enter: choose · Esc: cancel"
        await pilot.press("j", "j", "k", "enter")  # the second tag, b
        await settle(pilot)
        assert library.state(paper.id).tags == ("a", "c")


async def test_a_letter_in_a_picker_without_a_new_name_jumps_to_the_next_item_starting_with_it(
        make_app, library, home):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await results_for(pilot, "graph ")
        await open_dialog(pilot, "E")  # formats: bibtex, ris, csljson, csv, …
        options = app.screen.query_one(OptionList)
        formats = [options.get_option_at_index(i).id for i in range(options.option_count)]
        await pilot.press("c")
        assert formats[options.highlighted] == "csljson"
        await pilot.press("c")
        assert formats[options.highlighted] == "csv"
        await pilot.press("z", "q")  # no format starts with them: a bell, and the dialog stays
        assert formats[options.highlighted] == "csv" and isinstance(app.screen, Picker) and app.is_running
        await open_dialog(pilot, "enter")
        assert isinstance(app.screen, SaveDialog) and app.screen.query_one(Input).value == "~/reader-export.csv"


async def test_enter_on_an_empty_tag_prompt_says_so_instead_of_closing(make_app, library):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        paper = (await results_for(pilot, "graph ")).current.paper
        await open_dialog(pilot, "t")
        dialog = app.screen
        await pilot.press("enter")
        assert app.screen is dialog and isinstance(dialog, TagPrompt)
        assert "Type a tag first" in str(dialog.query_one("#tag-hint").render())
        await pilot.press("m", "l")
        assert "Enter: add" in str(dialog.query_one("#tag-hint").render())
        await pilot.press("enter")
        await settle(pilot)
        assert library.state(paper.id).tags == ("ml",)


# the save dialog ------------------------------------------------------------------------------
def test_a_name_goes_into_the_folder_shown_and_what_is_missing_is_filled_in(tmp_path):
    folder = tmp_path / "Downloads"
    (folder / "papers").mkdir(parents=True)
    assert target("refs", folder, "reader-export.bib") == folder / "refs.bib"
    assert target("refs.txt", folder, "reader-export.bib") == folder / "refs.txt"
    assert target("papers", folder, "reader-export.bib") == folder / "papers" / "reader-export.bib"
    assert target(str(tmp_path / "x.bib"), folder, "reader-export.bib") == tmp_path / "x.bib"
    assert target("  ", folder, "reader-export.bib") == "Type a file name or a path"
    assert target("nowhere/x.bib", folder, "r.bib").startswith("There is no folder")


def test_the_default_folder_is_downloads_if_there_is_one_else_home(home):
    assert default_folder() == home
    (home / "Downloads").mkdir()
    assert default_folder() == home / "Downloads"


async def export_dialog(pilot) -> SaveDialog:
    await results_for(pilot, "graph ")
    await open_dialog(pilot, "E")
    await open_dialog(pilot, "enter")  # BibTeX, the first format
    assert isinstance(pilot.app.screen, SaveDialog)
    return pilot.app.screen


async def test_export_starts_in_downloads_shown_in_the_field_never_the_current_folder(make_app, library, home):
    (home / "Downloads").mkdir()
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await export_dialog(pilot)
        field = dialog.query_one(Input)
        assert app.focused is field and field.value == "~/Downloads/reader-export.bib"
        assert str(dialog.query_one("#save-target").render()) == "Saves to ~/Downloads/reader-export.bib"
        assert "Tab" not in str(dialog.query_one("#save-hint").render())
        await pilot.press("enter")
        await settle(pilot)
        assert (home / "Downloads" / "reader-export.bib").read_text().startswith("@")
        assert list(Path.cwd().iterdir()) == []


async def test_export_without_downloads_goes_home_and_a_bare_name_goes_there_too(make_app, library, home):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await export_dialog(pilot)
        assert dialog.query_one(Input).value == "~/reader-export.bib"
        dialog.query_one(Input).value = "refs"
        await pilot.pause()
        assert str(dialog.query_one("#save-target").render()) == "Saves to ~/refs.bib"
        await pilot.press("enter")
        await settle(pilot)
        assert (home / "refs.bib").exists() and list(Path.cwd().iterdir()) == []


async def test_an_empty_or_impossible_path_keeps_the_dialog_open_and_says_why(make_app, library, home):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await export_dialog(pilot)
        field = dialog.query_one(Input)
        field.value = ""
        await pilot.press("tab", "enter")  # Tab stays in the field; Enter on nothing is said
        assert app.screen is dialog and app.focused is field
        assert str(dialog.query_one("#save-target").render()) == "Type a file name or a path"
        field.value = "~/no/such/folder/refs.bib"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        assert str(dialog.query_one("#save-target").render()) == (
            "There is no folder ~/no/such/folder: type a folder that exists")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.main and list(home.rglob("*.bib")) == []


async def test_an_export_is_written_with_the_users_umask(make_app, library, home):
    old = os.umask(0o027)
    try:
        app = make_app(library)
        async with app.run_test(size=(120, 40)) as pilot:
            await export_dialog(pilot)
            await pilot.press("enter")
            await settle(pilot)
    finally:
        os.umask(old)
    assert stat.S_IMODE((home / "reader-export.bib").stat().st_mode) == 0o640
