"""Phrases and `abstract:` spans matched as arrays, scored exactly as Whoosh's span matchers.

Whoosh walks a phrase's documents one at a time through span objects (1.6 s for "large
language models" at 100,000 papers). Here the candidates are the documents holding every
word, taken from the words' cached postings; only their positions are read, and each
position becomes one 64-bit key (document << 32 | position) so that "word i at start + i"
is an intersection of sorted arrays.

Scores follow the matchers Whoosh builds: an exact phrase (a SpanNear2) scores the sum of
its words' scores added as `make_binary_tree` pairs them, a (1 + (2 + 3)); a SpanFrom scores
what it wraps; a SpanOr of several words sums, in the same tree, the words each document has,
and matches where a run of its words' positions, merged as `Span.merge` merges touching
spans, starts at or after the SpanFrom's start.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from whoosh import query as Q
from whoosh.query import spans

from reader.search.compile import ExactPhrase, SpanFrom

Postings = tuple[np.ndarray, np.ndarray]  # document numbers (ascending) and scores
TermPostings = Callable[[str, object], Postings]  # (field, text) -> the term's postings
TermPositions = Callable[[str, object, np.ndarray], tuple[np.ndarray, np.ndarray]]
# (field, text, sorted document numbers) -> (the document of each position, the position)

_SHIFT = 32
_POSITION = (1 << _SHIFT) - 1


class NotAPhrase(Exception):
    """A span shape this module does not evaluate."""


def supported(q: Q.Query) -> bool:
    """Whether `match` evaluates this query: an ExactPhrase, or a SpanFrom of one, of a word,
    or of a SpanOr of words."""
    inner = q.q if type(q) is SpanFrom else q
    if type(inner) is ExactPhrase:
        words = inner.qs
    elif type(q) is SpanFrom and type(inner) is Q.Term:
        words = [inner]
    elif type(q) is SpanFrom and type(inner) is spans.SpanOr and inner.subqs:
        words = inner.subqs
    else:
        return False
    return (getattr(q, "boost", 1) == 1 and getattr(inner, "boost", 1) == 1
            and all(type(w) is Q.Term and w.boost == 1 for w in words))


def match(q: Q.Query, postings: TermPostings, positions: TermPositions) -> Postings:
    """The documents matching a supported span query, with Whoosh's scores."""
    if not supported(q):
        raise NotAPhrase(type(q).__name__)
    start = q.start if type(q) is SpanFrom else 0
    inner = q.q if type(q) is SpanFrom else q
    if type(inner) is ExactPhrase:
        return _phrase(inner.qs, start, postings, positions)
    words = [inner] if type(inner) is Q.Term else inner.subqs
    if len(words) == 1:  # make_binary_tree of one matcher is the matcher: its spans are not merged
        return _anywhere(words[0], start, postings, positions)
    return _runs(words, start, postings, positions)


def _phrase(words: list[Q.Term], start: int, postings: TermPostings, positions: TermPositions) -> Postings:
    found = [postings(w.fieldname, w.text) for w in words]
    docs = found[0][0]
    for other, _ in found[1:]:
        docs = docs[among(docs, other)]
    if not len(docs):
        return docs, np.zeros(0)
    # Each word at its place: keys of where the phrase would start, rarest word first, and
    # only the documents still possible are read for the next word.
    order = sorted(range(len(words)), key=lambda i: len(found[i][0]))
    starts = None
    for i in order:
        keys = _keys(*positions(words[i].fieldname, words[i].text, docs)) - i
        keys = keys[(keys & _POSITION) <= _POSITION - len(words)]  # positions before i: no start there
        starts = keys if starts is None else _common(starts, keys)
        docs = _distinct(starts >> _SHIFT)
        if not len(docs):
            return docs, np.zeros(0)
    matched = _distinct(starts[(starts & _POSITION) >= start] >> _SHIFT)
    return matched, _tree_sum([scores[_ranks(own, matched)] for own, scores in found])


def _anywhere(word: Q.Term, start: int, postings: TermPostings, positions: TermPositions) -> Postings:
    docs, scores = postings(word.fieldname, word.text)
    if not len(docs):
        return docs, scores
    at, places = positions(word.fieldname, word.text, docs)
    matched = _distinct(at[places >= start])  # `at` ascends: positions come document by document
    return matched, scores[np.searchsorted(docs, matched)]


def _runs(words: list[Q.Term], start: int, postings: TermPostings, positions: TermPositions) -> Postings:
    found = [postings(w.fieldname, w.text) for w in words]
    if not any(len(own) for own, _ in found):
        return found[0]
    keys = _distinct(np.sort(np.concatenate([_keys(*positions(w.fieldname, w.text, own))
                                             for w, (own, _) in zip(words, found) if len(own)])))
    firsts = keys[np.r_[True, np.diff(keys) != 1]]  # where each run of touching positions starts
    matched = _distinct(firsts[(firsts & _POSITION) >= start] >> _SHIFT)
    parts = []
    for own, scores in found:
        at = np.minimum(np.searchsorted(own, matched), max(len(own) - 1, 0))
        has = own[at] == matched if len(own) else np.zeros(len(matched), dtype=bool)
        parts.append((has, np.where(has, scores[at] if len(own) else 0.0, 0.0)))
    return matched, _tree_union(parts)[1]


def among(docs: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Which of `docs` (document numbers) are in `others`: a mask over all document numbers,
    faster than searching sorted arrays."""
    if not len(docs) or not len(others):
        return np.zeros(len(docs), dtype=bool)
    present = np.zeros(max(int(docs.max()), int(others.max())) + 1, dtype=bool)
    present[others] = True
    return present[docs]


def _ranks(docs: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """Where each of `chosen` (all of them in `docs`, both ascending) is in `docs`."""
    present = np.zeros(int(docs[-1]) + 1, dtype=bool)
    present[docs] = True
    return np.cumsum(present)[chosen] - 1


def _common(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The keys in both of two sorted arrays of distinct keys (a stable sort of two runs merges them)."""
    both = np.concatenate((a, b))
    both.sort(kind="stable")
    return both[:-1][both[1:] == both[:-1]]


def _distinct(items: np.ndarray) -> np.ndarray:
    """A sorted array without repeats (np.unique hashes, and imports numpy.ma the first time)."""
    if not len(items):
        return items
    return items[np.concatenate(([True], items[1:] != items[:-1]))]


def _keys(docs: np.ndarray, places: np.ndarray) -> np.ndarray:
    """One key per (document, position), in order (documents ascend, and so do each posting's
    positions: sorted only if some index holds them otherwise)."""
    keys = (docs.astype(np.int64) << _SHIFT) | places.astype(np.int64)
    return keys if np.all(keys[1:] > keys[:-1]) else np.sort(keys)


def _tree_sum(parts: list[np.ndarray]) -> np.ndarray:
    """a + b as IntersectionMatchers built by make_binary_tree add them: halves first."""
    if len(parts) == 1:
        return parts[0]
    half = len(parts) // 2
    return _tree_sum(parts[:half]) + _tree_sum(parts[half:])


def _tree_union(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """(present, score) as UnionMatchers built by make_binary_tree score: the sum where both
    halves have the document, else the one that has it."""
    if len(parts) == 1:
        return parts[0]
    half = len(parts) // 2
    (has_a, a), (has_b, b) = _tree_union(parts[:half]), _tree_union(parts[half:])
    return has_a | has_b, np.where(has_a & has_b, a + b, np.where(has_a, a, b))
