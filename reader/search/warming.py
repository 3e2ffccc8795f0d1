"""Warming a PaperIndex's caches in short steps, for a process with time between searches.

Each `next()` is one step, which a search in the same process waits for: at 1M papers the
longest (building the evaluator, a date order, ranking the two-letter starts) take ~0.3 s,
most a few ms. Every step stops the warming when the index has changed meanwhile.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from reader.search.analysis import term
from reader.search.schema import ORDERS


def caches(index, share: float = 0.6) -> Iterator[None]:
    """The caches in the order typing needs them: the newest-first order (the empty query),
    the commonest words' postings until `share` of the cache is used, the oldest-first order,
    then what typing's two-letter starts widen to. The title order is left for its first use:
    sorting the titles is one step of ~2 s at 1M papers."""
    with index.reading():
        evaluator = index.evaluator()  # imports NumPy: a step of its own
    yield
    yield from _order(index, evaluator, ORDERS["newest"])
    from reader.search import posting_cache  # NumPy is in by now

    counts: Counter[bytes] = Counter()
    for leaf, _ in evaluator.leaves:  # one segment a step: ~0.1 s at most (no stored lists)
        with index.reading():
            if not index.is_current(evaluator):
                return
            counts.update(posting_cache.common_counts(leaf, "content"))
        yield
    room = evaluator.budget * share
    for frequency, text in sorted(((n, text) for text, n in counts.items()), reverse=True):
        room -= frequency
        if room < 0:
            break
        with index.reading():
            if not index.is_current(evaluator):
                return
            evaluator.preload("content", text)
        yield
    yield from _order(index, evaluator, ORDERS["oldest"])
    yield from _prefixes(index, evaluator)


def _prefixes(index, evaluator, share: float = 0.9) -> Iterator[None]:
    """The words typing reads first: what the commonest two-letter starts widen to (`re`: the
    32 most used words starting with re), one word a step, until `share` of the cache is used."""
    vocabulary = index.vocabulary()
    stubs = vocabulary.common_stubs()
    yield
    for stub in stubs:
        for word in vocabulary.with_prefix(stub):
            with index.reading():
                if not index.is_current(evaluator) or evaluator.held > evaluator.budget * share:
                    return
                evaluator.preload("content", term(word))
            yield


def stored_files(index) -> Iterator[None]:
    """Store the common words' lists and positions of segments that have none yet, for later
    processes to map (minutes at 1M papers the first time, then nothing)."""
    from reader.search import posting_cache

    with index.reading():
        evaluator = index.evaluator()
    storing = posting_cache.write_steps(evaluator.reader)
    while True:
        with index.reading():
            if not index.is_current(evaluator) or next(storing, False) is False:
                return
        yield


def _order(index, evaluator, columns: tuple[str, ...]) -> Iterator[None]:
    with index.reading():
        evaluator.order(columns)
    yield
