"""The config's [keys] table: key names, remapping, clashes and unknown actions (no UI here)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from reader.cli import cli
from reader.config import load_config
from reader.key_config import ACTIVE_TOGETHER
from reader.key_names import display, normalise
from reader.keys import KEYS


def keys_of(table, action, scope="main"):
    return next(k for k in table if k.action == action and k.scope == scope)


def load(tmp_path, text):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path, *load_config(path)


@pytest.mark.parametrize("written, bound, shown", [
    ("t", "t", "t"), ("T", "T", "T"), ("?", "question_mark", "?"), ("/", "slash", "/"),
    ("question_mark", "question_mark", "?"), ("*", "asterisk", "*"), ("Ctrl+Y", "ctrl+y", "Ctrl+Y"),
    ("ctrl+shift+x", "ctrl+shift+x", "Ctrl+Shift+X"), ("Esc", "escape", "Esc"), ("F5", "f5", "F5"),
    ("pgdn", "pagedown", "PgDn"), ("shift+tab", "shift+tab", "Shift+Tab"), (",", "comma", ","),
])
def test_key_names_are_read_as_textual_binds_them_and_shown_as_typed(written, bound, shown):
    assert normalise(written) == bound
    assert display(bound) == shown


@pytest.mark.parametrize("written", ["", "hyper+x", "ctrl+", "ctrl+ctrl+x", "tea", "\x1b", "ctrl+\x07", " "])
def test_what_is_not_a_key_name_is_refused(written):
    assert normalise(written) is None


def test_the_default_table_has_no_clash():
    for scopes in ACTIVE_TOGETHER:
        bound = [name for k in KEYS if k.scope in scopes for name in k.keys.split(",")]
        assert len(bound) == len(set(bound))


def test_keys_remap_actions_in_every_scope_or_one(tmp_path):
    path, config, warnings = load(tmp_path, '[keys]\ntag = "x"\ncopy = ["y", "ctrl+y"]\nsimilar = "M"\n'
                                            'reading.back = "h"\n')
    assert warnings == []
    assert keys_of(config.keys, "tag").keys == "x" and keys_of(config.keys, "tag").display == "x"
    assert keys_of(config.keys, "copy").keys == "y,ctrl+y" and keys_of(config.keys, "copy").display == "y / Ctrl+Y"
    assert keys_of(config.keys, "similar").keys == keys_of(config.keys, "similar", "reading").keys == "M"
    assert keys_of(config.keys, "back", "reading").keys == "h" and keys_of(config.keys, "back").keys == "escape"
    assert [k for k in config.keys if k.action not in ("tag", "copy", "similar", "back")] == \
        [k for k in KEYS if k.action not in ("tag", "copy", "similar", "back")]


def test_swapping_two_keys_is_not_a_clash(tmp_path):
    _, config, warnings = load(tmp_path, '[keys]\ncopy = "Y"\ncopy_style = "y"\n')
    assert warnings == []
    assert (keys_of(config.keys, "copy").keys, keys_of(config.keys, "copy_style").keys) == ("Y", "y")


def test_a_clash_is_reported_naming_the_key_and_the_default_is_kept(tmp_path):
    path, config, warnings = load(tmp_path, '[keys]\ntag = "x"\nuntag = "x"\nnote = "j"\nlists = "q"\n')
    assert keys_of(config.keys, "tag").keys == "x"  # the first one written keeps its key
    assert keys_of(config.keys, "untag").keys == "T"
    assert keys_of(config.keys, "note").keys == "n"  # j moves the results, which are active at once
    assert keys_of(config.keys, "lists").keys == "L"  # q quits everywhere
    assert warnings == [
        f"{path}: [keys] untag: x is already the key of “Tag” (search and results); keeping T",
        f"{path}: [keys] note: j is already the key of “Next paper” (moving in the results); keeping n",
        f"{path}: [keys] lists: q is already the key of “Quit” (everywhere); keeping L",
    ]


def test_unknown_actions_and_key_names_are_reported_and_the_defaults_kept(tmp_path):
    path, config, warnings = load(tmp_path, '[keys]\nnosuch = "z"\nnote = "hyper+q"\ncopy = []\n'
                                            'reading.mark_all = "x"\n')
    assert config.keys == KEYS
    assert warnings[0].startswith(f"{path}: [keys] unknown action “nosuch”; use one of add_papers, back, ")
    assert warnings[1] == (f'{path}: [keys] note: “hyper+q” is not a key name (e.g. "t", "T", "?", "ctrl+y", '
                           '"f5", "pagedown"); keeping n')
    assert warnings[2].startswith(f"{path}: [keys] copy: “[]” is not a key name")
    assert warnings[3].startswith(f"{path}: [keys] unknown action “reading.mark_all”")
    assert len(warnings) == 4


def test_keys_that_are_not_a_table_are_one_warning(tmp_path):
    path, config, warnings = load(tmp_path, 'keys = "t"\n')
    assert config.keys == KEYS
    assert warnings == [f'{path}: keys must be a table, e.g. [keys] then tag = "t"; using the default keys']


def test_the_command_line_reports_key_problems_on_stderr(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[keys]\nuntag = "t"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(config), "search", "attention"], catch_exceptions=False)
    assert result.exit_code == 0
    assert (f"reader: warning: {config}: [keys] untag: t is already the key of “Tag” (search and results); "
            "keeping T\n") in result.stderr
