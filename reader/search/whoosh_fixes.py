"""Fixes for Whoosh bugs that would return wrong results or crash; imported before any search.

`AndNotMatcher._find_first` only skips excluded documents when both sub-matchers start
on the same document, so `a ANDNOT b` keeps a's first match whenever b's postings begin
earlier and include it (present in whoosh 2.7.4 and whoosh3 3.54.0).
"""

from whoosh.matching.binary import AndNotMatcher


def _find_first(self) -> None:
    if self.a.is_active() and self.b.is_active():
        self._find_next()


AndNotMatcher._find_first = _find_first


# `AndNotMatcher._find_next` reads `a.id()` without checking that `a` is still active, so
# a `skip_to` that runs `a` off its end raises IndexError when `a` is a ListMatcher (the
# short, inlined posting lists): `tag:keep (year:2024 -language)` crashed the search.
_find_next = AndNotMatcher._find_next


def _find_next_while_active(self):
    return _find_next(self) if self.a.is_active() else False


AndNotMatcher._find_next = _find_next_while_active


# `TopCollector(usequality=False)` says it counts every match (`computes_count()`), but
# it still hands its rising minimum score to `matcher.replace()`, which drops the branches
# of an OR that can no longer reach the top N: `retrieval OR rag` then counts 393 papers
# where 1,672 match. Without block quality, keep the minimum at 0 so nothing is pruned.
from whoosh.collectors import TopCollector  # noqa: E402

_top_collect = TopCollector._collect


def _collect_counting_all(self, global_docnum, score):
    key = _top_collect(self, global_docnum, score)
    if not self.usequality:
        self.minscore = 0
    return key


TopCollector._collect = _collect_counting_all


# An index with no documents has an `EmptyReader`, whose `segments()` is None; refreshing a
# searcher over it (`Searcher.refresh`, which reuses the old reader's segments) raised
# TypeError, so every search of an empty library failed. No segments is an empty list.
from whoosh.reading import EmptyReader  # noqa: E402

EmptyReader.segments = lambda self: []
