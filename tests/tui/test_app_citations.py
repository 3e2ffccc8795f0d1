"""Copying citations in the app: the clipboard chain, the style picker, export to a file."""

from __future__ import annotations

import threading

import pyperclip
import pytest

from reader.screens.copy_fallback import CopyFallback
from reader.screens.confirm import ConfirmDialog
from reader.screens.picker import Picker
from reader.screens.style_picker import StylePicker
from tests.tui.conftest import results_for, settle


@pytest.fixture(autouse=True)
def no_ssh(monkeypatch):
    monkeypatch.delenv("SSH_TTY", raising=False)


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


async def test_y_copies_bibtex_through_pyperclip_and_says_so(make_app, library, monkeypatch, osc52):
    copied = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        paper = await at_first_result(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert len(copied) == 1 and copied[0].startswith("@misc{") and paper.title.split()[0] in copied[0]
        assert "pyperclip" in last_notice(app) and not osc52
        assert library.pinned_keys()  # a copied key is pinned


@pytest.mark.parametrize(
    "failure", [pyperclip.PyperclipException("no backend"), FileNotFoundError("xclip"), OSError("broken pipe")]
)
async def test_every_pyperclip_failure_falls_through_to_osc52(make_app, library, monkeypatch, osc52, failure):
    def broken(text):
        raise failure

    monkeypatch.setattr(pyperclip, "copy", broken)
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_first_result(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert len(osc52) == 1 and osc52[0].startswith("@misc{")
        assert "OSC 52" in last_notice(app) and app.is_running


async def test_over_ssh_osc52_goes_first(make_app, library, monkeypatch, osc52):
    monkeypatch.setenv("SSH_TTY", "/dev/pts/1")
    copied = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_first_result(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert len(osc52) == 1 and not copied


async def test_when_nothing_works_a_modal_shows_the_text_and_offers_to_save(make_app, library, monkeypatch, osc52,
                                                                           tmp_path):
    monkeypatch.setattr(pyperclip, "copy", lambda text: (_ for _ in ()).throw(pyperclip.PyperclipException("none")))
    monkeypatch.setattr("reader.app.osc52_sequence", lambda text: None)  # as if too long for the terminal
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_first_result(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, CopyFallback) and app.screen.text.startswith("@misc{")
        assert "pyperclip" in app.screen.why and not osc52
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, Picker)
        field = app.screen.query_one("#picker-new")
        field.value = str(tmp_path / "cite.bib")
        await pilot.press("enter")
        await settle(pilot)
        assert (tmp_path / "cite.bib").read_text().startswith("@misc{")


async def test_a_hanging_clipboard_never_blocks_the_keys(make_app, library, monkeypatch, osc52):
    release = threading.Event()
    monkeypatch.setattr(pyperclip, "copy", lambda text: release.wait(10))  # a 10-second hang
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_first_result(pilot)
        await pilot.press("y")
        await pilot.press("j", "j")
        assert app.main.results.cursor == 2  # keys handled while the copy hangs
        assert any(w.group == "clipboard" and not w.is_finished for w in app.workers)
        await settle(pilot)  # the copy gives up after its timeout and falls through to OSC 52
        assert len(osc52) == 1
        release.set()


async def test_Y_previews_each_style_and_copies_the_chosen_one(make_app, library, monkeypatch, osc52):
    copied = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
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
        assert copied == [library.export([paper], "apa")]


async def test_E_exports_the_results_and_asks_before_overwriting(make_app, library, tmp_path):
    target = tmp_path / "out.bib"
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_first_result(pilot)
        total = app.main.result.total
        for round_ in range(2):
            await pilot.press("E")
            await settle(pilot)
            await pilot.press("enter")  # bibtex, the first format
            await settle(pilot)
            app.screen.query_one("#picker-new").value = str(target)
            await pilot.press("enter")
            await settle(pilot)
            if not round_:
                assert target.read_text().count("@misc{") == total  # every result, in BibTeX
            else:
                assert isinstance(app.screen, ConfirmDialog)
                target.write_text("mine")
                await pilot.press("n")
                await settle(pilot)
        assert target.read_text() == "mine"  # declined: untouched
        assert app.screen is app.main
