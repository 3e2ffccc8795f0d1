"""Copying citations in the app: the clipboard chain, the style picker, export to a file."""

from __future__ import annotations

import pytest

from reader.screens.copy_fallback import CopyFallback
from reader.screens.confirm import ConfirmDialog
from reader.screens.save_dialog import SaveDialog
from reader.screens.style_picker import StylePicker
from tests.fake_clipboard import COPIES, HANGS, NO_DISPLAY, fake_tools  # noqa: F401 - fixture
from tests.tui.conftest import results_for, settle


@pytest.fixture(autouse=True)
def tools(monkeypatch, fake_tools):
    """Only the fake clipboard tools on PATH; no display, SSH or tmux unless a test sets them."""
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "SSH_TTY", "TMUX"):
        monkeypatch.delenv(name, raising=False)
    for name, value in fake_tools.env().items():
        monkeypatch.setenv(name, value)
    return fake_tools


@pytest.fixture
def osc52(monkeypatch):
    """What the app sent through the terminal (Textual's copy_to_clipboard)."""
    sent = []
    from reader.app import ReaderApp

    monkeypatch.setattr(ReaderApp, "copy_to_clipboard", lambda self, text: sent.append(text))
    return sent


async def at_first_result(pilot, query="graph "):
    return (await results_for(pilot, query)).current.paper


def last_notice(app) -> str:
    return list(app._notifications)[-1].message


async def test_y_copies_bibtex_through_xclip_and_says_so(make_app, library, monkeypatch, osc52, tools):
    tools.add("xclip", COPIES)
    monkeypatch.setenv("DISPLAY", ":99")
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        paper = await at_first_result(pilot)
        await pilot.press("y")
        await settle(pilot)
        copied = tools.copied()
        assert copied.startswith("@misc{") and paper.title.split()[0] in copied
        assert last_notice(app).startswith("Copied bibtex for ") and last_notice(app).endswith("(xclip)")
        assert not osc52
        assert library.pinned_keys()  # a copied key is pinned


@pytest.mark.parametrize(
    ("tool", "display", "cause"),
    [
        (NO_DISPLAY, ":99", "xclip failed (exit 1): Error: Can't open display: :99"),
        (COPIES, None, "xclip is installed but there is no display (DISPLAY is not set)"),
        (None, ":99", "no clipboard tool is installed"),
    ],
    ids=["no-x-server", "no-display", "not-installed"],
)
async def test_every_system_failure_falls_through_to_osc52_with_its_cause(make_app, library, monkeypatch, osc52,
                                                                          tools, tool, display, cause):
    if tool:
        tools.add("xclip", tool)
    if display:
        monkeypatch.setenv("DISPLAY", display)
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_first_result(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert len(osc52) == 1 and osc52[0].startswith("@misc{")
        notice = last_notice(app)
        assert notice.startswith("Sent bibtex for ") and "through OSC 52 (the terminal cannot confirm it" in notice
        assert f"no system clipboard: {cause}" in notice and "Copied" not in notice
        assert tools.copied() is None and app.is_running


async def test_under_tmux_the_notice_says_how_to_let_osc52_through(make_app, library, monkeypatch, osc52, tools):
    tools.add("tmux", "echo external\n")  # tmux's default set-clipboard, which drops an app's OSC 52
    monkeypatch.setenv("TMUX", "/tmp/tmux-1/default,1,0")
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_first_result(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert len(osc52) == 1 and "`set -g set-clipboard on`" in last_notice(app)


async def test_over_ssh_osc52_goes_first(make_app, library, monkeypatch, osc52, tools):
    tools.add("xclip", COPIES)
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.setenv("SSH_TTY", "/dev/pts/1")
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_first_result(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert len(osc52) == 1 and tools.copied() is None
        assert last_notice(app).startswith("Sent bibtex for ") and "no system clipboard" not in last_notice(app)


async def test_when_nothing_works_a_modal_shows_the_text_and_offers_to_save(make_app, library, monkeypatch, osc52,
                                                                           tmp_path):
    monkeypatch.setattr("reader.app.osc52_sequence", lambda text: None)  # as if too long for the terminal
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_first_result(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, CopyFallback) and app.screen.text.startswith("@misc{")
        assert "no clipboard tool is installed" in app.screen.why and not osc52
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SaveDialog)
        field = app.screen.query_one("#save-path")
        field.value = str(tmp_path / "cite.bib")
        await pilot.press("enter")
        await settle(pilot)
        assert (tmp_path / "cite.bib").read_text().startswith("@misc{")


async def test_a_hanging_clipboard_never_blocks_the_keys(make_app, library, monkeypatch, osc52, tools):
    tools.add("xclip", HANGS)
    monkeypatch.setenv("DISPLAY", ":99")
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_first_result(pilot)
        await pilot.press("y")
        await pilot.press("j", "j")
        assert app.main.results.cursor == 2  # keys handled while the copy hangs
        assert any(w.group == "clipboard" and not w.is_finished for w in app.workers)
        await settle(pilot)  # the copy gives up after its timeout and falls through to OSC 52
        assert len(osc52) == 1 and "xclip did not answer within 2 s (timed out)" in last_notice(app)


async def test_Y_previews_each_style_and_copies_the_chosen_one(make_app, library, monkeypatch, osc52, tools):
    tools.add("xclip", COPIES)
    monkeypatch.setenv("DISPLAY", ":99")
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        paper = await at_first_result(pilot)
        await pilot.press("Y")
        await settle(pilot)
        assert isinstance(app.screen, StylePicker)
        await pilot.press("down")  # APA
        await settle(pilot)
        preview = str(app.screen.query_one("#style-preview").render())
        assert preview == library.preview([paper], "apa")
        assert not library.pinned_keys()  # a preview pins nothing
        await pilot.press("enter")
        await settle(pilot)
        assert tools.copied() == library.export([paper], "apa")


async def test_E_exports_the_results_and_asks_before_overwriting(make_app, library, tmp_path):
    target = tmp_path / "out.bib"
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_first_result(pilot)
        total = app.main.result.total
        first = app.main.result.hits[0].paper
        library.tag(first.id, "to-cite")
        library.set_note(first.id, "read section 3")
        for round_ in range(2):
            await pilot.press("E")
            await settle(pilot)
            await pilot.press("enter")  # bibtex, the first format
            await settle(pilot)
            app.screen.query_one("#save-path").value = str(target)
            await pilot.press("enter")
            await settle(pilot)
            if not round_:
                assert target.read_text().count("@misc{") == total  # every result, in BibTeX
                assert "keywords = {to-cite}" in target.read_text()  # with the user's state, as
                assert "annote = {read section 3}" in target.read_text()  # `reader export` writes it
            else:
                assert isinstance(app.screen, ConfirmDialog)
                target.write_text("mine")
                await pilot.press("n")
                await settle(pilot)
        assert target.read_text() == "mine"  # declined: untouched
        assert app.screen is app.main
