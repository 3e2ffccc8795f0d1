"""Screenshots of the reading view with the paper's state shown: a tag, a list, a status and a note
(accept changes with --snapshot-update)."""

from __future__ import annotations

import pytest

from reader.app import create_app
from tests.tui.conftest import Spy, search_for, settle

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


def reading_with_state(library):
    """A run_before that highlights the second result for "language models", gives it a tag, a list,
    a status and a note (markup-like text, shown as typed), then opens it."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        await search_for(pilot, "language models")
        await pilot.press("enter", "j")
        await settle(pilot)
        paper = pilot.app.main.results.current.paper
        library.tag([paper.id], ["to-read"])
        library.create_list("Thesis")
        library.list_add("Thesis", [paper.id])
        library.cycle_status([paper.id])  # unread → reading
        library.set_note(paper.id, "compare with [bold]the baseline[/bold] in section 4")
        await pilot.press("enter")
        await settle(pilot)

    return run_before


@SIZES
def test_reading_view_with_state(snap_compare, library, size):
    app = create_app(Spy(library, elapsed=0.004), debounce=0, cursor_blink=False)
    assert snap_compare(app, terminal_size=size, run_before=reading_with_state(library))
