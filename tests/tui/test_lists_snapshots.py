"""Screenshots of the reading lists screen and the export dialog at 80×24 and 120×40
(accept changes with --snapshot-update)."""

from __future__ import annotations

import pytest

from reader.app import create_app
from tests.tui.conftest import Spy, results_for, settle

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A home of the test's own with a Downloads folder, so the export field reads the same on every machine."""
    home = tmp_path / "home"
    (home / "Downloads").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_DOWNLOAD_DIR", raising=False)
    return home


def app_over(library):
    return create_app(Spy(library, elapsed=0.004), debounce=0, cursor_blink=False)


@SIZES
def test_lists_screen(snap_compare, library, size):
    papers = [h.paper.id for h in library.search("graph", limit=3).hits]
    library.list_add("Reading list", papers)
    library.create_list("Thesis")

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter", "L")
        await settle(pilot)

    assert snap_compare(app_over(library), terminal_size=size, run_before=run_before)


@SIZES
def test_export_dialog(snap_compare, library, home, size):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await results_for(pilot, "graph ")
        await pilot.press("E")
        await settle(pilot)
        await pilot.press("enter")  # BibTeX
        await settle(pilot)

    assert snap_compare(app_over(library), terminal_size=size, run_before=run_before)
