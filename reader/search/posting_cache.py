"""Common words' posting lists, kept per Whoosh segment as NumPy arrays that open memory-mapped.

Reading a posting list through Whoosh unpickles and inflates every block with its
positions, ~1.5 µs a posting: a word in half of 100,000 papers costs ~0.1 s the first
time a process needs it. Segments never change once written (deletions are kept apart
and applied on reading), so the lists of a segment's common words can be stored once,
beside the index, and read by any later process in microseconds.

Each segment's lists are one file, `<generation>/postings.2/<segment id>`: a JSON header
naming where each array starts, then the arrays: `keys` (the sorted `field \\xff term
\\xff` keys), `starts` (where each key's postings start), `docs` (segment document
numbers, int32), `weights` (float32, as Whoosh stores them) and `ids` (each document's
paper id, which Whoosh would read from its stored fields). The file is mapped once and
the arrays are views of the map. It is renamed into place only once whole; one that is
missing, unreadable or inconsistent is ignored, and the words are read through Whoosh.
"""

from __future__ import annotations

import shutil
from array import array
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from reader.search import position_cache, posting_file
from reader.search.posting_file import key as _key
from reader.search.posting_file import least
from reader.search.postings import raw_postings
from reader.search.stored_files import MappedArrays, common_terms, folder, remove_stale

__all__ = ["SegmentPostings", "common_counts", "common_terms", "folder", "open_segment", "write", "write_steps"]


class SegmentPostings(MappedArrays):
    """One segment's stored lists and paper ids, memory-mapped."""

    def __init__(self, path: Path):
        super().__init__(path, ("docs", "weights", "ids"))
        if len(self.docs) != len(self.weights) or int(self.starts[-1]) != len(self.docs):
            raise ValueError(f"{path} is inconsistent")

    def postings(self, fieldname: str, tbytes: bytes) -> tuple[np.ndarray, np.ndarray] | None:
        """(segment document numbers, weights) of a stored term, or None when it is not stored."""
        at = self.find(fieldname, tbytes)
        if at is None:
            return None
        start, end = int(self.starts[at]), int(self.starts[at + 1])
        return self.docs[start:end], self.weights[start:end]

    def paper_id(self, docnum: int) -> str:
        """The paper id of a segment document number."""
        return self.ids[docnum].decode("ascii")

def open_segment(leaf) -> SegmentPostings | None:
    """The segment's stored lists, or None when there are none (or they cannot be read)."""
    path = folder(leaf)
    if path is None or not path.is_file():
        return None
    try:
        stored = SegmentPostings(path)
    except (OSError, ValueError):
        return None
    return stored if len(stored.ids) == leaf.doc_count_all() else None


def common_counts(leaf, fieldname: str) -> dict[bytes, int]:
    """How many documents hold each of a segment's common terms in one field: from its stored
    lists when it has them (a few array operations), else from Whoosh's term infos."""
    stored = open_segment(leaf)
    if stored is None:
        fewest = least(leaf.doc_count_all())
        return {tbytes: info.doc_frequency() for tbytes, info in leaf.iter_field(fieldname)
                if info.doc_frequency() >= fewest}
    head = _key(fieldname, b"")[:-1]
    first, last = np.searchsorted(stored.keys, [head, head[:-1] + b"\xff\xff"])
    sizes = np.diff(stored.starts[first:last + 1])
    return {bytes(k)[len(head):-1]: int(n) for k, n in zip(stored.keys[first:last], sizes)}


def write_steps(reader) -> Iterator[None]:
    """Store the common words' lists of every segment that has none yet, one word per step
    (for a process that writes them between other work), then their positions (see
    position_cache). Folders that cannot be written are skipped; stored lists of segments no
    longer in the index are removed."""
    leaves = [leaf for leaf, _ in reader.leaf_readers()]
    paths = [folder(leaf) for leaf in leaves]
    remove_stale(paths)
    for root in {p.parent for p in paths if p is not None}:
        for older in root.parent.glob("postings*"):  # lists stored by an earlier version
            if older != root:
                shutil.rmtree(older, ignore_errors=True)
    for leaf, path in zip(leaves, paths):
        if path is None or path.exists():
            continue
        yield from _write_segment(leaf, path)
    yield from position_cache.write_steps(reader)  # then the common words' positions, for phrases


def write(reader) -> None:
    """Store the common words' lists of every segment that has none yet, all at once."""
    for _ in write_steps(reader):
        pass


def _write_segment(leaf, path: Path) -> Iterator[None]:
    terms = []
    for fieldname, tbytes in common_terms(leaf):
        ids, found = raw_postings(leaf, fieldname, tbytes)
        as_stored = found.astype(np.float32)
        if np.array_equal(as_stored, found):  # a weight float32 cannot hold exactly: read it from Whoosh
            terms.append((_key(fieldname, tbytes), array("i", ids.astype(np.int32).tobytes()),
                          array("f", as_stored.tobytes())))
        yield
    paper_ids = [leaf.stored_fields(d).get("id", "") for d in range(leaf.doc_count_all())]
    posting_file.write_segment(path, terms, paper_ids)
