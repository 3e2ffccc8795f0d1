"""Run compiled queries term at a time: whole posting lists, cached, combined as arrays.

Whoosh walks every matching document through a tree of matchers in Python, which takes
most of a second for common words over 100,000 papers. Here each term's postings are
read and scored once (BM25F, as Whoosh scores them) and kept. A query's scores are one
array per node, a float per document (0.0 where it does not match: every real score is
positive), so And, Or and AndNot are single NumPy operations over all documents.
Phrases and `abstract:` spans are matched from their words' postings and positions (see
phrases.py). Leaves this does not read itself (ranges of words, state filters) are matched
by Whoosh and kept the same way; a query shape it does not know raises `Unsupported`, and the
caller lets Whoosh run it whole.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict

import numpy as np
from whoosh import query as Q
from whoosh import scoring

from reader.search import phrases, position_cache, posting_cache
from reader.search.mapped_files import release_pages
from reader.search.postings import (bm25_scores, column_values, leaf_postings, length_bytes, raw_positions,
                                    without_deleted)

POSTINGS_BUDGET = 3_000_000  # cached postings (12 bytes each) before the oldest terms go, at least
POSTINGS_PER_DOCUMENT = 16  # ... and in a bigger index, this many per document: typing the benchmark's
# queries at 1M papers reads ~15M postings again and again, and re-reading a prefix's words costs ~0.1 s
_LEAST = 1e-300  # the score given to a Whoosh match that scored 0, so that it still counts

Postings = tuple[np.ndarray, np.ndarray]  # document numbers (ascending, int32) and their scores
Scores = np.ndarray  # a score per document number, 0.0 for no match
DOC = np.int32  # document numbers as cached: 4 bytes each (an index holds fewer than 2**31)
_NO_POSTINGS: Postings = (np.zeros(0, dtype=DOC), np.zeros(0))


class Unsupported(Exception):
    """A query shape the evaluator does not handle; run it with Whoosh instead."""


class Evaluator:
    """Evaluates queries over one searcher; build a new one when the searcher changes."""

    Unsupported = Unsupported

    def __init__(self, searcher, budget: int | None = None):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.leaves = self.reader.leaf_readers()
        self.size = self.reader.doc_count_all()  # document numbers run from 0 to size - 1
        self.budget = budget if budget is not None else max(POSTINGS_BUDGET, POSTINGS_PER_DOCUMENT * self.size)
        self._cache: OrderedDict[object, Postings] = OrderedDict()
        self._held = 0
        self._lengths: dict[tuple[int, str], np.ndarray] = {}
        self._orders: dict[tuple[str, ...], np.ndarray] = {}
        self._pages_read = False  # whether segment pages were read since they were last let go
        self._stored: dict[int, posting_cache.SegmentPostings | None] = {}  # by id(leaf)
        self._stored_positions: dict[int, position_cache.SegmentPositions | None] = {}  # by id(leaf)

    # results -----------------------------------------------------------------
    def top(self, q: Q.Query, limit: int, order: tuple[str, ...] | None = None) -> tuple[list[tuple[int, float]], int]:
        """The first `limit` (docnum, score) pairs, best first or in column `order`, and the total."""
        try:
            scores = self.scores(q)
        finally:
            self.release_pages()
        matched = np.flatnonzero(scores)
        total = len(matched)
        if not total:
            return [], 0
        if order is not None:
            ranked = self.order(order)
            return [(d, 0.0) for d in ranked[scores[ranked] != 0][:limit].tolist()], total
        found = scores[matched]
        if total > limit:  # the `limit` best, and any that tie with the last of them
            best = found >= np.partition(found, total - limit)[total - limit]
            matched, found = matched[best], found[best]
        chosen = np.lexsort((matched, -found))[:limit]  # best first, ties by document number
        return list(zip(matched[chosen].tolist(), found[chosen].tolist())), total

    def release_pages(self) -> None:
        """Let go of the segment pages read since the last call (what was read is kept as arrays)."""
        if self._pages_read:
            self._pages_read = False
            release_pages(self.reader)
            for stored in (*self._stored.values(), *self._stored_positions.values()):
                if stored is not None:
                    stored.release_pages()

    def scores(self, q: Q.Query) -> Scores:
        """The score of every document for `q` (0.0 where it does not match)."""
        found = self._node(q)
        return self._spread(found) if isinstance(found, tuple) else found

    def _node(self, q: Q.Query) -> Postings | Scores:
        """Leaves come back as postings, everything else as scores per document."""
        if isinstance(q, Q.And) and q.boost == 1:
            parts = [self.scores(c) for c in q.subqueries]
            total = parts.pop(0)
            for part in parts:
                total = np.where((total != 0) & (part != 0), total + part, 0.0)
            return total
        if isinstance(q, Q.Or) and q.boost == 1 and not q.minmatch and q.scale is None:
            return self._or([self._node(c) for c in q.subqueries])
        if isinstance(q, Q.AndNot) and q.boost == 1:
            return np.where(self.scores(q.b) != 0, 0.0, self.scores(q.a))
        if q is Q.NullQuery:
            return _NO_POSTINGS
        if type(q) is Q.Every and q.fieldname in (None, "", "*"):
            every = np.full(self.size, float(q.boost))
            for leaf, offset in self.leaves:
                if leaf.has_deletions():
                    every[offset + np.fromiter(leaf.deleted_docs_set, dtype=np.int64)] = 0.0
            return every
        if type(q) is Q.Term:
            docs, scores = self._term(q.fieldname, q.text)
            return (docs, scores) if q.boost == 1 else (docs, scores * q.boost)
        if type(q) is Q.NumericRange and q.constantscore:
            return self._cached(q, lambda: self._constant(q._compile_query(self.reader), q.boost))
        if isinstance(q, (Q.CompoundQuery, Q.Not)):
            raise Unsupported(type(q).__name__)
        if phrases.supported(q):
            return self._cached(q, lambda: self._span(q))
        return self._cached(q, lambda: self._by_whoosh(q))

    def _spread(self, postings: Postings) -> Scores:
        scores = np.zeros(self.size)
        scores[postings[0]] = postings[1]
        return scores

    def _or(self, parts: list[Postings | Scores]) -> Scores:
        """Sums the scores: all the postings in one pass, then the other parts."""
        leaves = [p for p in parts if isinstance(p, tuple)]
        if leaves:
            docs, scores = (np.concatenate(column) for column in zip(*leaves))
            total = np.bincount(docs, weights=scores, minlength=self.size)
        else:
            total = np.zeros(self.size)
        for part in parts:
            if not isinstance(part, tuple):
                total = total + part  # (a bincount of no postings is integers)
        return total

    # ordering ----------------------------------------------------------------
    def order(self, columns: tuple[str, ...]) -> np.ndarray:
        """Document numbers sorted by these columns (`-name` for descending), ties by number."""
        if columns not in self._orders:
            keys = []
            for name in reversed(columns):  # lexsort sorts by its last key first
                values = np.asarray(column_values(self.reader, name.lstrip("-")))
                keys.append(-values if name.startswith("-") else values)  # descending ones are numbers
            self._orders[columns] = np.lexsort(keys)  # stable: ties stay in document order
            self._pages_read = True
        return self._orders[columns]

    @property
    def held(self) -> int:
        """How many postings the cache holds."""
        return self._held

    # leaves ------------------------------------------------------------------
    def preload(self, fieldname: str, text) -> None:
        """Read and keep a term's postings now, so that the first search for it is fast."""
        self._term(fieldname, text)
        self.release_pages()

    def _term(self, fieldname: str, text) -> Postings:
        field = self.reader.schema[fieldname] if fieldname in self.reader.schema else None
        if field is None:
            return _NO_POSTINGS
        tbytes = field.to_bytes(text) if isinstance(text, str) else text
        return self._cached((fieldname, tbytes), lambda: self._read_term(fieldname, field, tbytes))

    def _read_term(self, fieldname: str, field, tbytes: bytes) -> Postings:
        weighting = self.searcher.weighting
        scored = field.scorable
        if scored and type(weighting) is not scoring.BM25F:
            raise Unsupported(f"{type(weighting).__name__} scoring")
        if scored:
            idf = self.searcher.idf(fieldname, tbytes)
            avgfl = self.searcher.avg_field_length(fieldname) or 1
            B = weighting._field_B.get(fieldname, weighting.B)
        docs, scores = [], []
        for leaf, offset in self.leaves:
            found = self._leaf_postings(leaf, fieldname, tbytes)
            if found is None:
                continue
            ids, weights = found
            docs.append(ids + offset)
            if scored:
                lengths = self._lengths.get((id(leaf), fieldname))
                if lengths is None:
                    lengths = self._lengths[(id(leaf), fieldname)] = length_bytes(leaf, fieldname)
                scores.append(bm25_scores(ids, weights, lengths, idf, avgfl, B, weighting.K1))
            else:
                scores.append(weights)
        if not docs:
            return _NO_POSTINGS
        return np.concatenate(docs).astype(DOC), np.concatenate(scores)

    def paper_ids(self, docnums: list[int]) -> list[str]:
        """The paper id of each document number: from the stored lists, else Whoosh's stored fields."""
        starts = [offset for _, offset in self.leaves]
        found = []
        for docnum in docnums:
            leaf, offset = self.leaves[bisect_right(starts, docnum) - 1]
            stored = self._segment(leaf)
            found.append(stored.paper_id(docnum - offset) if stored is not None
                         else self.searcher.stored_fields(docnum)["id"])
        return found

    def _segment(self, leaf) -> posting_cache.SegmentPostings | None:
        if id(leaf) not in self._stored:
            self._stored[id(leaf)] = posting_cache.open_segment(leaf)
        return self._stored[id(leaf)]

    def _leaf_postings(self, leaf, fieldname: str, tbytes: bytes) -> Postings | None:
        """A term's postings in one segment: from the stored lists when they hold it, else from
        Whoosh; None when the segment does not have the term."""
        stored = self._segment(leaf)
        found = stored.postings(fieldname, tbytes) if stored is not None else None
        if found is None:
            return leaf_postings(leaf, fieldname, tbytes) if (fieldname, tbytes) in leaf else None
        return without_deleted(leaf, found[0].astype(np.int64), found[1].astype(np.float64))

    def _constant(self, q: Q.Query, score: float) -> Postings:
        """The documents holding any of the terms `q` expands to, each with the same score
        (a numeric range: Whoosh gives its matches the range's boost)."""
        found = [self._term(fieldname, text)[0] for fieldname, text in self._terms_of(q)]
        docs = np.unique(np.concatenate(found)) if found else _NO_POSTINGS[0]
        return docs.astype(DOC), np.full(len(docs), float(score) or _LEAST)

    def _terms_of(self, q: Q.Query):
        """The index terms a compiled numeric range matches: its terms, ranges of terms, Ors and wrappers."""
        if type(q) is Q.Term:
            yield q.fieldname, q.text
        elif type(q) is Q.TermRange:
            for text in q._btexts(self.reader):
                yield q.fieldname, text
        elif type(q) in (Q.Or, Q.ConstantScoreQuery):
            for child in q.children():
                yield from self._terms_of(child)
        elif q is not Q.NullQuery:
            raise Unsupported(type(q).__name__)

    def _span(self, q: Q.Query) -> Postings:
        """A phrase or an `abstract:` span: its words' postings, then their positions in the
        documents that could match."""
        docs, scores = phrases.match(q, self._term, self._positions)
        return docs.astype(DOC), np.where(scores == 0, _LEAST, scores).astype(np.float64)

    def _positions(self, fieldname: str, text, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(the document of each position, the position) of a term in the given documents
        (ascending): from the stored positions when they hold it, else from Whoosh."""
        at, places = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
        field = self.reader.schema[fieldname] if fieldname in self.reader.schema else None
        tbytes = field.to_bytes(text) if field is not None and isinstance(text, str) else text
        for leaf, offset in self.leaves if field is not None else ():
            low, high = np.searchsorted(docs, [offset, offset + leaf.doc_count_all()])
            if low == high:
                continue
            wanted = docs[low:high].astype(np.int64) - offset
            if id(leaf) not in self._stored_positions:
                self._stored_positions[id(leaf)] = position_cache.open_segment(leaf)
            stored = self._stored_positions[id(leaf)]
            found = stored.term_positions(fieldname, tbytes, wanted) if stored is not None else None
            if found is None:
                if (fieldname, tbytes) not in leaf:
                    continue
                found = raw_positions(leaf, fieldname, tbytes, wanted)
            ids, counts, positions = found
            at.append(np.repeat(ids + offset, counts))
            places.append(positions)
        self._pages_read = True
        return np.concatenate(at), np.concatenate(places)

    def _by_whoosh(self, q: Q.Query) -> Postings:
        """Any other leaf (range, prefix of a keyword, state filter, other spans), matched by Whoosh."""
        docs, scores = [], []
        context = self.searcher.context()
        for subsearcher, offset in self.searcher.leaf_searchers():
            matcher = q.matcher(subsearcher, context)
            while matcher.is_active():
                docs.append(offset + matcher.id())
                scores.append(matcher.score() or _LEAST)
                matcher.next()
        return np.array(docs, dtype=DOC), np.array(scores, dtype=np.float64)

    def _cached(self, key, read) -> Postings:
        found = self._cache.get(key)
        if found is not None:
            self._cache.move_to_end(key)
            return found
        found = read()
        self._pages_read = True
        self._cache[key] = found
        self._held += len(found[0])
        while self._held > self.budget and len(self._cache) > 1:
            _, (docs, _) = self._cache.popitem(last=False)
            self._held -= len(docs)
        return found
