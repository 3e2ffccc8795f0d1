"""Facet counts for one query over one searcher, as NumPy operations on a matched mask.

The query's documents are one bool per document, from the term-at-a-time evaluator
(Whoosh's own matching when the evaluator does not know the query's shape); each facet
field is counted with its `facet_columns` arrays. The authors sample reads the first
`facets.AUTHORS_READ` matched papers' authors from the catalog, keeping them for the
next call. Imported on the first facets call: it brings NumPy.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from heapq import nsmallest
from sys import intern  # a name is kept once however many papers it wrote

import numpy as np
from whoosh import query as Q

from reader.search import facet_columns
from reader.search import facets as facet_values
from reader.search.compile import IdSet
from reader.search.facets import FIELDS, Facets


class Counting:
    """The documents one query matches, and the facet counts over them."""

    def __init__(self, searcher, evaluator, query: Q.Query | None):
        """`query` is a compiled query, None for every paper; hold `index.reading()` throughout."""
        self.searcher, self.evaluator = searcher, evaluator
        self.reader = searcher.reader()
        self.columns = facet_columns.of(searcher)
        self.matched = self.columns.live if query is None else self._matching(query)
        self.total = int(np.count_nonzero(self.matched))

    def _matching(self, query: Q.Query) -> np.ndarray:
        if not self.searcher.doc_count():  # nothing to score (Whoosh's idf divides by it)
            return np.zeros(self.columns.size, dtype=bool)
        try:
            return self.evaluator.scores(query) != 0
        except self.evaluator.Unsupported:
            matched = np.zeros(self.columns.size, dtype=bool)
            matched[np.fromiter(self.searcher.docs_for_query(query), dtype=np.int64)] = True
            return matched
        finally:
            self.evaluator.release_pages()

    def facets(self, top: int = 30, catalog: sqlite3.Connection | None = None) -> Facets:
        """Categories, years and organisations, the papers without each, and, given the
        catalog, the authors of the first AUTHORS_READ papers found."""
        found, unknown = {}, []
        for field in FIELDS:
            column = self.columns.column(self.reader, field)
            counts, valued = column.count(self.matched)
            pairs = [(column.values[n], int(counts[n])) for n in np.flatnonzero(counts).tolist()]
            if field == "year":
                pairs.sort(key=lambda pair: pair[0], reverse=True)
            else:
                pairs.sort(key=_most_first)
            found[field] = tuple(pairs[:top])
            if self.total > valued:
                unknown.append((field, self.total - valued))
        authors, read = self._authors(catalog, top) if catalog is not None else ((), 0)
        sampled = (("authors", read),) if catalog is not None and read < self.total else ()
        return Facets(found["cat"], found["year"], found["org"], authors=authors, unknown=tuple(unknown),
                      sampled=sampled)

    def _authors(self, catalog: sqlite3.Connection, top: int):
        """The most frequent authors of the first AUTHORS_READ matched papers, and how many were read."""
        chosen = np.flatnonzero(self.matched)[:facet_values.AUTHORS_READ].tolist()
        kept = self.columns.authors
        entries = [kept.get(d) for d in chosen]
        missing = [d for d, entry in zip(chosen, entries) if entry is None]
        if missing:
            fresh = _read_authors(self.evaluator, catalog, missing)
            entries = [entry if entry is not None else fresh[d] for d, entry in zip(chosen, entries)]
            self.columns.keep_authors(fresh)
        counts: Counter[str] = Counter()
        for authors in entries:
            counts.update(authors)
        return tuple(nsmallest(top, counts.items(), key=_most_first)), len(chosen)

    def within(self, queries: list[tuple[str, Q.Query]]) -> tuple[tuple[str, int], ...]:
        """(name, matched papers its query also matches) for (name, query) pairs, most first."""
        counts = []
        for name, query in queries:
            n = self._count(query)
            if n:
                counts.append((name, n))
        return tuple(sorted(counts, key=_most_first))

    def _count(self, query: Q.Query) -> int:
        """Matched papers that `query` also matches: state filters (ids, or all papers but
        some ids) directly, anything else through the evaluator."""
        if query is Q.NullQuery:
            return 0
        if type(query) is IdSet:
            return int(np.count_nonzero(self.matched[self.columns.id_set(self.reader, query.ids)]))
        if _everything(query):
            return self.total
        if type(query) is Q.AndNot and query.boost == 1 and _everything(query.a) and type(query.b) is IdSet:
            return self.total - self._count(query.b)
        return int(np.count_nonzero(self.matched & Counting(self.searcher, self.evaluator, query).matched))


def warm_steps(index, papers: int = facet_columns.AUTHORS_KEPT, batch: int = 2_000) -> Iterator[None]:
    """Steps that ready the first facets call of a PaperIndex: its columns, then the authors of
    its first `papers` documents (those most queries sample first), `batch` a step (~30-50 ms).
    Each `next()` is one step; it stops when the index changes."""
    with index.reading() as searcher:
        columns = facet_columns.of(searcher)
        for field in FIELDS:
            columns.column(searcher.reader(), field)
    yield
    for start in range(0, min(papers, columns.size), batch):
        with index.reading() as searcher:
            if facet_columns.of(searcher) is not columns:
                return  # the index changed meanwhile
            docs = [d for d in range(start, min(start + batch, columns.size))
                    if columns.live[d] and d not in columns.authors]
            if docs:
                columns.keep_authors(_read_authors(index.evaluator(), index.catalog.db, docs))
        yield


def _read_authors(evaluator, catalog: sqlite3.Connection, docs: list[int]) -> dict[int, tuple[str, ...]]:
    """The authors of these documents' papers, by document number (none for a paper not in the catalog)."""
    ids = evaluator.paper_ids(docs)
    names = authors_of(catalog, ids)
    return {d: names.get(paper_id, ()) for d, paper_id in zip(docs, ids)}


def authors_of(catalog: sqlite3.Connection, ids: list[str]) -> dict[str, tuple[str, ...]]:
    """Each paper's authors as the facets count them (spaces tidied, each once, no empty
    names), read from the catalog without decoding the rest of the paper."""
    rows = []
    for start in range(0, len(ids), 500):  # SQLite caps the variables of one statement
        chunk = ids[start:start + 500]
        rows += catalog.execute("SELECT id, json_quote(json_extract(data, '$.authors')) FROM papers WHERE id IN "
                                f"({','.join('?' * len(chunk))})", chunk).fetchall()
    decoded = json.loads("[" + ",".join(names for _, names in rows) + "]")  # one call: faster
    found = {}
    for (paper_id, _), names in zip(rows, decoded):
        names = names if isinstance(names, list) else ()  # (null when the paper has none)
        tidy = tuple(dict.fromkeys([intern(" ".join(name.split())) for name in names]))
        found[paper_id] = tidy if "" not in tidy else tuple(name for name in tidy if name)
    return found


def _everything(query: Q.Query) -> bool:
    return type(query) is Q.Every and query.fieldname in (None, "", "*") and query.boost == 1


def _most_first(pair: tuple[str, int]):
    return -pair[1], pair[0]
