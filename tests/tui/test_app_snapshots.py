"""Screenshots of stable screens at 80×24 and 120×40 (accept changes with --snapshot-update)."""

from __future__ import annotations

import pytest

from reader.app import create_app
from tests.tui.conftest import Spy, search_for, settle

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


def app_over(library):
    return create_app(Spy(library, elapsed=0.004), debounce=0, cursor_blink=False)


def after(*keys: str):
    """A run_before that searches for "language models", moves down once, then presses `keys`."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        await search_for(pilot, "language models")
        await pilot.press("enter", "j", *keys)
        await settle(pilot)

    return run_before


@SIZES
def test_main_screen_with_a_query(snap_compare, seeds_library, size):
    assert snap_compare(app_over(seeds_library), terminal_size=size, run_before=after())


@SIZES
def test_reading_view(snap_compare, seeds_library, size):
    assert snap_compare(app_over(seeds_library), terminal_size=size, run_before=after("enter"))


@SIZES
def test_help_screen(snap_compare, seeds_library, size):
    assert snap_compare(app_over(seeds_library), terminal_size=size, run_before=after("question_mark"))
