"""Whole posting lists, field lengths and columns, read from Whoosh segments in bulk.

Whoosh scores one document at a time through a tree of matchers, several microseconds
each; reading a term's postings in blocks and scoring them in one comprehension is
about fifty times faster. Relies on whoosh3's block reader, pinned in pyproject.toml;
tests/test_evaluate.py checks the results against Whoosh's own.
"""

from __future__ import annotations

import sys
from array import array

from whoosh import columns
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching import WrappingMatcher
from whoosh.util.numeric import byte_to_length


def leaf_postings(leaf, fieldname: str, tbytes: bytes) -> tuple[list[int], list[float]]:
    """(document numbers, weights) of one term in one segment, deleted documents left out."""
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
    if leaf.has_deletions():
        deleted = leaf.deleted_docs_set
        kept = [i for i, d in enumerate(ids) if d not in deleted]
        ids = [ids[i] for i in kept]
        weights = [weights[i] for i in kept]
    return ids, weights


def length_bytes(leaf, fieldname: str) -> bytes:
    """One byte per document: the field's encoded length (0 where the document lacks it)."""
    doccount = leaf.doc_count_all()
    column = leaf._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return bytes(doccount)
    try:  # a fixed one-byte column: read it whole
        raw = column._dbfile.get(column._basepos, column._count)
    except AttributeError:  # pragma: no cover - another column layout
        raw = bytes(column[d] for d in range(doccount))
    return raw + bytes(max(0, doccount - len(raw)))


def bm25_scores(ids, weights, lengths: bytes, idf: float, avgfl: float, B: float, K1: float) -> array:
    """Whoosh's BM25F score of each posting, computed with the same operations in the same order."""
    norms = [K1 * ((1 - B) + B * byte_to_length(b) / avgfl) for b in range(256)]
    top = K1 + 1
    return array("d", [idf * ((w * top) / (w + norms[lengths[d]])) for d, w in zip(ids, weights)])


def column_values(reader, fieldname: str) -> list:
    """The sortable value of every document (deleted ones too), segment after segment."""
    values: list = []
    for leaf, _ in reader.leaf_readers():
        column = leaf.column_reader(fieldname, translate=False)
        if type(column) is columns.NumericColumn.Reader:  # fixed-width numbers: read the bytes whole
            raw = column._dbfile.get(column._basepos, column._count * column._fixedlen)
            numbers = array(column._typecode, raw)
            if sys.byteorder == "little":  # stored in network order
                numbers.byteswap()
            values.extend(numbers)
            values.extend([column._default] * (leaf.doc_count_all() - len(numbers)))
        else:
            values.extend(column[d] for d in range(leaf.doc_count_all()))
    return values
