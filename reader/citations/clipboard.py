"""The clipboard without a UI: pyperclip in a thread with a timeout, OSC 52, and which to try first.

Nothing here raises or blocks past its timeout: every result says which path worked or why not.
The app copies over OSC 52 with Textual's `copy_to_clipboard`; the CLI uses pyperclip only.
"""

from __future__ import annotations

import base64
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass

# Terminals cap an OSC 52 payload; 74,994 base64 bytes (the limit hterm and tmux-era
# advice settle on, ~56 kB of text) is accepted by the common ones.
OSC52_MAX_BASE64 = 74_994
NO_CLIPBOARD_HINT = "install xclip or xsel (wl-clipboard on Wayland), or use the app over SSH for OSC 52"


@dataclass(frozen=True)
class CopyResult:
    """`ok`; `method` that worked (`pyperclip`, `osc52`) or was tried; `reason` when it failed."""

    ok: bool
    method: str
    reason: str = ""


def copy_with_pyperclip(text: str, timeout: float = 2.0) -> CopyResult:
    """Copy through pyperclip in a daemon thread; a failure or a hang past `timeout` is a result."""
    outcome: list[CopyResult] = []
    finished = threading.Event()

    def worker() -> None:
        try:
            import pyperclip

            pyperclip.copy(text)
            outcome.append(CopyResult(True, "pyperclip"))
        except Exception as error:  # noqa: BLE001 - PyperclipException, FileNotFoundError, OSError, …
            outcome.append(CopyResult(False, "pyperclip", _reason(error)))
        finally:
            finished.set()

    threading.Thread(target=worker, name="reader-clipboard", daemon=True).start()
    if not finished.wait(timeout) or not outcome:
        return CopyResult(False, "pyperclip", f"the clipboard tool did not answer within {timeout:g} s")
    return outcome[0]


def _reason(error: Exception) -> str:
    import pyperclip

    if isinstance(error, pyperclip.PyperclipException):
        return f"no clipboard tool found: {NO_CLIPBOARD_HINT}"
    if isinstance(error, FileNotFoundError):
        return f"the clipboard tool is missing ({error.filename or error}): {NO_CLIPBOARD_HINT}"
    if isinstance(error, OSError):
        return f"the clipboard tool failed ({error.strerror or error}): {NO_CLIPBOARD_HINT}"
    return f"the clipboard failed ({type(error).__name__}: {error})"


def osc52_sequence(text: str, limit: int = OSC52_MAX_BASE64) -> str | None:
    """`ESC ] 52 ; c ; <base64> BEL` for `text`, or None when the payload exceeds `limit` bytes."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    if len(payload) > limit:
        return None
    return f"\x1b]52;c;{payload}\x07"


def copy_with_osc52(text: str, tty: str = "/dev/tty") -> CopyResult:
    """Write the OSC 52 sequence to the terminal; the terminal may still ignore it."""
    sequence = osc52_sequence(text)
    if sequence is None:
        return CopyResult(False, "osc52", f"too long for OSC 52 (over {OSC52_MAX_BASE64:,} base64 bytes)")
    try:
        with open(tty, "w", encoding="ascii") as terminal:
            terminal.write(sequence)
            terminal.flush()
    except OSError as error:
        return CopyResult(False, "osc52", f"no terminal to write to ({error.strerror or error})")
    return CopyResult(True, "osc52")


def clipboard_order(env: Mapping[str, str] | None = None) -> list[str]:
    """Methods to try, best first: over SSH (`SSH_TTY`) the local terminal's OSC 52 comes first."""
    env = os.environ if env is None else env
    if env.get("SSH_TTY"):
        return ["osc52", "pyperclip"]
    return ["pyperclip", "osc52"]
