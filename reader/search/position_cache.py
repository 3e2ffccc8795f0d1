"""Common words' positions, kept per Whoosh segment as NumPy arrays that open memory-mapped.

A phrase needs the positions of its words in the papers holding all of them. Whoosh keeps
them pickled per posting, ~1.5 µs each to read: "large language models" reads ~200,000 at
100,000 papers. Like the posting lists (see posting_cache), the positions of a segment's
common words in the positional fields are stored once, beside the index, and mapped.

Each segment's positions are one file, `<generation>/positions.1/<segment id>`, in
posting_file's format: `keys` (sorted `field \\xff term \\xff` keys), `starts` (where each
key's postings start), `docs` (segment document numbers, deleted ones too), `counts` (how
many positions each posting has), `places` (where each key's positions start) and
`positions`. A file missing, unreadable or inconsistent is ignored: the positions are then
read through Whoosh.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np

from reader.search import posting_file, stored_files
from reader.search.stored_files import MappedArrays, common_terms
from reader.search.posting_file import key as _key
from reader.search.phrases import among
from reader.search.postings import raw_positions

DIR = "positions.1"  # a new name whenever what is stored changes
FIELDS = ("content", "title", "author")  # the positional fields

Positions = tuple[np.ndarray, np.ndarray, np.ndarray]  # docs, counts, positions (see raw_positions)


def folder(leaf) -> Path | None:
    """Where this segment's positions live (None when the segment is not in a folder on disk)."""
    return stored_files.folder(leaf, DIR)


class SegmentPositions(MappedArrays):
    """One segment's stored positions, memory-mapped."""

    def __init__(self, path: Path):
        super().__init__(path, ("docs", "counts", "places", "positions"))
        if (len(self.places) != len(self.keys) + 1 or len(self.counts) != len(self.docs)
                or int(self.starts[-1]) != len(self.docs) or int(self.places[-1]) != len(self.positions)):
            raise ValueError(f"{path} is inconsistent")

    def term_positions(self, fieldname: str, tbytes: bytes, wanted: np.ndarray) -> Positions | None:
        """The term's postings among `wanted` (sorted segment document numbers) with their
        positions, or None when the term is not stored."""
        at = self.find(fieldname, tbytes)
        if at is None:
            return None
        start, end = int(self.starts[at]), int(self.starts[at + 1])
        docs, counts = self.docs[start:end], self.counts[start:end]
        ends = int(self.places[at]) + np.cumsum(counts, dtype=np.int64)  # where each posting's positions end
        kept = among(docs, wanted)
        docs, counts, ends = docs[kept].astype(np.int64), counts[kept].astype(np.int64), ends[kept]
        # every position of every kept posting, in order: the k-th of them all sits at k plus
        # how far its posting's positions are from where the kept ones before it end
        gathered = np.cumsum(counts)
        total = int(gathered[-1]) if len(gathered) else 0
        return docs, counts, self.positions[np.repeat(ends - gathered, counts) + np.arange(total)]

def open_segment(leaf) -> SegmentPositions | None:
    """The segment's stored positions, or None when there are none (or they cannot be read)."""
    path = folder(leaf)
    if path is None or not path.is_file():
        return None
    try:
        return SegmentPositions(path)
    except (OSError, ValueError):
        return None


def write_steps(reader) -> Iterator[None]:
    """Store the common words' positions of every segment that has none yet, one word per
    step; files of segments no longer in the index are removed."""
    leaves = [leaf for leaf, _ in reader.leaf_readers()]
    paths = [folder(leaf) for leaf in leaves]
    stored_files.remove_stale(paths)
    for leaf, path in zip(leaves, paths):
        if path is None or path.exists():
            continue
        yield from _write_segment(leaf, path)


def write(reader) -> None:
    """Store the common words' positions of every segment that has none yet, all at once."""
    for _ in write_steps(reader):
        pass


def _write_segment(leaf, path: Path) -> Iterator[None]:
    terms = []
    chosen = stored_files.stored_terms(leaf, FIELDS)
    for fieldname, tbytes in chosen if chosen is not None else common_terms(leaf):
        if fieldname in FIELDS:
            docs, counts, positions = raw_positions(leaf, fieldname, tbytes)
            terms.append((_key(fieldname, tbytes), docs.astype(np.int32), _narrow(counts), _narrow(positions)))
            yield
    yield from write_steps_of(path, terms)


def _narrow(numbers: np.ndarray) -> np.ndarray:
    """Small counts or positions in 2 bytes each (a segment's lists are held until written)."""
    return numbers.astype(np.uint16 if not len(numbers) or int(numbers.max()) < 2 ** 16 else np.uint32)


def write_positions(path: Path, terms: list[tuple[bytes, np.ndarray, np.ndarray, np.ndarray]]) -> None:
    """Write (key, docs, counts, positions) of each term as one file."""
    for _ in write_steps_of(path, terms):
        pass


def write_steps_of(path: Path, terms: list[tuple[bytes, np.ndarray, np.ndarray, np.ndarray]]) -> Iterator[None]:
    """`write_positions`, a step per piece written."""
    terms = sorted(terms, key=lambda entry: entry[0])
    starts = np.cumsum([0] + [len(docs) for _, docs, _, _ in terms])
    places = np.cumsum([0] + [len(positions) for _, _, _, positions in terms])
    widest = max((int(part.max()) for _, _, counts, positions in terms for part in (counts, positions)
                  if len(part)), default=0)
    narrow = "<u2" if widest < 2 ** 16 else "<u4"
    yield from posting_file.write_steps(path, {
        "keys": posting_file.fixed_width([k for k, _, _, _ in terms]),
        "starts": ("<i8", len(starts), [starts.astype("<i8").tobytes()]),
        "docs": ("<i4", int(starts[-1]), (docs.astype("<i4").tobytes() for _, docs, _, _ in terms)),
        "counts": (narrow, int(starts[-1]), (counts.astype(narrow).tobytes() for _, _, counts, _ in terms)),
        "places": ("<i8", len(places), [places.astype("<i8").tobytes()]),
        "positions": (narrow, int(places[-1]), (p.astype(narrow).tobytes() for _, _, _, p in terms)),
    })
