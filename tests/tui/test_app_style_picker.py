"""The style picker (`Y`) searches every bundled CSL style by name as you type, previews the
highlighted one, and stays responsive while the style titles load."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import Input, OptionList

from reader.citations import style_catalog
from reader.screens.style_picker import StylePicker
from tests.fake_clipboard import COPIES, fake_tools  # noqa: F401 - fixture
from tests.tui.conftest import results_for, settle


@pytest.fixture(autouse=True)
def clipboard(monkeypatch, fake_tools):
    """A fake xclip that copies (so Enter's copy can be read back)."""
    for name in ("WAYLAND_DISPLAY", "SSH_TTY", "TMUX"):
        monkeypatch.delenv(name, raising=False)
    fake_tools.add("xclip", COPIES)
    for name, value in fake_tools.env(DISPLAY=":99").items():
        monkeypatch.setenv(name, value)
    return fake_tools


async def open_picker(pilot):
    paper = (await results_for(pilot, "graph ")).current.paper
    await pilot.press("Y")
    await settle(pilot)
    assert isinstance(pilot.app.screen, StylePicker)
    return paper


def option_ids(screen) -> list[str]:
    options = screen.query_one(OptionList)
    return [options.get_option_at_index(i).id for i in range(options.option_count)]


def preview_text(screen) -> str:
    return str(screen.query_one("#style-preview").render())


async def test_typing_searches_every_bundled_style_and_enter_copies_the_highlighted_one(make_app, library, clipboard):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        paper = await open_picker(pilot)
        assert option_ids(app.screen)[:2] == ["bibtex", "apa"]  # the common formats first
        await pilot.press(*"nature")
        await settle(pilot)
        ids = option_ids(app.screen)
        assert ids[0] == "nature" and len(ids) > 10 and "bibtex" not in ids
        assert all("nature" in f"{i} {e.title.lower()}" for i, e in
                   zip(ids, (next(x for x in style_catalog.catalog() if x.id == i) for i in ids)))
        assert preview_text(app.screen) == library.preview([paper], "nature")
        assert "matches" in str(app.screen.query_one("#style-count").render())
        await pilot.press("down")
        await settle(pilot)
        assert preview_text(app.screen) == library.preview([paper], ids[1])
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is app.main
        assert clipboard.copied() == library.export([paper], ids[1])


async def test_a_search_by_title_words_finds_vancouver(make_app, library):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_picker(pilot)
        await pilot.press(*"citing medicine sequence")
        await settle(pilot)
        ids = option_ids(app.screen)
        assert "nlm-citation-sequence" in ids  # "NLM/Vancouver: Citing Medicine 2nd edition (citation-sequence)"
        await pilot.press(*" superscript")  # another word narrows it
        await settle(pilot)
        assert "nlm-citation-sequence" not in option_ids(app.screen)
        assert "nlm-citation-sequence-superscript" in option_ids(app.screen)


async def test_no_match_says_so_and_enter_keeps_the_picker_open(make_app, library):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_picker(pilot)
        await pilot.press(*"zzqqxx")
        await settle(pilot)
        assert option_ids(app.screen) == []
        assert str(app.screen.query_one("#style-count").render()) == "No style matches “zzqqxx”"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StylePicker)
        for _ in range(6):
            await pilot.press("backspace")
        await settle(pilot)
        assert option_ids(app.screen)[:2] == ["bibtex", "apa"]  # cleared: the common formats again


async def test_typing_stays_responsive_while_the_titles_load(make_app, library, monkeypatch):
    release, asked = threading.Event(), threading.Event()
    real = style_catalog.catalog

    def slow_catalog():
        asked.set()
        release.wait(10)
        return real()

    monkeypatch.setattr(style_catalog, "catalog", slow_catalog)
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await results_for(pilot, "graph ")
        await pilot.press("Y")
        for _ in range(50):
            await pilot.pause()
            if isinstance(app.screen, StylePicker) and asked.is_set():
                break
        assert asked.is_set()  # loading the titles, and blocked
        await pilot.press(*"ieee")
        await pilot.pause()
        assert app.screen.query_one(Input).value == "ieee"  # every key handled meanwhile
        release.set()
        await settle(pilot)
        assert option_ids(app.screen)[0] == "ieee"


async def test_a_default_csl_style_is_offered_first(make_app, library, tmp_path):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        paper = (await results_for(pilot, "graph ")).current.paper
        app.push_screen(StylePicker([paper], "Copy as…", "nlm-citation-sequence"))
        await settle(pilot)
        assert option_ids(app.screen)[0] == "nlm-citation-sequence"
        assert app.screen.query_one(OptionList).highlighted == 0
        assert preview_text(app.screen) == library.preview([paper], "nlm-citation-sequence")
