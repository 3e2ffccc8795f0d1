"""The config's [keys] in the app: remapped keys work, the old ones do not, and the footer,
the palette and the notices say so."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets._footer import FooterKey

from reader.screens.main import MainScreen
from reader.screens.reading import ReadingScreen
from reader.screens.tag_prompt import TagPrompt
from tests.tui.conftest import results_for, settle


def config_file(tmp_path, text: str):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def footer_keys(screen) -> dict[str, str]:
    """What the footer shows: description → key."""
    return {key.description: key.key_display for key in screen.query(FooterKey)}


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_a_remapped_key_works_and_the_old_one_no_longer_does(make_app, tmp_path):
    app = make_app(config_path=config_file(tmp_path, '[keys]\ntag = "x"\n'))
    async with app.run_test(size=(120, 40)) as pilot:
        await results_for(pilot, "diffusion ")
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)  # t no longer tags
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, TagPrompt)
        await pilot.press("escape")
        assert footer_keys(app.main)["Tag"] == "x"
        tag = next(c for c in app.get_system_commands(app.main) if c.title == "Tag")
        assert tag.help.endswith("(key: x)")


async def test_a_key_remapped_in_one_scope_moves_only_there(make_app, tmp_path):
    app = make_app(config_path=config_file(tmp_path, '[keys]\nreading.back = "h"\n'))
    async with app.run_test(size=(120, 40)) as pilot:
        await results_for(pilot, "diffusion ")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        assert footer_keys(app.screen)["Back"] == "h"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("slash", "escape")  # Esc still steps back on the main screen
        assert app.main.search_bar.value == ""


async def test_remapped_result_moves_work_from_the_results_and_the_search_bar(make_app, tmp_path):
    app = make_app(config_path=config_file(tmp_path, '[keys]\ncursor_down = "ctrl+n"\n'))
    async with app.run_test(size=(120, 40)) as pilot:
        results = await results_for(pilot, "language ")
        await pilot.press("j")
        assert results.cursor == 0
        await pilot.press("ctrl+n")
        assert results.cursor == 1
        await pilot.press("slash", "ctrl+n")  # the search bar keeps the focus; the results move
        assert app.focused is app.main.search_bar and results.cursor == 2


async def test_the_palette_key_can_be_remapped(make_app, tmp_path):
    app = make_app(config_path=config_file(tmp_path, '[keys]\ncommand_palette = "f2"\n'))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        assert not isinstance(app.screen, CommandPalette)
        assert footer_keys(app.main)["palette"] == "f2"
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)


async def test_a_clash_is_a_config_notice_and_the_default_key_stays(make_app, tmp_path):
    path = config_file(tmp_path, '[keys]\nuntag = "t"\nnosuch = "z"\n')
    app = make_app(config_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await results_for(pilot, "diffusion ")
        clash = f"{path}: [keys] untag: t is already the key of “Tag” (search and results); keeping T"
        assert clash in notices(app)
        assert any(n.startswith(f"{path}: [keys] unknown action “nosuch”") for n in notices(app))
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TagPrompt)  # t still tags
