"""A fix for a Whoosh bug that would return wrong results; imported before any search.

`AndNotMatcher._find_first` only skips excluded documents when both sub-matchers start
on the same document, so `a ANDNOT b` keeps a's first match whenever b's postings begin
earlier and include it (present in whoosh 2.7.4 and whoosh3 3.54.0).
"""

from whoosh.matching.binary import AndNotMatcher


def _find_first(self) -> None:
    if self.a.is_active() and self.b.is_active():
        self._find_next()


AndNotMatcher._find_first = _find_first
