"""The clipboard tells the truth: a copy is reported only when the tool succeeded, every failure
says its real cause (no display, not installed, the tool's error, timed out), OSC 52 is *sent*."""

from __future__ import annotations

import base64
import io
import os
import pty
import time

import pytest

from reader.citations import clipboard
from reader.citations.clipboard import clipboard_order, copy_for_cli, copy_with_system, osc52_note, osc52_sequence
from tests.fake_clipboard import COPIES, FORKS, HANGS, NO_DISPLAY, SAYS_ERROR, fake_tools  # noqa: F401 - fixture

TEXT = "Müller, J. (2021). Posteriors — really?\n"


def test_xclip_copies_and_says_which_tool(fake_tools):
    fake_tools.add("xclip", COPIES)
    result = copy_with_system(TEXT, fake_tools.env(DISPLAY=":99"))
    assert result.ok and result.confirmed and result.method == "xclip"
    assert fake_tools.copied() == TEXT


def test_display_pointing_at_no_x_server_is_a_failure_with_xclips_words(fake_tools):
    fake_tools.add("xclip", NO_DISPLAY)
    result = copy_with_system(TEXT, fake_tools.env(DISPLAY=":99"))
    assert not result.ok and not result.confirmed
    assert result.reason == "xclip failed (exit 1): Error: Can't open display: :99"


def test_xclip_installed_without_display_names_the_display_not_the_tool(fake_tools):
    fake_tools.add("xclip", COPIES)
    result = copy_with_system(TEXT, fake_tools.env())
    assert not result.ok and result.reason == "xclip is installed but there is no display (DISPLAY is not set)"
    assert fake_tools.copied() is None  # not even run


def test_nothing_installed(fake_tools):
    result = copy_with_system(TEXT, fake_tools.env(DISPLAY=":0", WAYLAND_DISPLAY="wayland-0"))
    assert not result.ok and result.reason.startswith("no clipboard tool is installed: install xclip or xsel")


def test_a_hanging_tool_times_out(fake_tools, monkeypatch):
    fake_tools.add("xclip", HANGS)
    started = time.monotonic()
    result = copy_with_system(TEXT, fake_tools.env(DISPLAY=":99"), timeout=0.3)
    assert time.monotonic() - started < 3
    assert not result.ok and result.reason == "xclip did not answer within 0.3 s (timed out)"


def test_exit_0_with_an_error_message_is_not_a_copy(fake_tools):
    fake_tools.add("xsel", SAYS_ERROR)
    result = copy_with_system(TEXT, fake_tools.env(DISPLAY=":99"))
    assert not result.ok and result.reason == "xsel reported: Error: target STRING not available"


def test_a_tool_that_forks_a_server_returns_at_once(fake_tools):
    fake_tools.add("xclip", FORKS)
    started = time.monotonic()
    result = copy_with_system(TEXT, fake_tools.env(DISPLAY=":99"))
    assert time.monotonic() - started < 2.5  # not held until the child's 5 s are up
    assert result.ok and fake_tools.copied() == TEXT


def test_the_next_tool_is_tried_and_every_cause_kept(fake_tools):
    fake_tools.add("xclip", NO_DISPLAY)
    fake_tools.add("xsel", COPIES)
    assert copy_with_system(TEXT, fake_tools.env(DISPLAY=":99")).method == "xsel"
    fake_tools.add("xsel", NO_DISPLAY)
    fake_tools.add("wl-copy", COPIES)
    result = copy_with_system(TEXT, fake_tools.env(DISPLAY=":99"))
    assert not result.ok
    assert result.reason == ("wl-copy is installed but there is no display (WAYLAND_DISPLAY is not set); "
                             "xclip failed (exit 1): Error: Can't open display: :99; "
                             "xsel failed (exit 1): Error: Can't open display: :99")


@pytest.mark.parametrize(("tool", "env"), [("wl-copy", {"WAYLAND_DISPLAY": "wayland-0"}), ("pbcopy", {})])
def test_wayland_and_macos_tools(fake_tools, tool, env):
    fake_tools.add(tool, COPIES)
    result = copy_with_system(TEXT, fake_tools.env(**env))
    assert result.ok and result.method == tool and fake_tools.copied() == TEXT


def test_under_wsl_clip_exe_gets_utf16(fake_tools):
    fake_tools.add("clip.exe", COPIES)
    result = copy_with_system(TEXT, fake_tools.env())
    assert result.ok and result.method == "clip.exe"
    assert fake_tools.clipboard.read_bytes() == TEXT.encode("utf-16le")


def test_control_characters_in_a_tools_message_are_dropped(fake_tools):
    fake_tools.add("xclip", "printf 'bad\\033]52;c;eA==\\007 display' >&2\nexit 2\n")
    result = copy_with_system(TEXT, fake_tools.env(DISPLAY=":1"))
    assert not result.ok and "\x1b" not in result.reason and "\x07" not in result.reason
    assert result.reason.startswith("xclip failed (exit 2): bad")


def test_osc52_sequence_and_limit():
    sequence = osc52_sequence("héllo")
    assert sequence == "\x1b]52;c;" + base64.b64encode("héllo".encode()).decode() + "\x07"
    assert clipboard.OSC52_MAX_BASE64 == 74_994
    fits = "x" * (74_994 // 4 * 3)  # exactly 74,994 base64 bytes
    assert osc52_sequence(fits) is not None
    assert osc52_sequence(fits + "xxx") is None


def test_osc52_write_and_refusal(tmp_path):
    target = tmp_path / "tty"
    sent = clipboard.copy_with_osc52("hi", str(target))
    assert sent.ok and not sent.confirmed and sent.method == "osc52"
    assert target.read_text() == "\x1b]52;c;aGk=\x07"
    too_long = clipboard.copy_with_osc52("x" * 60_000, str(target))
    assert not too_long.ok and "too long for OSC 52" in too_long.reason
    missing = clipboard.copy_with_osc52("hi", str(tmp_path / "no" / "tty"))
    assert not missing.ok and missing.method == "osc52"


@pytest.mark.parametrize(("answer", "hinted"), [("external", True), ("off", True), ("on", False), (None, True)])
def test_under_tmux_the_note_says_how_to_let_osc52_through(fake_tools, answer, hinted):
    if answer is not None:  # None: tmux is not on PATH
        fake_tools.add("tmux", f'[ "$*" = "show-options -gv set-clipboard" ] && echo {answer}\n')
    note = osc52_note(fake_tools.env(TMUX="/tmp/tmux-1/default,1,0"))
    assert note.startswith("the terminal cannot confirm it")
    assert ("`set -g set-clipboard on`" in note) == hinted
    assert "tmux" not in osc52_note(fake_tools.env())


def test_clipboard_order():
    assert clipboard_order({"SSH_TTY": "/dev/pts/3"}) == ["osc52", "system"]
    assert clipboard_order({}) == ["system", "osc52"]


def test_cli_copy_without_a_terminal_does_not_send_osc52(fake_tools):
    fake_tools.add("xclip", NO_DISPLAY)
    out = io.StringIO()
    result, said = copy_for_cli(TEXT, out, fake_tools.env(DISPLAY=":99"))
    assert not result.ok and out.getvalue() == ""
    assert said == ("not copied: xclip failed (exit 1): Error: Can't open display: :99; "
                    "standard output is not a terminal, so OSC 52 was not tried")


def test_cli_copy_on_a_terminal_sends_osc52_when_no_system_clipboard_works(fake_tools):
    fake_tools.add("xclip", COPIES)
    master, slave = pty.openpty()
    try:
        with os.fdopen(slave, "w", encoding="utf-8", closefd=False) as terminal:
            assert terminal.isatty()
            result, said = copy_for_cli(TEXT, terminal, fake_tools.env(SSH_TTY="/dev/pts/9", TMUX="/x,1,0"))
        written = os.read(master, 4096).decode("ascii")
    finally:
        os.close(master)
        os.close(slave)
    assert result.ok and result.method == "osc52" and not result.confirmed
    assert written == osc52_sequence(TEXT)
    assert said.startswith("sent the citation to the terminal's clipboard through OSC 52 (the terminal cannot confirm")
    assert "`set -g set-clipboard on`" in said
    assert said.endswith("no system clipboard: xclip is installed but there is no display (DISPLAY is not set)")


def test_cli_copy_prefers_a_working_system_clipboard_even_on_a_terminal(fake_tools):
    fake_tools.add("xclip", COPIES)
    master, slave = pty.openpty()
    try:
        with os.fdopen(slave, "w", encoding="utf-8", closefd=False) as terminal:
            result, said = copy_for_cli(TEXT, terminal, fake_tools.env(DISPLAY=":99"))
    finally:
        os.close(master)
        os.close(slave)
    assert result.confirmed and said == "copied to the clipboard (xclip)" and fake_tools.copied() == TEXT
