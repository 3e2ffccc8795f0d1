"""Facet values as arrays, built once per searcher, so counting them over a query's papers
is a few NumPy operations instead of a Python walk over every value's postings.

For each facet field, every posting (document, value) of every segment is kept as two
int32 arrays; counting the values of the matched documents is then one gather and one
`np.bincount`. Deleted documents may stay in these arrays: the matched mask never holds them.
Common values' postings come from the stored lists (`posting_cache`), the rest from Whoosh.
The authors read for the authors sample are kept too, by document number,
as typing asks for the same first papers again and again.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from reader.search import posting_cache
from reader.search.postings import raw_postings

AUTHORS_KEPT = 100_000  # papers whose authors are kept between calls, at most


def value_terms(reader, field: str) -> Iterator[tuple[str, bytes]]:
    """(display value, term bytes) for every value of one facet field (categories by their
    short name: `cs.cv` is also indexed as `cv`, and each paper counts once)."""
    schema_field = reader.schema[field]
    if field == "year":
        for token in schema_field.sortable_terms(reader, field):
            yield str(schema_field.from_bytes(token)), token
        return
    for token in reader.lexicon(field):
        value = token.decode("utf-8")
        if field == "cat":
            if "." in value:
                continue
            value = value.upper()
        yield value, token


@dataclass
class Column:
    """One facet field: its values, and every (document, value number) posting."""

    values: list[str]
    docs: np.ndarray  # document numbers, int32
    codes: np.ndarray  # the value number of each posting, int32
    valued: np.ndarray  # per document: whether it has any value (bool)

    def count(self, matched: np.ndarray) -> tuple[np.ndarray, int]:
        """Matched documents per value, and how many matched documents have a value."""
        hit = matched[self.docs]
        counts = np.bincount(self.codes[hit], minlength=len(self.values))
        return counts, int(np.count_nonzero(self.valued & matched))


class FacetColumns:
    """The arrays of one searcher's facet fields, its live documents, and kept authors."""

    def __init__(self, reader):
        self.size = reader.doc_count_all()
        self.live = np.ones(self.size, dtype=bool)
        for leaf, offset in reader.leaf_readers():
            if leaf.has_deletions():
                self.live[offset + np.fromiter(leaf.deleted_docs_set, dtype=np.int64)] = False
        self._columns: dict[str, Column] = {}
        self._id_sets: dict[frozenset[str], np.ndarray] = {}
        self._ids: PaperIds | None = None
        self.authors: dict[int, tuple[str, ...]] = {}  # docnum: its paper's authors, as facets count them

    def column(self, reader, field: str) -> Column:
        """The field's column, built on first use."""
        if field not in self._columns:
            self._columns[field] = _build(reader, field, self.size)
        return self._columns[field]

    def id_set(self, reader, ids: frozenset[str]) -> np.ndarray:
        """The document numbers of these paper ids (some deleted ones too), kept for the last sets asked."""
        found = self._id_sets.get(ids)
        if found is None:
            if self._ids is None:
                self._ids = PaperIds(reader)
            found = self._ids.documents(reader, ids)
            if len(self._id_sets) >= 256:
                self._id_sets.clear()
            self._id_sets[ids] = found
        return found

    def keep_authors(self, found: dict[int, tuple[str, ...]]) -> None:
        """Keep these papers' authors; when too many are kept, only the lower-numbered half stays
        (the first documents are those that most queries sample)."""
        self.authors.update(found)
        if len(self.authors) > AUTHORS_KEPT:
            keep = sorted(self.authors)[:AUTHORS_KEPT // 2]
            self.authors = {d: self.authors[d] for d in keep}


class PaperIds:
    """Paper id to document numbers: the stored lists' ids of every segment, sorted once;
    the segments without stored lists are asked through Whoosh, an id at a time."""

    def __init__(self, reader):
        parts, offsets, self.unstored = [], [], []
        for leaf, offset in reader.leaf_readers():
            stored = posting_cache.open_segment(leaf)
            if stored is None:
                self.unstored.append((leaf, offset))
                continue
            parts.append(stored.ids)  # a view of the segment's map, copied once below
            offsets.append(np.arange(offset, offset + len(stored.ids), dtype=np.int32))
        ids = np.concatenate(parts) if parts else np.zeros(0, dtype="S1")
        del parts  # the maps close
        order = np.argsort(ids, kind="stable").astype(np.int32)
        self.ids = ids[order]
        self.docs = np.concatenate(offsets)[order] if offsets else np.zeros(0, dtype=np.int32)

    def documents(self, reader, ids: frozenset[str]) -> np.ndarray:
        """Every live document number of these ids (and some deleted ones: callers mask them out)."""
        width = self.ids.dtype.itemsize
        wanted = [b for b in (paper_id.encode("utf-8") for paper_id in ids)
                  if b and len(b) <= width and not b.endswith(b"\0")]  # others cannot be among them
        wanted_array = np.array(wanted, dtype=self.ids.dtype) if wanted else np.zeros(0, dtype=self.ids.dtype)
        left = np.searchsorted(self.ids, wanted_array, "left")
        counts = np.searchsorted(self.ids, wanted_array, "right") - left
        starts = np.repeat(left - np.cumsum(counts) + counts, counts)  # each id's run of equal ids
        found = [self.docs[starts + np.arange(int(counts.sum()))]]
        for leaf, offset in self.unstored:
            found += [raw_postings(leaf, "id", paper_id.encode("utf-8"))[0] + offset
                      for paper_id in ids if ("id", paper_id) in leaf]
        return np.concatenate(found).astype(np.int64)


def _build(reader, field: str, size: int) -> Column:
    terms = list(value_terms(reader, field))
    number = {token: n for n, (_, token) in enumerate(terms)}
    docs, codes = [], []
    for leaf, offset in reader.leaf_readers():
        stored = posting_cache.open_segment(leaf)
        for token in leaf.lexicon(field):
            code = number.get(token)
            if code is None:
                continue
            found = stored.postings(field, token) if stored is not None else None
            ids = found[0] if found is not None else raw_postings(leaf, field, token)[0]
            docs.append(ids.astype(np.int32) + np.int32(offset))
            codes.append(np.full(len(ids), code, dtype=np.int32))
        if stored is not None:
            stored.release_pages()
    docs_array = np.concatenate(docs) if docs else np.zeros(0, dtype=np.int32)
    valued = np.zeros(size, dtype=bool)
    valued[docs_array] = True
    return Column([value for value, _ in terms], docs_array,
                  np.concatenate(codes) if codes else np.zeros(0, dtype=np.int32), valued)


_kept: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_kept_lock = threading.Lock()


def of(searcher) -> FacetColumns:
    """The facet columns of this searcher (made on first use, kept while the searcher lives)."""
    with _kept_lock:
        columns = _kept.get(searcher)
        if columns is None:
            columns = _kept[searcher] = FacetColumns(searcher.reader())
        return columns
