"""Fast Whoosh segments: postings grouped per term in compact arrays, written a block at a time.

Whoosh's own writer sends every posting through a sorting pool and then, one posting at
a time, through its block writer: most of a build's time. Documents here arrive in
docnum order, so postings only need grouping by term (three arrays per term), and each
block of up to 128 postings is handed to Whoosh's block writer whole. The files are the
ones Whoosh writes itself (tests/test_bulk_segments.py compares them byte for byte).

In a full build each segment is written by a worker process that reads its papers
straight from the catalog, so the parent holds no papers and nothing is pickled but a
range of rows; the workers write while the parent is still merging (SegmentPipeline).
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import sqlite3
import threading
from array import array
from collections.abc import Callable, Iterable
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from reader.models import Paper
from reader.search import posting_file, workers

CORES = min(2, os.cpu_count() or 1)
PARALLEL_FROM = 4_000  # papers; below this a second process costs more than it saves
SEGMENT_PAPERS = 25_000  # papers per segment: its postings are held in memory while written
SHARE_UPDATE_FROM = 400  # papers in an update: from here a forked process writes half of them


def start_method() -> str:
    """fork is cheapest, but only safe while this process has a single thread."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


class FastSegmentWriter(SegmentWriter):
    """Writes one new segment of an index without taking its lock (the caller commits it)."""

    def __init__(self, ix):
        super().__init__(ix, _lk=False)
        schema = self.schema
        self._fields = [(name, schema[name]) for name in sorted(schema.names())]
        self._postings: dict[str, dict[bytes, tuple[array, array, list]]] = {n: {} for n, _ in self._fields}
        # The length Whoosh's writer would read back for each document: the stored byte, decoded.
        self._lengths = {n: array("I") for n, f in self._fields if f.indexed and f.scorable}
        self._paper_ids: list[str] = []

    def add(self, fields: dict) -> None:
        """Add one document (no boosts, spelling or vectors: the paper schema has none)."""
        docnum = self.docnum
        perdoc = self.perdocwriter
        perdoc.start_doc(docnum)
        self._paper_ids.append(fields.get("id") or "")
        for fieldname, field in self._fields:
            value = fields.get(fieldname)
            length = 0
            if value is not None:
                if field.indexed:
                    terms = self._postings[fieldname]
                    for tbytes, freq, weight, vbytes in field.index(value):
                        length += freq
                        entry = terms.get(tbytes)
                        if entry is None:
                            entry = terms[tbytes] = (array("I"), array("f"), [])
                        entry[0].append(docnum)
                        entry[1].append(weight)
                        entry[2].append(vbytes)
                    if not field.scorable:
                        length = 0
                perdoc.add_field(fieldname, field, value if field.stored else None, length)
                if field.column_type:
                    perdoc.add_column_value(fieldname, field.column_type, field.to_column_value(value))
            lengths = self._lengths.get(fieldname)
            if lengths is not None:
                lengths.append(byte_to_length(length_to_byte(length)) if length else 0)
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self):
        self._store_common_postings()
        self.perdocwriter.close()
        fieldwriter = self.fieldwriter
        for fieldname, field in self._fields:
            terms = self._postings[fieldname]
            if not terms:
                continue
            fieldwriter.start_field(fieldname, field)
            lengths = self._lengths.get(fieldname)
            for tbytes in sorted(terms):
                ids, weights, values = terms.pop(tbytes)
                fieldwriter.start_term(tbytes)
                _fill_blocks(fieldwriter._postwriter, ids, weights, values, lengths)
                fieldwriter.finish_term()
            fieldwriter.finish_field()
        self.fieldwriter.close()


    def _store_common_postings(self) -> None:
        """Store the common words' lists beside the index (see posting_cache), so the first
        queries of a new index need not read them through Whoosh."""
        fewest = posting_file.least(self.docnum)
        common = [(posting_file.key(name, tbytes), entry[0], entry[1])
                  for name in posting_file.FIELDS for tbytes, entry in self._postings.get(name, {}).items()
                  if len(entry[0]) >= fewest]
        folder = Path(self.storage.folder).parent / posting_file.DIR
        posting_file.write_segment(folder / self.newsegment.segment_id(), common, self._paper_ids)


def _fill_blocks(writer, ids: array, weights: array, values: list, lengths: array | None) -> None:
    """Hand one term's postings to Whoosh's postings writer a block at a time, with the
    statistics its add_posting() would have kept; the last block stays for finish_postings()."""
    limit, count = writer._blocklimit, len(ids)
    for start in range(0, count, limit):
        end = min(start + limit, count)
        block_ids, block_weights = ids[start:end], weights[start:end]
        writer._ids, writer._weights = block_ids, block_weights
        writer._maxweight = max(0, max(block_weights))
        writer._values = [v for v in values[start:end] if v]
        found = [n for n in map(lengths.__getitem__, block_ids) if n] if lengths is not None else ()
        writer._minlength = min(found) if found else None
        writer._maxlength = max(found) if found else 0
        if end < count:
            writer._write_block()


def write_segment(index_dir: str, papers: Iterable[Paper], to_document: Callable[[Paper], dict]):
    """Write `papers` as one new segment of the index in `index_dir`; returns the segment."""
    writer = FastSegmentWriter(whoosh_index.open_dir(index_dir))
    for paper in papers:
        writer.add(to_document(paper))
    return writer._finalize_segment()


def _paper_segment(job):
    return write_segment(*job)


def write_segments(index_dir: str, papers: list[Paper], to_document: Callable[[Paper], dict]) -> list:
    """`papers` as new segments: half of them written by a forked process meanwhile when
    there are enough and forking is safe here (a single thread); the segments in order."""
    if len(papers) < SHARE_UPDATE_FROM or CORES < 2 or start_method() != "fork":
        return [write_segment(index_dir, papers, to_document)] if papers else []
    half = len(papers) // 2
    with workers.pool(1, "fork") as pool:
        first = pool.submit(_paper_segment, (index_dir, papers[:half], to_document))
        second = write_segment(index_dir, papers[half:], to_document)
        return [first.result(), second]


def _catalog_segment(job):
    """A worker's job: the catalog's papers with rowids first..last as one segment."""
    index_dir, catalog_path, first, last, to_document = job
    db = sqlite3.connect(f"file:{catalog_path}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT data FROM papers WHERE rowid BETWEEN ? AND ? ORDER BY rowid", (first, last))
        return write_segment(index_dir, (Paper.from_json(json.loads(data)) for (data,) in rows), to_document)
    finally:
        db.close()


def commit_segments(ix, segments: list):
    """Make `segments` the index's whole segment list; returns the index opened afresh."""
    writer = ix.writer()
    writer._close_segment()
    writer._commit_toc(segments)
    writer._finish()
    return whoosh_index.open_dir(ix.storage.folder)


class SegmentPipeline:
    """Segments written while the catalog is still being filled: each committed range of
    papers goes to a worker process at once, so the workers index while the parent merges."""

    def __init__(self, index_dir: str, schema, catalog_path: str, to_document: Callable[[Paper], dict],
                 pool=None, progress: Callable[[str, int, int], None] | None = None):
        """With no `pool` (a process pool), the segments are written here by finish()."""
        self.ix = whoosh_index.create_in(index_dir, schema)
        self._job = (index_dir, catalog_path)
        self._to_document, self._progress = to_document, progress
        self._pool = pool
        self._pending: list = []  # futures, or jobs run here at the end
        self.papers = 0

    def add(self, first: int, last: int, count: int) -> None:
        """Index the catalog's rows first..last (committed, `count` papers) as one segment."""
        job = (*self._job, first, last, self._to_document)
        self._pending.append(self._pool.submit(_catalog_segment, job) if self._pool else job)
        self.papers += count

    def finish(self):
        """Wait for every segment and commit them in order; returns the open index."""
        segments = []
        for item in self._pending:
            segments.append(_catalog_segment(item) if isinstance(item, tuple) else item.result())
            if self._progress:
                self._progress("indexing", sum(s.doc_count_all() for s in segments), self.papers)
        return commit_segments(self.ix, segments)


def build_from_catalog(index_dir: str, schema, catalog_path: str, to_document: Callable[[Paper], dict],
                       progress: Callable[[str, int, int], None] | None = None):
    """Create a Whoosh index in `index_dir` holding every paper of the (committed) catalog,
    in rowid order, a segment per SEGMENT_PAPERS; returns the open index."""
    with sqlite3.connect(f"file:{catalog_path}?mode=ro", uri=True) as db:
        total, first, last = db.execute("SELECT count(*), min(rowid), max(rowid) FROM papers").fetchone()
    parallel = total >= PARALLEL_FROM and CORES > 1
    with workers.pool(CORES, start_method()) if parallel else contextlib.nullcontext() as pool:
        pipeline = SegmentPipeline(index_dir, schema, catalog_path, to_document, pool, progress)
        if total:
            parts = max(-(-total // SEGMENT_PAPERS), CORES if parallel else 1)
            width = -(-(last - first + 1) // parts)
            for lo in range(first, last + 1, width):
                pipeline.add(lo, min(lo + width - 1, last), 0)
        pipeline.papers = total
        return pipeline.finish()
