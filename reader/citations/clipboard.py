"""The clipboard without a UI: the system's clipboard tools, OSC 52, and which to try first.

A copy is reported only when it happened: each tool (wl-copy, xclip, xsel, pbcopy, clip.exe)
runs with a timeout, its exit status and error output are checked, and a failure says its real cause
(no display, not installed, the tool's own error, timed out). pyperclip cannot tell these
apart (it ignores the tools' exit status), so it is used only on Windows, where it raises.
OSC 52 cannot be confirmed: the sequence is *sent*, and the terminal (or tmux) may drop it.
Nothing here raises or blocks past its timeout.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TextIO

# Terminals cap an OSC 52 payload; 74,994 base64 bytes (the limit hterm and tmux-era
# advice settle on, ~56 kB of text) is accepted by the common ones.
OSC52_MAX_BASE64 = 74_994
TIMEOUT = 2.0  # seconds a clipboard tool may take
INSTALL_HINT = "install xclip or xsel (wl-clipboard on Wayland)"
TMUX_HINT = "tmux passes it on only with `set -g set-clipboard on` in ~/.tmux.conf"
# (tool, arguments, the variable it needs: a display, or None; the encoding it reads)
TOOLS = (
    ("wl-copy", (), "WAYLAND_DISPLAY", "utf-8"),
    ("xclip", ("-selection", "clipboard"), "DISPLAY", "utf-8"),
    ("xsel", ("--clipboard", "--input"), "DISPLAY", "utf-8"),
    ("pbcopy", (), None, "utf-8"),  # macOS
    ("clip.exe", (), None, "utf-16le"),  # Windows' own, reached from WSL
)
_ERROR_WORDS = re.compile(r"error|can'?t open|cannot open|failed", re.I)


@dataclass(frozen=True)
class CopyResult:
    """`ok`; `method`: the tool that copied (`xclip`, …) or `osc52` (sent, not confirmed), or what
    was tried; `reason` why not, when it failed."""

    ok: bool
    method: str
    reason: str = ""

    @property
    def confirmed(self) -> bool:
        """Whether the copy is known to have happened (OSC 52 never is)."""
        return self.ok and self.method != "osc52"


def copy_with_system(text: str, env: Mapping[str, str] | None = None, timeout: float | None = None) -> CopyResult:
    """Copy with the first system clipboard tool that works; else every tool's real cause."""
    env = os.environ if env is None else env
    timeout = TIMEOUT if timeout is None else timeout
    if os.name == "nt":
        return _copy_with_pyperclip(text)
    reasons, installed = [], False
    for tool, arguments, needs, encoding in TOOLS:
        program = shutil.which(tool, path=env.get("PATH", os.defpath))
        if program is None:
            continue
        installed = True
        if needs and not env.get(needs):
            reasons.append(f"{tool} is installed but there is no display ({needs} is not set)")
            continue
        result = _run(tool, [program, *arguments], text.encode(encoding), env, timeout)
        if result.ok:
            return result
        reasons.append(result.reason)
    if not installed:
        reasons.append(f"no clipboard tool is installed: {INSTALL_HINT}")
    return CopyResult(False, "system", "; ".join(reasons))


def _run(tool: str, argv: list[str], data: bytes, env: Mapping[str, str], timeout: float) -> CopyResult:
    """Run one tool. Its error output goes to a file, not a pipe: xclip, xsel and wl-copy fork a
    child that keeps serving the selection, and would hold a pipe open long after they exit."""
    with tempfile.TemporaryFile() as errors:
        try:
            process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=errors,
                                       env=dict(env), close_fds=True, start_new_session=True)
        except OSError as error:
            return CopyResult(False, tool, f"{tool} could not start ({error.strerror or error})")
        try:
            process.communicate(data, timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            return CopyResult(False, tool, f"{tool} did not answer within {timeout:g} s (timed out)")
        except OSError as error:  # BrokenPipeError: it exited before reading
            process.wait()
            if process.returncode == 0:
                return CopyResult(False, tool, f"{tool} did not take the text ({error.strerror or error})")
        errors.seek(0)
        said = _one_line(errors.read(2000).decode("utf-8", "replace"))
    if process.returncode != 0:
        return CopyResult(False, tool, f"{tool} failed (exit {process.returncode}): {said or 'no message'}")
    if _ERROR_WORDS.search(said):
        return CopyResult(False, tool, f"{tool} reported: {said}")
    return CopyResult(True, tool)


def _one_line(text: str) -> str:
    from reader.ingest.clean import clean_text

    return " ".join(clean_text(text).split())[:300]


def _copy_with_pyperclip(text: str) -> CopyResult:
    try:
        import pyperclip

        pyperclip.copy(text)
    except Exception as error:  # noqa: BLE001 - PyperclipException, OSError, …
        return CopyResult(False, "pyperclip", f"the clipboard failed ({type(error).__name__}: {error})")
    return CopyResult(True, "pyperclip")


def osc52_sequence(text: str, limit: int = OSC52_MAX_BASE64) -> str | None:
    """`ESC ] 52 ; c ; <base64> BEL` for `text`, or None when the payload exceeds `limit` bytes."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    if len(payload) > limit:
        return None
    return f"\x1b]52;c;{payload}\x07"


def copy_with_osc52(text: str, terminal: TextIO | str = "/dev/tty") -> CopyResult:
    """Send the OSC 52 sequence to `terminal` (a stream or a path); ok means *sent*, never confirmed."""
    sequence = osc52_sequence(text)
    if sequence is None:
        return CopyResult(False, "osc52", f"too long for OSC 52 (over {OSC52_MAX_BASE64:,} base64 bytes)")
    try:
        if isinstance(terminal, str):
            with open(terminal, "w", encoding="ascii") as stream:
                stream.write(sequence)
                stream.flush()
        else:
            terminal.write(sequence)
            terminal.flush()
    except (OSError, ValueError) as error:
        return CopyResult(False, "osc52", f"no terminal to write to ({getattr(error, 'strerror', None) or error})")
    return CopyResult(True, "osc52")


def osc52_note(env: Mapping[str, str] | None = None) -> str:
    """What to say after sending OSC 52: it is unconfirmed, and under tmux how to let it through."""
    env = os.environ if env is None else env
    note = "the terminal cannot confirm it, and some ignore it"
    if env.get("TMUX") and not _tmux_passes_osc52(env):
        note += f"; {TMUX_HINT}"
    return note


def osc52_sent(what: str, system_failed: str = "", env: Mapping[str, str] | None = None,
               capital: bool = False) -> str:
    """The line after sending `what` through OSC 52: sent, not confirmed, and why not the system clipboard."""
    line = f"{'S' if capital else 's'}ent {what} to the terminal's clipboard through OSC 52 ({osc52_note(env)})"
    return f"{line}; no system clipboard: {system_failed}" if system_failed else line


def _tmux_passes_osc52(env: Mapping[str, str]) -> bool:
    """Whether the tmux server in `env` has `set-clipboard on` (the default, `external`, drops it)."""
    program = shutil.which("tmux", path=env.get("PATH", os.defpath))
    if program is None:
        return False
    try:
        answer = subprocess.run([program, "show-options", "-gv", "set-clipboard"], capture_output=True, text=True,
                                env=dict(env), timeout=1, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return False
    return answer.returncode == 0 and answer.stdout.strip() == "on"


def clipboard_order(env: Mapping[str, str] | None = None) -> list[str]:
    """Methods to try, best first: over SSH (`SSH_TTY`) the local terminal's OSC 52 comes first."""
    env = os.environ if env is None else env
    if env.get("SSH_TTY"):
        return ["osc52", "system"]
    return ["system", "osc52"]


def copy_for_cli(text: str, stdout: TextIO | None = None,
                 env: Mapping[str, str] | None = None) -> tuple[CopyResult, str]:
    """`reader cite --copy`: the system clipboard, else OSC 52 when standard output is a terminal
    (over SSH above all). Returns the result and the one line to print on stderr."""
    env = os.environ if env is None else env
    stdout = sys.stdout if stdout is None else stdout
    system = copy_with_system(text, env)
    if system.ok:
        return system, f"copied to the clipboard ({system.method})"
    if not _is_terminal(stdout):
        return system, f"not copied: {system.reason}; standard output is not a terminal, so OSC 52 was not tried"
    sent = copy_with_osc52(text, stdout)
    if not sent.ok:
        return sent, f"not copied: {system.reason}; OSC 52: {sent.reason}"
    return sent, osc52_sent("the citation", system.reason, env)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False
