"""Add papers, the parse warnings screen, the empty library and reloading listings, through Pilot."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Label, OptionList, TextArea

from reader.library import Library
from reader.screens.add_papers import AddPapersScreen
from reader.screens.main import EMPTY_LIBRARY
from reader.screens.warnings import WarningsScreen
from tests.conftest import write_dated
from tests.tui.conftest import settle

SAMPLE = Path(__file__).parent.parent / "ingest" / "samples" / "arxiv_new_cs_CL.txt"


def text_of(widget) -> str:
    return str(widget.render())


async def test_a_pasted_arxiv_page_is_previewed_then_saved_and_searchable(make_app, tmp_path):
    (tmp_path / "empty").mkdir()
    library = Library.open(tmp_path / "data", [tmp_path / "empty"])
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.main.results.total == 0
        app.action_add_papers()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AddPapersScreen)
        screen.query_one(TextArea).post_message(events.Paste(SAMPLE.read_text()))
        await pilot.pause()
        screen.preview_now()
        await settle(pilot)
        summary = text_of(screen.query_one("#add-summary", Label))
        assert summary.startswith("5 papers (arxiv-listing): 5 new, 0 already in the library")
        found = screen.query_one(OptionList)
        assert "s1: Simple test-time scaling" in str(found.get_option_at_index(0).prompt)
        assert list((tmp_path / "data").glob("inbox/*")) == []  # a preview saves nothing
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is app.main
        assert library.count() == 5 and len(list((tmp_path / "data").glob("inbox/*.txt"))) == 1
        assert app.main.results.total == 5
    library.close()


async def test_escape_leaves_add_papers_without_saving(make_app, tmp_path):
    (tmp_path / "empty").mkdir()
    library = Library.open(tmp_path / "data", [tmp_path / "empty"])
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.action_add_papers()
        await pilot.pause()
        app.screen.query_one(TextArea).post_message(events.Paste(SAMPLE.read_text()))
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.main and library.count() == 0
        assert not (tmp_path / "data" / "inbox").exists()
    library.close()


async def test_an_empty_library_says_how_to_add_papers(make_app, tmp_path):
    (tmp_path / "empty").mkdir()
    library = Library.open(tmp_path / "data", [tmp_path / "empty"])
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.main._empty_lines(app.main.result) == EMPTY_LIBRARY
        assert "Add papers" in EMPTY_LIBRARY[2]
    library.close()


async def test_parse_warnings_are_announced_and_listed(make_app, tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    write_dated(folder / "ok.txt", [("CLApr 28, 2023", "A Good PaperAda Lovelace",
                                     "An abstract of two sentences. It reads well.")])
    (folder / "junk.txt").write_text("@@@ this is no listing\nnor is this line\n")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    library = Library.open(tmp_path / "data", [folder])
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        notices = [n.message for n in app._notifications]
        assert any(m.startswith("2 parse warnings in your listings") for m in notices)
        app.action_show_warnings()
        await pilot.pause()
        assert isinstance(app.screen, WarningsScreen)
        lines = [str(o.prompt) for o in app.screen.query_one(OptionList)._options]
        assert any(line.startswith("junk.txt:1  not a listing reader knows") for line in lines)
        assert any(line.startswith("scan.pdf  skipped") for line in lines)
        await pilot.press("escape")
        assert app.screen is app.main
    library.close()


async def test_a_listing_changed_while_the_app_runs_is_picked_up_by_reload(make_app, tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    write_dated(folder / "a.txt", [("CLApr 28, 2023", "A Good PaperAda Lovelace",
                                    "An abstract of two sentences. It reads well.")])
    library = Library.open(tmp_path / "data", [folder])
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.main.results.total == 1
        write_dated(folder / "b.txt", [("LGMay 2, 2023", "Another PaperCharles Babbage",
                                        "A second abstract of two sentences. Also fine.")])
        app.action_reload()
        await settle(pilot)
        assert app.main.results.total == 2
        assert any(n.message.startswith("Listings reloaded: 1 added") for n in app._notifications)
    library.close()
