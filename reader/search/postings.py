"""Whole posting lists, field lengths and columns, read from Whoosh segments in bulk.

Whoosh scores one document at a time through a tree of matchers, several microseconds
each; reading a term's postings in blocks and scoring them as arrays is hundreds of
times faster. Relies on whoosh3's block reader, pinned in pyproject.toml;
tests/test_evaluate.py checks the results against Whoosh's own.
"""

from __future__ import annotations

import functools

import numpy as np
from whoosh import columns
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching import WrappingMatcher
from whoosh.util.numeric import byte_to_length


def leaf_postings(leaf, fieldname: str, tbytes: bytes) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers, weights) of one term in one segment, deleted documents left out."""
    return without_deleted(leaf, *raw_postings(leaf, fieldname, tbytes))


def without_deleted(leaf, docs: np.ndarray, found: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The postings of the documents the segment has not deleted."""
    if leaf.has_deletions():
        kept = ~np.isin(docs, np.fromiter(leaf.deleted_docs_set, dtype=np.int64))
        docs, found = docs[kept], found[kept]
    return docs, found


def raw_postings(leaf, fieldname: str, tbytes: bytes) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers, weights) of one term in one segment, deleted documents included."""
    matcher = leaf.postings(fieldname, tbytes)
    while isinstance(matcher, WrappingMatcher):  # the deletion filter: applied below instead
        matcher = matcher.child
    ids: list[int] = []
    weights: list[float] = []
    if isinstance(matcher, W3LeafMatcher):
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            ids.extend(matcher._ids)
            weights.extend(matcher._weights)
            matcher._next_block()
    else:  # postings inlined in the term info: a handful
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
    return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64)


def raw_positions(leaf, fieldname: str, tbytes: bytes, wanted: np.ndarray | None = None
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(document numbers, how many positions each, the positions one after another) of one
    term in one segment, deleted documents included; only the documents in `wanted` (sorted
    segment document numbers) when given, and only the blocks that hold them are read."""
    matcher = leaf.postings(fieldname, tbytes)
    while isinstance(matcher, WrappingMatcher):
        matcher = matcher.child
    decode, decoded = matcher.format.decoder("positions"), {}  # most values repeat (one position, early)
    ids: list[int] = []
    counts: list[int] = []
    positions: list[int] = []

    def add(docnum: int, value: bytes) -> None:
        found = decoded.get(value)
        if found is None:
            found = decoded[value] = decode(value)
        ids.append(docnum)
        counts.append(len(found))
        positions.extend(found)

    if isinstance(matcher, W3LeafMatcher):
        last = -1  # the last document number of the block before
        while matcher.is_active():
            block_end = matcher._maxid
            if wanted is None:
                matcher._read_ids()
                matcher._read_values()
                for docnum, value in zip(matcher._ids, matcher._values):
                    add(docnum, value)
            elif np.searchsorted(wanted, last, "right") < np.searchsorted(wanted, block_end, "right"):
                matcher._read_ids()
                matcher._read_values()
                chosen = set(wanted[(wanted > last) & (wanted <= block_end)].tolist())
                for docnum, value in zip(matcher._ids, matcher._values):
                    if docnum in chosen:
                        add(docnum, value)
            last = block_end
            matcher._next_block()
    else:  # postings inlined in the term info: a handful
        chosen = None if wanted is None else set(wanted.tolist())
        while matcher.is_active():
            if chosen is None or matcher.id() in chosen:
                add(matcher.id(), matcher.value())
            matcher.next()
    return (np.array(ids, dtype=np.int64), np.array(counts, dtype=np.int64),
            np.array(positions, dtype=np.int64))


def length_bytes(leaf, fieldname: str) -> np.ndarray:
    """One byte per document: the field's encoded length (0 where the document lacks it)."""
    doccount = leaf.doc_count_all()
    column = leaf._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return np.zeros(doccount, dtype=np.uint8)
    try:  # a fixed one-byte column: read it whole
        raw = column._dbfile.get(column._basepos, column._count)
    except AttributeError:  # pragma: no cover - another column layout
        raw = bytes(column[d] for d in range(doccount))
    return np.frombuffer(raw + bytes(max(0, doccount - len(raw))), dtype=np.uint8)


def bm25_scores(ids: np.ndarray, weights: np.ndarray, lengths: np.ndarray, idf: float, avgfl: float,
                B: float, K1: float) -> np.ndarray:
    """Whoosh's BM25F score of each posting, computed with the same operations in the same order."""
    return idf * ((weights * (K1 + 1)) / (weights + _norms(avgfl, B, K1)[lengths[ids]]))


@functools.lru_cache(maxsize=64)
def _norms(avgfl: float, B: float, K1: float) -> np.ndarray:
    """BM25F's length normalisation for each of the 256 encoded lengths (the same for every term of a field)."""
    return np.array([K1 * ((1 - B) + B * byte_to_length(b) / avgfl) for b in range(256)])


def column_values(reader, fieldname: str) -> list:
    """The sortable value of every document (deleted ones too), segment after segment."""
    values: list = []
    for leaf, _ in reader.leaf_readers():
        column = leaf.column_reader(fieldname, translate=False)
        if type(column) is columns.NumericColumn.Reader:  # fixed-width numbers: read the bytes whole
            raw = column._dbfile.get(column._basepos, column._count * column._fixedlen)
            numbers = np.frombuffer(raw, dtype=np.dtype(column._typecode).newbyteorder(">"))
            values.extend(numbers.tolist())  # stored in network order
            values.extend([column._default] * (leaf.doc_count_all() - len(numbers)))
        else:
            values.extend(column[d] for d in range(leaf.doc_count_all()))
    return values
