"""The help (`?`): every scope's keys, the quit key, the query fields, scrolling like the rest."""

from __future__ import annotations

import pytest
from textual.geometry import Region

from reader.keys import KEYS, SCOPES, keys_for
from reader.screens.help import HelpScreen
from tests.tui.conftest import settle
from tests.tui.test_app_snapshots import app_over, after

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


def help_shown(app) -> str:
    shown = app.screen.query_one("#help-text")
    lines = shown.render_lines(Region(0, 0, shown.size.width, shown.size.height))
    return " ".join(" ".join(strip.text.split()) for strip in lines)


async def test_the_help_has_every_scope_the_quit_key_and_the_query_fields(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")  # from the search bar, where the app starts
        assert isinstance(app.screen, HelpScreen)
        text = help_shown(app)
        for heading in SCOPES.values():
            assert heading in text
        for key in keys_for("lists"):
            assert key.help in text and key.display in text
        quit_key = next(k for k in KEYS if k.action == "quit")
        assert quit_key.display in text and "Ctrl+Q" in text
        for field in ("tag:ml", 'list:"Reading list"', "status:unread", "note:word"):
            assert field in text
        assert "j k ↓↑ scroll" in app.screen.box.border_subtitle


@pytest.mark.parametrize("down,up,end,home", [("j", "k", "G", "g"), ("down", "up", "end", "home")])
async def test_the_help_scrolls_with_letters_and_arrows(make_app, down, up, end, home):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        box = app.screen.box
        await pilot.press(end)
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y > 10
        await pilot.press(up, up)
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y - 2
        await pilot.press(home, down)
        await pilot.pause()
        assert box.scroll_y == 1
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


@SIZES
def test_help_screen_scrolled_to_the_end(snap_compare, seeds_library, size):
    assert snap_compare(app_over(seeds_library), terminal_size=size, run_before=after("question_mark", "G"))
