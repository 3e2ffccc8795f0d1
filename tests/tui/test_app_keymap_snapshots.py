"""Screenshots of the help screen and footer with keys remapped in the config's [keys]."""

from __future__ import annotations

from reader.app import create_app
from tests.tui.conftest import Spy
from tests.tui.test_app_snapshots import after


def test_help_screen_with_remapped_keys(snap_compare, seeds_library, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[keys]\nfocus_search = "ctrl+l"\ntag = "x"\ncopy = ["y", "ctrl+y"]\n', encoding="utf-8")
    app = create_app(Spy(seeds_library, elapsed=0.004), debounce=0, cursor_blink=False, config_path=config)
    assert app.config_warnings == []
    assert snap_compare(app, terminal_size=(120, 40), run_before=after("question_mark"))
