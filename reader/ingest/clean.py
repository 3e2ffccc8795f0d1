"""Turn raw listing bytes into clean lines: encoding, newlines, control characters, NFC."""

from __future__ import annotations

import re
import unicodedata

# C0 except tab and newline, DEL, C1, and the bidi embedding/override/isolate marks.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


def line_of(data: bytes, offset: int) -> int:
    """The 1-based line of byte `offset`, counting LF, CRLF and lone CR as split_lines does."""
    head = data[:offset].replace(b"\r\n", b"\n")
    return head.count(b"\n") + head.count(b"\r") + 1


def decode(data: bytes) -> tuple[str, str | None, int]:
    """Decode listing bytes; returns the text, a note when it was not UTF-8, and the line
    the note is about (1 when there is none)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Saved as "Unicode" by a Windows editor: UTF-16 with a byte-order mark.
        try:
            return data.decode("utf-16"), None, 1
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), None, 1
    except UnicodeDecodeError as error:
        line = line_of(data, error.start)
        note = (
            f"line {line} is not valid UTF-8; the file was read as Windows-1252 "
            "(save it as UTF-8 to silence this)"
        )
        return data.decode("cp1252", errors="replace"), note, line


# Whole escape sequences (colour codes, window titles), so that stripping their ESC does
# not leave `[31m` behind: CSI `ESC [ … final`, OSC `ESC ] … BEL|ST`, and two-byte ESC codes.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]"
)


def clean_text(text: str) -> str:
    """Strip terminal control characters and normalise to NFC."""
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def split_lines(text: str) -> list[str]:
    """Split on any newline convention and drop trailing blanks of each line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [clean_text(line).rstrip() for line in text.split("\n")]
