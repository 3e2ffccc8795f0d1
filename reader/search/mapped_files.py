"""Whoosh's segment files read straight from their memory map, not copied whole on open.

A compound segment file is memory-mapped, and each file inside it (postings, term index,
lengths, stored fields) is opened as a `BufferFile` over a view of that map. whoosh3's
`BufferFile.__init__` also wraps the view in a `BytesIO` for sequential reads, and a
`BytesIO` of a memoryview copies it: opening a searcher on 100,000 papers copied ~190 MB
of segments into memory, a tenth of a second or more, before the first query could run,
and every process that searched held the copy. Here the sequential reads go through
`ViewReader`, a read-only file over the same view that copies only what is read.
Imported before any index is opened (by reader.search.compile).
"""

from __future__ import annotations

import io
import mmap

from whoosh.filedb.structfile import BufferFile

_original_init = BufferFile.__init__


class ViewReader(io.RawIOBase):
    """A read-only, seekable file over a bytes-like object, reading without copying it whole."""

    def __init__(self, buf):
        super().__init__()
        self._view = buf if isinstance(buf, memoryview) else memoryview(buf)
        self._size = len(self._view)
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_CUR:
            offset += self._pos
        elif whence == io.SEEK_END:
            offset += self._size
        if offset < 0:
            raise ValueError(f"negative seek position {offset}")
        self._pos = offset
        return offset

    def read(self, size: int | None = -1) -> bytes:
        start = self._pos
        if start >= self._size:
            return b""
        end = self._size if size is None or size < 0 else min(start + size, self._size)
        self._pos = end
        return self._view[start:end].tobytes()

    def readinto(self, target) -> int:
        start = self._pos
        if start >= self._size:
            return 0
        end = min(start + len(target), self._size)
        target[: end - start] = self._view[start:end]
        self._pos = end
        return end - start

    def readline(self, size: int | None = -1) -> bytes:
        if self._pos >= self._size:
            return b""
        limit = self._size if size is None or size < 0 else min(self._size, self._pos + size)
        start = end = self._pos
        while end < limit:
            chunk = self._view[end:min(end + 256, limit)].tobytes()
            newline = chunk.find(b"\n")
            if newline >= 0:
                end += newline + 1
                break
            end += len(chunk)
        self._pos = end
        return self._view[start:end].tobytes()

    def close(self) -> None:
        self._view = memoryview(b"")  # the map's view is released by BufferFile.close
        self._size = self._pos = 0
        super().close()


def _init(self, buf, name=None, onclose=None) -> None:
    _original_init(self, b"", name, onclose)  # the pinned version's other attributes
    self._buf = buf
    self.file = ViewReader(buf)


if BufferFile.__init__ is not _init:
    BufferFile.__init__ = _init


def release_pages(reader) -> None:
    """Let go of the pages of the segments' maps this process has read (Linux; elsewhere nothing).

    Reading a posting list pulls its pages into the process's resident memory, where they
    stay, though a list once read is kept as arrays. They remain in the page cache, so a
    later read maps them back at the cost of a minor fault per page."""
    if not hasattr(mmap, "MADV_DONTNEED"):
        return
    for leaf, _ in reader.leaf_readers():
        storage = getattr(leaf, "_storage", None)
        for part in (storage, getattr(storage, "a", None), getattr(storage, "b", None)):
            source = getattr(part, "_source", None)
            if isinstance(source, mmap.mmap) and not source.closed:
                source.madvise(mmap.MADV_DONTNEED)
