"""Run compiled queries term at a time: whole posting lists, cached, combined in bulk.

Whoosh walks every matching document through a tree of matchers in Python, which takes
most of a second for common words over 100,000 papers. Here each term's postings are
read and scored once (BM25F, as Whoosh scores them) and kept. A query's scores live in
one list per node, a float per document (0.0 where it does not match: every real score
is positive), so And, Or and AndNot are loops over postings or over C-level maps.
Leaves this does not read itself (phrases, ranges, state filters) are matched by Whoosh
and kept the same way; a query shape it does not know raises `Unsupported`, and the
caller lets Whoosh run it whole.
"""

from __future__ import annotations

import heapq
from array import array
from collections import OrderedDict
from itertools import compress, islice
from operator import add, neg

from whoosh import query as Q
from whoosh import scoring

from reader.search.postings import bm25_scores, column_values, leaf_postings, length_bytes

POSTINGS_BUDGET = 3_000_000  # cached postings (12 bytes each) before the oldest terms go
_LEAST = 1e-300  # the score given to a Whoosh match that scored 0, so that it still counts

Postings = tuple[array, array]  # document numbers and their scores
Scores = list[float]  # a score per document number, 0.0 for no match


class Unsupported(Exception):
    """A query shape the evaluator does not handle; run it with Whoosh instead."""


class Evaluator:
    """Evaluates queries over one searcher; build a new one when the searcher changes."""

    def __init__(self, searcher, budget: int = POSTINGS_BUDGET):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.leaves = self.reader.leaf_readers()
        self.size = self.reader.doc_count_all()  # document numbers run from 0 to size - 1
        self.budget = budget
        self._cache: OrderedDict[object, Postings] = OrderedDict()
        self._held = 0
        self._lengths: dict[tuple[int, str], bytes] = {}
        self._orders: dict[tuple[str, ...], list[int]] = {}

    # results -----------------------------------------------------------------
    def top(self, q: Q.Query, limit: int, order: tuple[str, ...] | None = None) -> tuple[list[tuple[int, float]], int]:
        """The first `limit` (docnum, score) pairs, best first or in column `order`, and the total."""
        scores = self.scores(q)
        total = self.size - scores.count(0.0)
        if not total:
            return [], 0
        if order is not None:
            return [(d, 0.0) for d in islice(filter(scores.__getitem__, self.order(order)), limit)], total
        if total <= limit:
            chosen = list(compress(range(self.size), scores))
        else:
            threshold = heapq.nlargest(limit, scores)[-1]
            chosen = list(compress(range(self.size), map(threshold.__le__, scores)))
        chosen.sort(key=lambda d: (-scores[d], d))
        return [(d, scores[d]) for d in chosen[:limit]], total

    def scores(self, q: Q.Query) -> Scores:
        """The score of every document for `q` (0.0 where it does not match)."""
        found = self._node(q)
        return self._spread(found) if isinstance(found, tuple) else found

    def _node(self, q: Q.Query) -> Postings | Scores:
        """Leaves come back as postings, everything else as scores per document."""
        if isinstance(q, Q.And) and q.boost == 1:
            return self._and([self._node(c) for c in q.subqueries])
        if isinstance(q, Q.Or) and q.boost == 1 and not q.minmatch and q.scale is None:
            return self._or([self._node(c) for c in q.subqueries])
        if isinstance(q, Q.AndNot) and q.boost == 1:
            return self._and_not(self.scores(q.a), self._node(q.b))
        if q is Q.NullQuery:
            return array("i"), array("d")
        if type(q) is Q.Every and q.fieldname in (None, "", "*"):
            every = [float(q.boost)] * self.size
            for leaf, offset in self.leaves:
                for docnum in leaf.deleted_docs_set if leaf.has_deletions() else ():
                    every[offset + docnum] = 0.0
            return every
        if type(q) is Q.Term:
            docs, scores = self._term(q.fieldname, q.text)
            return (docs, scores) if q.boost == 1 else (docs, array("d", (s * q.boost for s in scores)))
        if isinstance(q, (Q.CompoundQuery, Q.Not)):
            raise Unsupported(type(q).__name__)
        return self._cached(q, lambda: self._by_whoosh(q))

    def _spread(self, postings: Postings) -> Scores:
        scores = [0.0] * self.size
        for docnum, score in zip(*postings):
            scores[docnum] = score
        return scores

    def _and(self, parts: list[Postings | Scores]) -> Scores:
        leaves = sorted((p for p in parts if isinstance(p, tuple)), key=lambda p: len(p[0]))
        vectors = [p for p in parts if not isinstance(p, tuple)]
        total = self._spread(leaves.pop(0)) if leaves else vectors.pop(0)
        for docs, scores in leaves:  # only this term's postings are visited
            narrowed = [0.0] * self.size
            for docnum, score in zip(docs, scores):
                if here := total[docnum]:
                    narrowed[docnum] = here + score
            total = narrowed
        for vector in vectors:
            total = [x + y if x and y else 0.0 for x, y in zip(total, vector)]
        return total

    def _or(self, parts: list[Postings | Scores]) -> Scores:
        vectors = [p for p in parts if not isinstance(p, tuple)]
        total = list(vectors.pop(0)) if vectors else [0.0] * self.size
        for vector in vectors:
            total = list(map(add, total, vector))
        for docs, scores in (p for p in parts if isinstance(p, tuple)):
            for docnum, score in zip(docs, scores):
                total[docnum] += score
        return total

    @staticmethod
    def _and_not(total: Scores, excluded: Postings | Scores) -> Scores:
        if isinstance(excluded, tuple):
            for docnum in excluded[0]:
                total[docnum] = 0.0
            return total
        return [0.0 if y else x for x, y in zip(total, excluded)]

    # ordering ----------------------------------------------------------------
    def order(self, columns: tuple[str, ...]) -> list[int]:
        """Document numbers sorted by these columns (`-name` for descending), ties by number."""
        if columns not in self._orders:
            values = []
            for name in columns:
                column = column_values(self.reader, name.lstrip("-"))
                values.append(list(map(neg, column)) if name.startswith("-") else column)
            keys = list(zip(*values))
            self._orders[columns] = sorted(range(self.size), key=keys.__getitem__)
        return self._orders[columns]

    # leaves ------------------------------------------------------------------
    def preload(self, fieldname: str, text) -> None:
        """Read and keep a term's postings now, so that the first search for it is fast."""
        self._term(fieldname, text)

    def _term(self, fieldname: str, text) -> tuple[array, array]:
        field = self.reader.schema[fieldname] if fieldname in self.reader.schema else None
        if field is None:
            return array("i"), array("d")
        tbytes = field.to_bytes(text) if isinstance(text, str) else text
        return self._cached((fieldname, tbytes), lambda: self._read_term(fieldname, field, tbytes))

    def _read_term(self, fieldname: str, field, tbytes: bytes) -> tuple[array, array]:
        weighting = self.searcher.weighting
        scored = field.scorable
        if scored and type(weighting) is not scoring.BM25F:
            raise Unsupported(f"{type(weighting).__name__} scoring")
        docs, scores = array("i"), array("d")
        if scored:
            idf = self.searcher.idf(fieldname, tbytes)
            avgfl = self.searcher.avg_field_length(fieldname) or 1
            B = weighting._field_B.get(fieldname, weighting.B)
        for leaf, offset in self.leaves:
            if (fieldname, tbytes) not in leaf:
                continue
            ids, weights = leaf_postings(leaf, fieldname, tbytes)
            docs.extend(map(offset.__add__, ids))
            if scored:
                lengths = self._lengths.get((id(leaf), fieldname))
                if lengths is None:
                    lengths = self._lengths[(id(leaf), fieldname)] = length_bytes(leaf, fieldname)
                scores.extend(bm25_scores(ids, weights, lengths, idf, avgfl, B, weighting.K1))
            else:
                scores.extend(weights)
        return docs, scores

    def _by_whoosh(self, q: Q.Query) -> tuple[array, array]:
        """Any other leaf (phrase, range, prefix of a keyword, state filter), matched by Whoosh."""
        docs, scores = array("i"), array("d")
        context = self.searcher.context()
        for subsearcher, offset in self.searcher.leaf_searchers():
            matcher = q.matcher(subsearcher, context)
            while matcher.is_active():
                docs.append(offset + matcher.id())
                scores.append(matcher.score() or _LEAST)
                matcher.next()
        return docs, scores

    def _cached(self, key, read) -> tuple[array, array]:
        found = self._cache.get(key)
        if found is not None:
            self._cache.move_to_end(key)
            return found
        found = read()
        self._cache[key] = found
        self._held += len(found[0])
        while self._held > self.budget and len(self._cache) > 1:
            _, (docs, _) = self._cache.popitem(last=False)
            self._held -= len(docs)
        return found
