"""The clipboard without a UI: every failure is a result, within the timeout; OSC 52; the order."""

from __future__ import annotations

import base64
import threading
import time

import pyperclip
import pytest

from reader.citations import clipboard
from reader.citations.clipboard import clipboard_order, copy_with_pyperclip, osc52_sequence


def test_pyperclip_path(monkeypatch):
    copied = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    result = copy_with_pyperclip("@misc{x}")
    assert result.ok and result.method == "pyperclip" and copied == ["@misc{x}"]


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (pyperclip.PyperclipException("no mechanism"), "no clipboard tool"),
        (FileNotFoundError(2, "No such file", "xclip"), "missing (xclip)"),
        (OSError(5, "Input/output error"), "failed (Input/output error)"),
    ],
)
def test_failures_are_results(monkeypatch, error, words):
    def broken(text):
        raise error

    monkeypatch.setattr(pyperclip, "copy", broken)
    result = copy_with_pyperclip("text")
    assert not result.ok and words in result.reason and "xclip or xsel" in result.reason


def test_a_hang_returns_within_the_timeout(monkeypatch):
    release = threading.Event()
    monkeypatch.setattr(pyperclip, "copy", lambda text: release.wait())
    started = time.monotonic()
    try:
        result = copy_with_pyperclip("text", timeout=0.2)
    finally:
        release.set()
    assert time.monotonic() - started < 1.5
    assert not result.ok and "did not answer within 0.2 s" in result.reason


def test_osc52_sequence_and_limit():
    sequence = osc52_sequence("héllo")
    assert sequence == "\x1b]52;c;" + base64.b64encode("héllo".encode()).decode() + "\x07"
    assert clipboard.OSC52_MAX_BASE64 == 74_994
    fits = "x" * (74_994 // 4 * 3)  # exactly 74,994 base64 bytes
    assert osc52_sequence(fits) is not None
    assert osc52_sequence(fits + "xxx") is None


def test_osc52_write_and_refusal(tmp_path):
    target = tmp_path / "tty"
    assert clipboard.copy_with_osc52("hi", tty=str(target)).ok
    assert target.read_text() == "\x1b]52;c;aGk=\x07"
    too_long = clipboard.copy_with_osc52("x" * 60_000, tty=str(target))
    assert not too_long.ok and "too long for OSC 52" in too_long.reason
    missing = clipboard.copy_with_osc52("hi", tty=str(tmp_path / "no" / "tty"))
    assert not missing.ok and missing.method == "osc52"


def test_clipboard_order():
    assert clipboard_order({"SSH_TTY": "/dev/pts/3"}) == ["osc52", "pyperclip"]
    assert clipboard_order({}) == ["pyperclip", "osc52"]
