"""Writing a stored-postings file (the format `posting_cache` maps and reads) without NumPy.

A JSON header gives each array's NumPy dtype, length and offset; the arrays follow, each
padded to 8 bytes. Segment workers write these files from the postings they hold, so a
new index answers its first queries from them; they need no NumPy for it.
"""

from __future__ import annotations

import json
import os
import sys
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path

COMMON = 0.005  # a word is common in a segment when at least this share of its documents hold it
LEAST = 64  # ... and at least this many
FIELDS = ("content", "title", "author", "org", "cat", "year")  # the fields whose terms the evaluator reads
DIR = "postings.2"  # a new name whenever what is stored changes (2: year terms too)

Part = tuple[str, int, list[bytes]]  # NumPy dtype string, length, the pieces of its bytes


def key(fieldname: str, tbytes: bytes) -> bytes:
    """The field (no \\xff in UTF-8) and the term; the last \\xff keeps NumPy from stripping a trailing NUL."""
    return fieldname.encode("utf-8") + b"\xff" + tbytes + b"\xff"


def least(documents: int) -> int:
    """How many of a segment's documents a word must be in to be stored."""
    return max(LEAST, int(documents * COMMON))


def fixed_width(items: list[bytes]) -> Part:
    """Byte strings as NumPy's fixed-width `S` array (NUL-padded)."""
    width = max((len(item) for item in items), default=0) or 1
    return f"|S{width}", len(items), [b"".join(item.ljust(width, b"\0") for item in items)]


def layout(arrays: dict[str, tuple[str, int]]) -> bytes:
    """The header for arrays of (dtype, count): its size, then (dtype, count, offset) per
    array, each array padded to 8 bytes."""
    size = 512
    while True:
        offset, header = 8 + size, {}
        for name, (dtype, count) in arrays.items():
            header[name] = (dtype, count, offset)
            offset += _size(dtype, count) + (-_size(dtype, count) % 8)
        text = json.dumps(header).encode("ascii")
        if len(text) <= size:
            return size.to_bytes(8, "little") + text + b" " * (size - len(text))
        size *= 2


def write(path: Path, parts: dict[str, tuple[str, int, Iterable[bytes]]]) -> None:
    """Write the arrays, each (dtype, count, the pieces of its bytes: joined on disk, never in
    memory), under a temporary name, then rename the file into place; a folder that cannot be
    written is left alone (the words are then read through Whoosh)."""
    for _ in write_steps(path, parts):
        pass


def write_steps(path: Path, parts: dict[str, tuple[str, int, Iterable[bytes]]]) -> Iterator[None]:
    """`write`, one step per piece (for a process that writes between other work)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(exist_ok=True)  # not the generation: a rebuild may have removed it
        with open(temporary, "wb") as out:
            out.write(layout({name: (dtype, count) for name, (dtype, count, _) in parts.items()}))
            for dtype, count, pieces in parts.values():
                written = 0
                for piece in pieces:
                    written += out.write(piece)
                    yield
                if written != _size(dtype, count):
                    raise ValueError(f"{path.name}: {written} bytes for {count} of {dtype}")
                out.write(bytes(-written % 8))
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except OSError:  # read-only or full
        temporary.unlink(missing_ok=True)


def _size(dtype: str, count: int) -> int:
    """Bytes of `count` items of a dtype such as '<i4' or '|S12'."""
    return count * int(dtype[2:])


def write_segment(path: Path, terms: list[tuple[bytes, array, array]], paper_ids: list[str]) -> bool:
    """Store a segment's common terms, each (key, document numbers as 32-bit arrays, float32
    weights), in key order, with each document's paper id; False (nothing written) when an id
    is not plain ASCII. The postings are written term by term, never copied whole."""
    if any(not i or not i.isascii() for i in paper_ids):
        return False  # ids Whoosh holds in another shape: keep reading them from Whoosh
    terms = sorted(terms, key=lambda entry: entry[0])
    starts = [0]
    for _, docs, _ in terms:
        starts.append(starts[-1] + len(docs))
    write(path, {
        "keys": fixed_width([k for k, _, _ in terms]),
        "starts": ("<i8", len(starts), [_little(array("q", starts)).tobytes()]),
        "docs": ("<i4", starts[-1], (_little(docs).tobytes() for _, docs, _ in terms)),
        "weights": ("<f4", starts[-1], (_little(weights).tobytes() for _, _, weights in terms)),
        "ids": fixed_width([i.encode("ascii") for i in paper_ids]),
    })
    return True


def _little(numbers_array: array) -> array:
    if sys.byteorder == "little":
        return numbers_array
    swapped = array(numbers_array.typecode, numbers_array)  # pragma: no cover - big-endian machines
    swapped.byteswap()  # pragma: no cover
    return swapped  # pragma: no cover
