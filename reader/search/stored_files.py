"""Where a segment's stored arrays live beside the index, which of its terms are stored, and
how a stored file's arrays are mapped (for posting_cache and position_cache)."""

from __future__ import annotations

import json
import mmap
from pathlib import Path

import numpy as np
from whoosh.fields import NUMERIC

from reader.search.posting_file import DIR as _DIR
from reader.search.posting_file import FIELDS, least
from reader.search.posting_file import key as _key


def folder(leaf, kind: str = _DIR) -> Path | None:
    """Where this segment's lists (or another `kind` of file) live (None when the segment
    is not in a folder on disk)."""
    storage = getattr(leaf, "_storage", None)
    for part in (storage, getattr(storage, "b", None), getattr(storage, "a", None)):
        path = getattr(part, "folder", None)
        if path:
            return Path(path).parent / kind / leaf._segment.segment_id()
    return None


def read_header(mapped: mmap.mmap, path: Path) -> dict[str, np.ndarray]:
    """The arrays of a file in posting_file's format, as views of its map."""
    try:
        size = int.from_bytes(mapped[:8], "little")
        header = json.loads(mapped[8:8 + size])
        return {name: np.frombuffer(mapped, dtype=np.dtype(dtype), count=count, offset=offset)
                for name, (dtype, count, offset) in header.items()}
    except (ValueError, TypeError, KeyError) as error:
        raise ValueError(f"{path} is unreadable ({error})") from None


class MappedArrays:
    """A stored file of one segment, memory-mapped: its arrays (`names` must be there), and
    where a (field, term) key is in its sorted `keys`."""

    def __init__(self, path: Path, names: tuple[str, ...]):
        with open(path, "rb") as handle:
            self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        arrays = read_header(self._map, path)
        try:
            for name in ("keys", "starts", *names):
                setattr(self, name, arrays[name])
        except KeyError as error:
            raise ValueError(f"{path} lacks {error}") from None
        if len(self.starts) != len(self.keys) + 1:
            raise ValueError(f"{path} is inconsistent")

    def find(self, fieldname: str, tbytes: bytes) -> int | None:
        """Where the term's key is in `keys`, or None when the term is not stored."""
        key = _key(fieldname, tbytes)
        at = int(np.searchsorted(self.keys, key))
        return None if at == len(self.keys) or self.keys[at] != key else at

    def release_pages(self) -> None:
        """Let go of the pages read so far (they stay in the page cache; Linux only)."""
        if hasattr(mmap, "MADV_DONTNEED") and not self._map.closed:
            self._map.madvise(mmap.MADV_DONTNEED)


def remove_stale(paths: list[Path | None]) -> None:
    """Remove the files, in the folders of these paths, of segments no longer in the index."""
    live = {p.name for p in paths if p is not None}
    for root in {p.parent for p in paths if p is not None}:
        for old in root.iterdir() if root.is_dir() else ():
            if old.name not in live and not old.name.startswith("."):
                old.unlink(missing_ok=True)


def common_terms(leaf) -> list[tuple[str, bytes]]:
    """The (field, term) pairs of this segment worth storing, in key order."""
    fewest = least(leaf.doc_count_all())
    found = []
    for fieldname in FIELDS:
        if fieldname not in leaf.schema:
            continue
        if isinstance(leaf.schema[fieldname], NUMERIC):  # iter_field would decode its trie terms
            counts = ((tbytes, leaf.doc_frequency(fieldname, tbytes)) for tbytes in leaf.lexicon(fieldname))
        else:
            counts = ((tbytes, info.doc_frequency()) for tbytes, info in leaf.iter_field(fieldname))
        found += [(fieldname, tbytes) for tbytes, frequency in counts if frequency >= fewest]
    return sorted(found, key=lambda pair: _key(*pair))


def stored_terms(leaf, fields: tuple[str, ...]) -> list[tuple[str, bytes]] | None:
    """The (field, term) pairs of these fields that the segment's stored lists hold, in key
    order, read from the lists' keys (listing a segment's terms through Whoosh takes ~0.2 s);
    None when it has no readable lists."""
    path = folder(leaf)
    if path is None or not path.is_file():
        return None
    try:
        with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            keys = read_header(mapped, path)["keys"].tolist()
    except (OSError, ValueError, KeyError):
        return None
    found = [tuple(k.split(b"\xff", 1)) for k in keys]
    return [(name.decode("utf-8"), rest[:-1]) for name, rest in found if name.decode("utf-8") in fields]
