"""Listing files in, paper records out: detect the format, parse, clean and merge."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from reader.ingest import formats, trending
from reader.ingest.clean import decode, is_utf16, line_of, split_lines
from reader.ingest.merge import merge, normalise_title, paper_id
from reader.models import Listing, ParseWarning

__all__ = ["ParsedFile", "parse_bytes", "parse_file", "detect", "merge", "normalise_title", "paper_id"]


@dataclass
class ParsedFile:
    """What one listing file yielded."""

    source: str
    format: str
    listings: list[Listing] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)


def detect(lines: list[str], suffix: str = ".txt") -> str:
    """Name the format from the content: 'dated', 'spaced', 'compact', another registered format, or 'unknown'."""
    if not any(line.strip() for line in lines):
        return "empty"
    fmt, _ = formats.choose(lines, suffix)
    if fmt is None:
        return "unknown"
    return trending.layout(lines) if fmt.name == "trending" else fmt.name


# Bytes that no text file holds (C0 controls but tab, newlines, form feed and ESC).
_BINARY_BYTES = bytes(b for b in range(0x20) if b not in b"\t\n\x0b\x0c\r\x1b")
# How binary formats that people keep beside their listings begin: PDF, PNG, JPEG, GIF,
# ZIP (and so .docx, .xlsx, .epub), gzip, xz, zstd, 7-Zip, ELF.
_BINARY_MAGIC = (
    b"%PDF-", b"\x89PNG\r\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"PK\x03\x04", b"PK\x05\x06",
    b"\x1f\x8b", b"\xfd7zXZ\x00", b"\x28\xb5\x2f\xfd", b"7z\xbc\xaf", b"\x7fELF",
)


def _looks_binary(head: bytes) -> bool:
    """A known binary format, or NUL bytes among control bytes that make up at least 1 in 20
    of what there is: an image, an archive, UTF-16 without a byte-order mark. A text with a
    few stray NULs is not binary (they are removed, with a warning)."""
    if head.startswith(_BINARY_MAGIC):
        return True
    if b"\x00" not in head:
        return False
    controls = len(head) - len(head.translate(None, _BINARY_BYTES))
    return controls >= 4 and controls * 20 >= len(head)


def _suffix(source: str) -> str:
    return Path(source).suffix.lower()


def parse_bytes(data: bytes, source: str, reference: date) -> ParsedFile:
    """Parse one listing file's bytes; `reference` dates entries that give no year."""
    text, notes = decode(data)
    # UTF-16 text (told by its byte-order mark) is full of NUL bytes: judge it decoded.
    utf16 = is_utf16(data)
    if _looks_binary(text[:8192].encode("utf-8", "replace") if utf16 else data[:8192]):
        warning = ParseWarning(source, 1, "this is not a text file; it was skipped")
        return ParsedFile(source, "binary", warnings=[warning])
    lines = split_lines(text)
    result = ParsedFile(source, "empty")
    result.warnings.extend(ParseWarning(source, line, note) for line, note in notes)
    nul = -1 if utf16 else data.find(b"\x00")
    if nul >= 0:
        result.warnings.append(
            ParseWarning(source, line_of(data, nul), "NUL bytes were found from this line on and removed")
        )
    if not any(line.strip() for line in lines):
        listings, warnings = [], [ParseWarning(source, 1, "the file is empty")]
    else:
        result.format, listings, warnings = formats.parse_lines(lines, source, _suffix(source), reference)
    result.listings.extend(listings)
    result.warnings.extend(warnings)
    return result


def parse_file(path: Path) -> ParsedFile:
    """Parse a listing file; bare dates take their year from the file's modification time."""
    data = path.read_bytes()
    reference = datetime.fromtimestamp(path.stat().st_mtime).date()
    return parse_bytes(data, path.name, reference)
