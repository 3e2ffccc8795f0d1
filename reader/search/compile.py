"""Turn a parsed query tree into a Whoosh query, expanding prefixes and fuzzy words."""

from __future__ import annotations

from collections.abc import Callable

from whoosh import matching
from whoosh import query as Q
from whoosh.matching import NullMatcher
from whoosh.query import spans

from reader.search import mapped_files, syntax, whoosh_fixes  # noqa: F401 - segments read in place; correct AndNot results
from reader.search.analysis import fold, term, terms
from reader.search.schema import ABSTRACT_START
from reader.search.vocabulary import Vocabulary

# (field, value) -> (paper ids, inverted): inverted means every paper except those ids.
StateIds = Callable[[str, str], tuple[frozenset[str], bool]]

_TEXT_FIELDS = {None: "content", "title": "title", "author": "author", "abstract": "content"}


class SpanFrom(spans.WrappingSpan):
    """Matches spans that start at or after a position: the abstract part of `content`."""

    def __init__(self, q, start):
        self.q = q
        self.start = start

    def __eq__(self, other):
        return type(self) is type(other) and self.q == other.q and self.start == other.start

    def __hash__(self):
        return hash(self.q) ^ hash(self.start)

    def estimate_size(self, ixreader):
        """At most the documents holding any of its terms (Whoosh's span queries, such as
        SpanOr, leave this unimplemented, and an And or Or of queries asks for it)."""
        found = sum(leaf.estimate_size(ixreader) for leaf in self.q.leaves())
        return min(found, ixreader.doc_count_all())

    def estimate_min_size(self, ixreader):
        return 0  # its terms may all sit in titles

    def matcher(self, searcher, context=None):
        return SpanFrom.Matcher(self._subm(searcher, context), self.start)

    class Matcher(spans.SpanWrappingMatcher):
        def __init__(self, child, start):
            self.start = start
            super().__init__(child)

        def copy(self):
            return self.__class__(self.child.copy(), self.start)

        def _replacement(self, newchild):
            return self.__class__(newchild, self.start)

        def _get_spans(self):
            return [s for s in self.child.spans() if s.start >= self.start]


class IdSet(Q.Query):
    """Matches the papers with the given ids, each with the same score: a filter from the user's state."""

    def __init__(self, ids: frozenset[str]):
        self.ids = frozenset(ids)

    def __eq__(self, other):
        return type(self) is type(other) and self.ids == other.ids

    def __hash__(self):
        return hash(self.ids)

    def __repr__(self):
        return f"IdSet({len(self.ids)} ids)"

    def estimate_size(self, ixreader):
        return len(self.ids)

    def matcher(self, searcher, context=None):
        reader = searcher.reader()
        docnums = set()
        for paper_id in self.ids:
            if ("id", paper_id) in reader:
                docnums.update(reader.postings("id", paper_id).all_ids())
        return matching.ListMatcher(sorted(docnums), all_weights=1.0) if docnums else NullMatcher()


class ExactPhrase(spans.SpanNear2):
    """Words next to each other in order, checked with position sets instead of span objects."""

    def __init__(self, fieldname: str, words: list[str]):
        super().__init__([Q.Term(fieldname, w) for w in words], slop=1, ordered=True, mindist=1)

    def matcher(self, searcher, context=None):
        reader = searcher.reader()
        if any((q.fieldname, q.text) not in reader for q in self.qs):
            return NullMatcher()
        return ExactPhrase.Matcher([q.matcher(searcher, context) for q in self.qs])

    class Matcher(spans.SpanNear2.SpanNear2Matcher):
        def _get_spans(self):
            starts = set(self.ms[0].value_as("positions"))
            for offset, matcher in enumerate(self.ms[1:], 1):
                starts.intersection_update([p - offset for p in matcher.value_as("positions")])
                if not starts:
                    return []
            last = len(self.ms) - 1
            return [spans.Span(s, s + last) for s in sorted(starts)]


class Compiler:
    """Compiles one query; `terms` collects the index terms worth highlighting."""

    def __init__(self, vocabulary: Callable[[], Vocabulary], state: StateIds | None = None):
        self._vocabulary = vocabulary
        self._state = state
        self.terms: set[str] = set()
        self.free_words: list[str] = []

    def compile(self, node) -> Q.Query | None:
        """The Whoosh query, or None when nothing searchable is left (only stop words)."""
        return self._node(node, positive=True)

    def _node(self, node, positive: bool):
        if isinstance(node, syntax.And):
            return self._and(node.children, positive)
        if isinstance(node, syntax.Or):
            parts = [p for p in (self._node(c, positive) for c in node.children) if p is not None]
            return Q.Or(parts) if len(parts) > 1 else (parts[0] if parts else None)
        if isinstance(node, syntax.Not):
            inner = self._node(node.child, positive=False)
            return None if inner is None else Q.AndNot(Q.Every(), inner)
        if isinstance(node, syntax.State):
            return self._state_filter(node)
        if isinstance(node, syntax.Missing):  # every paper but those with a value in the field
            return Q.AndNot(Q.Every(), Q.Every(node.field))
        if isinstance(node, syntax.YearRange):
            return Q.NumericRange("year", node.low, node.high)
        if isinstance(node, syntax.Phrase):
            return self._text(node.field, terms(node.text), positive)
        return self._word(node, positive)

    def _state_filter(self, node: syntax.State):
        if self._state is None:
            raise syntax.QueryError(f"{node.field}: searches need the user's store, which is not open")
        ids, inverted = self._state(node.field, node.value)
        matched = IdSet(ids) if ids else Q.NullQuery
        if not inverted:
            return matched
        return Q.AndNot(Q.Every(), matched) if ids else Q.Every()

    def _and(self, children, positive):
        include, exclude = [], []
        for child in children:
            if isinstance(child, syntax.Not):
                q = self._node(child.child, positive=False)
                if q is not None:
                    exclude.append(q)
            else:
                q = self._node(child, positive)
                if q is not None:
                    include.append(q)
        if not include and not exclude:
            return None
        base = Q.And(include) if len(include) > 1 else (include[0] if include else Q.Every())
        if exclude:
            return Q.AndNot(base, Q.Or(exclude) if len(exclude) > 1 else exclude[0])
        return base

    def _word(self, word: syntax.Word, positive: bool):
        if word.field in ("org", "cat"):
            value = word.text.lower()
            if word.kind == "prefix":
                return Q.Prefix(word.field, value)
            if word.kind == "fuzzy":
                return Q.FuzzyTerm(word.field, value, maxdist=word.distance)
            return Q.Term(word.field, value)
        if word.kind == "term":
            if word.field is None and positive:
                self.free_words.append(word.text)
            return self._text(word.field, terms(word.text), positive)
        vocabulary = self._vocabulary()
        folded = fold(word.text)
        if word.kind == "prefix":
            words = vocabulary.with_prefix(folded)
        else:
            words = vocabulary.near(folded, word.distance)
        stems = sorted({term(w) for w in words} - {""})
        if not stems:
            return Q.NullQuery
        return self._alternatives(word.field, stems, positive)

    def _alternatives(self, field, stems, positive):
        if positive:
            self.terms.update(stems)
        name = _TEXT_FIELDS[field]
        if field == "abstract":
            return SpanFrom(spans.SpanOr([Q.Term(name, s) for s in stems]), ABSTRACT_START)
        return Q.Or([Q.Term(name, s) for s in stems]) if len(stems) > 1 else Q.Term(name, stems[0])

    def _text(self, field, words: list[str], positive: bool):
        if not words:
            return None
        if positive:
            self.terms.update(words)
        name = _TEXT_FIELDS[field]
        query = Q.Term(name, words[0]) if len(words) == 1 else ExactPhrase(name, words)
        return SpanFrom(query, ABSTRACT_START) if field == "abstract" else query
