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


def is_utf16(data: bytes) -> bool:
    """Saved as "Unicode" by a Windows editor: UTF-16 with a byte-order mark. Its newlines and
    spaces hold NUL bytes, so bytes that merely begin like the mark (a damaged UTF-8 file) are not."""
    return data.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" in data[:4096]


# How many damaged lines are named one by one before the rest are summed up in one warning.
_NAMED_LINES = 5


def decode(data: bytes) -> tuple[str, list[tuple[int, str]]]:
    """Decode listing bytes; returns the text and (line, note) pairs for lines that were not
    clean UTF-8. A damaged line never changes how the other lines are read: each line that is
    not UTF-8 is read on its own, and the whole file changes encoding only when most of its
    non-ASCII text is Windows-1252 rather than UTF-8."""
    if is_utf16(data):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    lines = data.removeprefix(b"\xef\xbb\xbf").splitlines(keepends=True)
    counts = [_utf8_counts(line) for line in lines]
    bad_lines = [number for number, (_, bad) in enumerate(counts, start=1) if bad]
    utf8_chars = sum(good for good, _ in counts)
    bad_bytes = sum(bad for _, bad in counts)
    if len(bad_lines) >= 2 and bad_bytes >= 4 * utf8_chars:
        # Nearly all of its non-ASCII text, on more than one line, is not UTF-8: a file
        # saved in a legacy encoding, not a UTF-8 file with a damaged line.
        first = bad_lines[0]
        note = (
            f"line {first} is not valid UTF-8; the file was read as Windows-1252 "
            "(save it as UTF-8 to silence this)"
        )
        return "".join(_cp1252(line) for line in lines), [(first, note)]
    parts: list[str] = []
    damaged: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        try:
            parts.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            text, how = _damaged_line(line, last=number == len(lines))
            parts.append(text)
            damaged.append((number, how))
    return "".join(parts), _damage_notes(damaged)


def _utf8_counts(line: bytes) -> tuple[int, int]:
    """How many multi-byte UTF-8 characters `line` holds, and how many bytes of it are not UTF-8."""
    if line.isascii():
        return 0, 0
    text = line.decode("utf-8", errors="surrogateescape")
    bad = sum(1 for char in text if "\udc80" <= char <= "\udcff")
    return sum(1 for char in text if char > "\x7f") - bad, bad


def _cp1252(line: bytes) -> str:
    return line.decode("cp1252", errors="replace")


def _damaged_line(line: bytes, last: bool) -> tuple[str, str]:
    """Read one line that is not UTF-8, and say how: a line of Windows-1252 pasted among
    UTF-8 ones is read as such; otherwise (UTF-8 with stray bytes, or cut in the middle of a
    character) only the bad bytes become U+FFFD."""
    good, _ = _utf8_counts(line)
    if good == 0 and not (last and _cut_mid_character(line)):
        return _cp1252(line), "it was read as Windows-1252"
    return line.decode("utf-8", errors="replace"), "its bad bytes were replaced with U+FFFD"


def _cut_mid_character(line: bytes) -> bool:
    """Whether `line` (the file's last) ends inside a multi-byte UTF-8 character."""
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.reason == "unexpected end of data" and error.end == len(line)
    return False


def _damage_notes(damaged: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """One note per damaged line, the first few by name and the rest summed up."""
    notes = [
        (number, f"line {number} is not valid UTF-8; {how} (the other lines are unaffected)")
        for number, how in damaged[:_NAMED_LINES]
    ]
    rest = damaged[_NAMED_LINES:]
    if rest:
        notes.append((rest[0][0], f"{len(rest)} more lines from this one on are not valid UTF-8"))
    return notes


# Whole escape sequences (colour codes, window titles), so that stripping their ESC does
# not leave `[31m` behind: CSI `ESC [ … final`, OSC `ESC ] … BEL|ST`, and two-byte ESC codes.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]"
)


def strip_controls(text: str) -> str:
    """`text` without escape sequences and control characters (tab and newline stay)."""
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


def clean_text(text: str) -> str:
    """Strip terminal control characters and normalise to NFC."""
    return unicodedata.normalize("NFC", strip_controls(text))


def visible(text: str) -> str:
    """`text` with each control character written as an escape (`\\x1b`), for a message that
    quotes outside text: the reader sees what is there, the terminal acts on none of it."""
    return _CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


def split_lines(text: str) -> list[str]:
    """Split on any newline convention and drop trailing blanks of each line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if all(map(str.isprintable, lines)) and unicodedata.is_normalized("NFC", text):
        # Nothing to clean (the usual case): every character _CONTROL strips is unprintable,
        # so printable lines hold none (nor any escape sequence), and NFC text is NFC line by
        # line (a newline never composes). A tab is unprintable: its line takes the long way.
        return [line.rstrip() for line in lines]
    return [clean_text(line).rstrip() for line in lines]
