"""Turn raw listing bytes into clean lines: encoding, newlines, control characters, NFC."""

from __future__ import annotations

import re
import unicodedata

# C0 except tab and newline, DEL, C1, and the bidi embedding/override/isolate marks.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


def decode(data: bytes) -> tuple[str, str | None]:
    """Decode listing bytes; returns the text and a note when it was not UTF-8."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        note = (
            f"line {line} is not valid UTF-8; the file was read as Windows-1252 "
            "(save it as UTF-8 to silence this)"
        )
        return data.decode("cp1252", errors="replace"), note


def clean_text(text: str) -> str:
    """Strip terminal control characters and normalise to NFC."""
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def split_lines(text: str) -> list[str]:
    """Split on any newline convention and drop trailing blanks of each line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [clean_text(line).rstrip() for line in text.split("\n")]
