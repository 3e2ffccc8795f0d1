"""Fast full builds: each worker writes one Whoosh segment with postings held in memory.

Whoosh's own pool sorts every posting and spills sorted runs to disk. In a fresh build
documents arrive in docnum order, so postings only need grouping by term: the pool
below keeps a list per term and sorts just the terms when the segment is written.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from reader.models import Paper
from reader.search import workers

CORES = min(2, os.cpu_count() or 1)
PARALLEL_FROM = 4_000  # papers; below this a second process costs more than it saves


def start_method() -> str:
    """fork is cheapest, but only safe while this process has a single thread."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


class _MemoryPool:
    """Postings grouped by (field, term), in the order documents were added."""

    def __init__(self):
        self.postings: dict[tuple[str, bytes], list] = defaultdict(list)
        self.fieldnames: set[str] = set()

    def add(self, item) -> None:
        fieldname, text, docnum, weight, value = item
        self.postings[(fieldname, text)].append((docnum, weight, value))

    def iter_postings(self):
        for key in sorted(self.postings):
            fieldname, text = key
            for docnum, weight, value in self.postings[key]:
                yield fieldname, text, docnum, weight, value

    def cleanup(self) -> None:
        self.postings.clear()


class _Lengths:
    """Field lengths recorded while adding documents, for the posting writer's block stats."""

    def __init__(self, lengths: dict[str, dict[int, int]]):
        self.lengths = lengths

    def doc_field_length_reader(self, fieldname: str):
        get = self.lengths.get(fieldname, {}).get
        return lambda docnum: get(docnum, 0)

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        return self.lengths.get(fieldname, {}).get(docnum, default)


class _BulkSegmentWriter(SegmentWriter):
    """A lock-free segment writer using the in-memory pool (the parent holds the lock)."""

    def __init__(self, ix):
        super().__init__(ix, _lk=False)
        self.pool = _MemoryPool()
        self._lengths: dict[str, dict[int, int]] = defaultdict(dict)
        add_field = self.perdocwriter.add_field

        def record_length(fieldname, field, stored, length):
            if length:
                self._lengths[fieldname][self.docnum] = length
            add_field(fieldname, field, stored, length)

        self.perdocwriter.add_field = record_length

    def _flush_segment(self):
        self.perdocwriter.close()
        self.fieldwriter.add_postings(self.schema, _Lengths(self._lengths), self.pool.iter_postings())
        self.fieldwriter.close()


def _write_segment(job):
    index_dir, papers, to_document = job
    ix = whoosh_index.open_dir(index_dir)
    writer = _BulkSegmentWriter(ix)
    for paper in papers:
        writer.add_document(**to_document(paper))
    return writer._finalize_segment()


def build(index_dir: str, schema, papers: Sequence[Paper], to_document: Callable[[Paper], dict],
          progress: Callable[[str, int, int], None] | None = None):
    """Create a Whoosh index in `index_dir` holding `papers`; returns the open index."""
    return build_chunks(index_dir, schema, [papers] if papers else [], to_document, progress, len(papers))


def build_chunks(index_dir: str, schema, chunks: Iterable[Sequence[Paper]], to_document: Callable[[Paper], dict],
                 progress: Callable[[str, int, int], None] | None = None, total: int = 0):
    """Create a Whoosh index from papers that arrive a chunk at a time (a few segments per
    chunk), so only one chunk's postings are ever in memory; returns the open index."""
    ix = whoosh_index.create_in(index_dir, schema)
    segments, done = [], 0
    if progress:
        progress("indexing", 0, total)
    for papers in chunks:
        parts = CORES if len(papers) >= PARALLEL_FROM else 1
        size = -(-len(papers) // parts)
        jobs = [(index_dir, papers[i : i + size], to_document) for i in range(0, len(papers), size)]
        if len(jobs) > 1:
            with workers.pool(len(jobs), start_method()) as pool:
                segments.extend(pool.map(_write_segment, jobs))
        else:
            segments.extend(_write_segment(job) for job in jobs)
        done += len(papers)
        if progress:
            progress("indexing", done, total)
    writer = ix.writer()
    writer._close_segment()
    writer._commit_toc(segments)
    writer._finish()
    return whoosh_index.open_dir(index_dir)
