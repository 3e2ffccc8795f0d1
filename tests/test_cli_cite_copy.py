"""`reader cite --copy` tells the truth: the real cause when no clipboard works, OSC 52 (sent, not
confirmed) when standard output is a terminal, and "copied" only after a tool succeeded."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

import pytest

from reader.citations.clipboard import osc52_sequence
from tests.cli_birds import ids, listings, run  # noqa: F401 - fixtures
from tests.fake_clipboard import COPIES, HANGS, NO_DISPLAY, fake_tools  # noqa: F401 - fixture


@pytest.fixture
def tools_env(monkeypatch, fake_tools):
    """Put the fake tools' environment in force (DISPLAY and the rest unset unless given)."""
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "SSH_TTY", "TMUX"):
        monkeypatch.delenv(name, raising=False)

    def apply(**extra):
        for name, value in fake_tools.env(**extra).items():
            monkeypatch.setenv(name, value)

    return apply


def test_display_pointing_at_no_x_server_is_not_reported_as_copied(run, ids, fake_tools, tools_env):
    fake_tools.add("xclip", NO_DISPLAY)
    tools_env(DISPLAY=":99")
    result = run("cite", ids["owls"], "-s", "plain", "--copy")
    assert result.exit_code == 0 and "Owls" in result.stdout
    assert "copied to the clipboard" not in result.stderr
    assert result.stderr == ("reader: not copied: xclip failed (exit 1): Error: Can't open display: :99; "
                             "standard output is not a terminal, so OSC 52 was not tried\n")


def test_xclip_without_display_names_the_display(run, ids, fake_tools, tools_env):
    fake_tools.add("xclip", COPIES)
    tools_env()
    result = run("cite", ids["owls"], "--copy")
    assert "xclip is installed but there is no display (DISPLAY is not set)" in result.stderr
    assert "no clipboard tool" not in result.stderr and fake_tools.copied() is None


def test_a_hanging_tool_is_reported_as_timed_out(run, ids, fake_tools, tools_env, monkeypatch):
    monkeypatch.setattr("reader.citations.clipboard.TIMEOUT", 0.3)
    fake_tools.add("xclip", HANGS)
    tools_env(DISPLAY=":99")
    result = run("cite", ids["owls"], "--copy")
    assert "reader: not copied: xclip did not answer within 0.3 s (timed out)" in result.stderr


def test_json_says_copied_only_for_a_confirmed_copy(run, ids, fake_tools, tools_env):
    fake_tools.add("xclip", NO_DISPLAY)
    tools_env(DISPLAY=":99")
    answer = json.loads(run("cite", ids["owls"], "--copy", "--json").stdout)
    assert answer["copied"] is False and answer["copied_by"] is None
    fake_tools.add("xclip", COPIES)
    answer = json.loads(run("cite", ids["owls"], "--copy", "--json").stdout)
    assert answer["copied"] is True and answer["copied_by"] == "xclip" and fake_tools.copied() == answer["text"]


def run_on_a_terminal(args: list[str], env: dict[str, str]) -> tuple[str, str, int]:
    """`python -m reader ARGS` with standard output on a pseudo-terminal: (what the terminal got, stderr, exit)."""
    master, slave = pty.openpty()
    try:
        process = subprocess.Popen([sys.executable, "-m", "reader", *args], stdin=subprocess.DEVNULL, stdout=slave,
                                   stderr=subprocess.PIPE, env=env)
        os.close(slave)
        slave = -1
        chunks = []
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO: every writer of the terminal has gone
                break
            if not chunk:
                break
            chunks.append(chunk)
        stderr = process.stderr.read().decode("utf-8")
        process.wait(timeout=60)
    finally:
        os.close(master)
        if slave >= 0:
            os.close(slave)
    return b"".join(chunks).decode("utf-8"), stderr, process.returncode


@pytest.mark.parametrize("tmux", [False, True])
def test_on_a_terminal_over_ssh_the_citation_is_sent_through_osc52(listings, ids, fake_tools, tmp_path, tmux):
    fake_tools.add("xclip", NO_DISPLAY)
    env = {**fake_tools.env(DISPLAY=":99", SSH_TTY="/dev/pts/7", HOME=str(tmp_path),
                            READER_CONFIG=str(tmp_path / "none.toml")),
           "PYTHONPATH": os.pathsep.join(sys.path)}
    if tmux:
        env["TMUX"] = "/tmp/tmux-1/default,1,0"  # no tmux on this PATH: its setting is unknown
    args = ["--seeds", str(listings), "--data-dir", str(tmp_path / "data"), "cite", ids["owls"], "-s", "plain",
            "--copy"]
    shown, stderr, code = run_on_a_terminal(args, env)
    assert code == 0
    citation = shown.split("\x1b", 1)[0].replace("\r\n", "\n")
    assert "Owls" in citation
    assert osc52_sequence(citation) in shown  # what was printed is what was sent
    assert stderr.startswith("reader: sent the citation to the terminal's clipboard through OSC 52 "
                             "(the terminal cannot confirm it")
    assert stderr.rstrip().endswith("no system clipboard: xclip failed (exit 1): Error: Can't open display: :99")
    assert ("`set -g set-clipboard on`" in stderr) == tmux
    assert stderr.count("\n") == 1
