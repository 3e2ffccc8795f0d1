"""Phrases and `abstract:` spans matched as arrays find exactly what Whoosh's span matchers find,
with the same scores to the last bit, whether the positions come from Whoosh or are stored."""

from __future__ import annotations

import contextlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.search import phrases, position_cache, posting_cache, posting_file
from reader.search.index import _ORDERS
from tests.conftest import changed_library
from tests.query_trees import query_trees
from tests.test_evaluate import assert_same_as_whoosh

NAMES = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
         "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"]
# Titles end on "large" and abstracts start with "language": a phrase must not run across the
# gap between them. Words repeat inside abstracts, and phrases sit at the ends of fields.
RECORDS = [
    ("LGMar 3, 2024", "Models Models Language Models {name} LargeAda Lovelace, Grace Hopper",
     "Language models models language models large language models language {name} reward."),
    ("CLApr 5, 2023", "Large Language Models Reward {name} StudyGrace Hopper, Ada Lovelace",
     "Reward models for large language models and reward reward models, {name} large language."),
    ("CVMay 7, 2022", "Vision {name} LargeAlan Turing",
     "Language vision models; language reward large reward language models {name}."),
]

PHRASES = [
    '"large language models"', '"large language"', '"language models"', '"models models"',
    '"models language models"', '"language models language"', '"reward models"', '"reward reward"',
    '"large language models language"', '"language"', '"lovelace grace"', '"ada lovelace"',
    'author:"ada lovelace"', 'author:"lovelace grace"', 'title:"models models"', 'title:"large language"',
    'abstract:"large language models"', 'abstract:"language models"', 'abstract:reward', "abstract:languag",
    "abstract:lang*", "abstract:mod*", "abstract:rew*", "abstract:rewrd~", "abstract:vision",
    'abstract:"models models"', '"nonexistent words here"', '"large nonexistentword"',
]
COMBINATIONS = [
    '"large language models" reward', '"large language" OR "reward models"', '"language models" -vision',
    'reward -"large language"', '("models models" OR abstract:reward) -"ada lovelace"',
    "abstract:reward OR abstract:large", 'abstract:"language models" "large language"', '-"language models"', "abstract:lang* -\"reward reward\"",
]


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """Seeds plus crafted papers, then changed: two segments and deleted documents."""
    def records(names):
        return [tuple(part.format(name=name, n=n) for part in record)
                for n, name in enumerate(names) for record in RECORDS]

    library = changed_library(tmp_path_factory.mktemp("phrases"), "crafted.txt", records(NAMES[:12]), records(NAMES[6:]))
    yield library
    library.close()


@pytest.fixture(scope="module")
def written(library):
    """Every term's lists and positions of every segment (the fixture's words are too rare to be
    common), written once: {kind: {path: bytes}}, then removed."""
    with pytest.MonkeyPatch.context() as patch, library.index.reading() as searcher:
        patch.setattr(posting_file, "LEAST", 1)
        patch.setattr(posting_file, "COMMON", 0.0)
        reader = searcher.reader()
        leaves = [leaf for leaf, _ in reader.leaf_readers()]
        for leaf in leaves:  # the build's lists hold only the common words
            posting_cache.folder(leaf).unlink(missing_ok=True)
        posting_cache.write(reader)  # the lists, then the positions
    found = {kind: {path: path.read_bytes() for path in map(where, leaves)}
             for kind, where in (("lists", posting_cache.folder), ("positions", position_cache.folder))}
    for files in found.values():
        for path in files:
            path.unlink()
    return found


@pytest.fixture(params=["whoosh", "stored lists", "stored positions"])
def stored(request, library, written):
    """Positions read through Whoosh, or posting lists stored, or lists and positions stored."""
    kinds = {"whoosh": [], "stored lists": ["lists"], "stored positions": ["lists", "positions"]}[request.param]
    files = {path: data for kind in kinds for path, data in written[kind].items()}
    for path, data in files.items():
        path.write_bytes(data)
    library.index._evaluator = None
    yield request.param
    library.index._evaluator = None
    for path in files:
        path.unlink(missing_ok=True)


def test_the_fixture_has_segments_deletions_and_matches(library):
    with library.index.reading() as searcher:
        reader = searcher.reader()
        assert reader.has_deletions() and len(reader.leaf_readers()) > 1
    assert library.search('"models models"').total > 0
    assert library.search('"ada lovelace"').total > 0
    assert library.search('title:"vision alpha large"').total == 0  # deleted by the change
    assert library.search('title:"vision hotel large"').total == 1


@pytest.mark.parametrize("text", PHRASES)
def test_spans_match_and_score_exactly_as_whoosh(library, stored, text):
    compiled, _ = library._compile(text)
    with library.index.reading():
        evaluator = library.index.evaluator()
        expected_docs, expected_scores = evaluator._by_whoosh(compiled)
        if not phrases.supported(compiled):
            assert text == '"language"'  # one quoted word is a plain term
            return
        docs, scores = evaluator._span(compiled)
        stored_positions = [evaluator._stored_positions.get(id(leaf), False) for leaf, _ in evaluator.leaves]
    assert docs.tolist() == expected_docs.tolist()
    assert scores.tolist() == expected_scores.tolist()  # the same floats, not merely close
    assert all((p is not None) == (stored == "stored positions") for p in stored_positions if p is not False)


@pytest.mark.parametrize("sort", ["relevance", "newest"])
@pytest.mark.parametrize("text", PHRASES + COMBINATIONS)
def test_phrases_in_queries_find_what_whoosh_finds(library, stored, text, sort):
    assert_same_as_whoosh(library, text, sort)


PARTS = st.sampled_from(PHRASES[:12] + ["reward", "models", "lang*", "abstract:lang*", "abstract:reward"])
TREES = query_trees(PARTS, max_leaves=5)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TREES, sort=st.sampled_from(list(_ORDERS)))
def test_any_combination_with_phrases_matches_whoosh(library, text, sort):
    assert_same_as_whoosh(library, text, sort)


def test_phrases_are_not_walked_by_whooshs_matchers(library, monkeypatch):
    from reader.search.evaluate import Evaluator

    expected = library.search('"large language models" OR abstract:rew*', limit=50)
    library.index._evaluator = None
    monkeypatch.setattr(Evaluator, "_by_whoosh", lambda self, q: pytest.fail(f"{q} matched by Whoosh"))
    found = library.search('"large language models" OR abstract:rew*', limit=50)
    assert found.total == expected.total > 0
    assert [(h.paper.id, h.score) for h in found.hits] == [(h.paper.id, h.score) for h in expected.hits]


@contextlib.contextmanager
def positions_written(library):
    """Every segment's positions stored (of the words posting_file counts as common), for a
    new evaluator; removed afterwards. Yields the segments and their positions' files."""
    with library.index.reading() as searcher:
        position_cache.write(searcher.reader())
        leaves = [leaf for leaf, _ in searcher.reader().leaf_readers()]
    paths = [position_cache.folder(leaf) for leaf in leaves]
    library.index._evaluator = None
    try:
        yield leaves, paths
    finally:
        library.index._evaluator = None
        for path in paths:
            path.unlink(missing_ok=True)


def test_stored_positions_are_read_instead_of_whoosh(library, monkeypatch):
    expected = library.search('"large language models"', limit=50)
    monkeypatch.setattr(posting_file, "LEAST", 1)
    monkeypatch.setattr(posting_file, "COMMON", 0.0)
    with positions_written(library):
        import reader.search.evaluate as evaluate

        monkeypatch.setattr(evaluate, "raw_positions", lambda *args: pytest.fail("positions read through Whoosh"))
        found = library.search('"large language models"', limit=50)
        assert (found.total, found.hits) == (expected.total, expected.hits)


def test_damaged_or_missing_positions_are_read_through_whoosh(library, monkeypatch):
    expected = library.search('"language models" abstract:reward', limit=50)
    monkeypatch.setattr(posting_file, "LEAST", 1)
    with positions_written(library) as (leaves, paths):
        paths[0].write_bytes(paths[0].read_bytes()[:100])  # cut short
        paths[1].write_bytes(b"")
        assert [position_cache.open_segment(leaf) for leaf in leaves[:2]] == [None, None]
        library.index._evaluator = None
        found = library.search('"language models" abstract:reward', limit=50)
        assert (found.total, found.hits) == (expected.total, expected.hits)


def test_stored_positions_are_whooshs_positions(library, monkeypatch):
    monkeypatch.setattr(posting_file, "LEAST", 1)
    with library.index.reading() as searcher:
        leaf = searcher.reader().leaf_readers()[0][0]
        position_cache.write(searcher.reader())
        try:
            stored = position_cache.open_segment(leaf)
            for fieldname, word in [("content", b"model"), ("content", b"languag"), ("author", b"lovelac")]:
                everyone = np.arange(leaf.doc_count_all())
                docs, counts, positions = stored.term_positions(fieldname, word, everyone)
                matcher = leaf.postings(fieldname, word)
                whoosh = {}
                while matcher.is_active():
                    whoosh[matcher.id()] = matcher.value_as("positions")
                    matcher.next()
                mine = np.split(positions, np.cumsum(counts)[:-1])
                live = [d for d in docs.tolist() if not leaf.is_deleted(d)]
                assert live == sorted(whoosh)  # the stored lists keep deleted documents too
                assert {d: p.tolist() for d, p in zip(docs.tolist(), mine) if d in whoosh} == whoosh
                some = everyone[::3]
                chosen = stored.term_positions(fieldname, word, some)
                assert set(chosen[0].tolist()) == set(docs.tolist()) & set(some.tolist())
        finally:
            for path in [position_cache.folder(leaf) for leaf, _ in searcher.reader().leaf_readers()]:
                path.unlink(missing_ok=True)


def test_the_warm_up_stores_the_positions_once(library, monkeypatch):
    monkeypatch.setattr(posting_file, "LEAST", 1)
    with library.index.reading() as searcher:
        leaves = [leaf for leaf, _ in searcher.reader().leaf_readers()]
    paths = [position_cache.folder(leaf) for leaf in leaves]
    try:
        assert not any(path.exists() for path in paths)
        sum(1 for _ in library.warm_up())
        assert all(path.is_file() for path in paths)
        assert all(position_cache.open_segment(leaf) is not None for leaf in leaves)
        stamps = [path.stat().st_mtime_ns for path in paths]
        sum(1 for _ in library.warm_up())
        assert [path.stat().st_mtime_ns for path in paths] == stamps
    finally:
        library.index._evaluator = None
        for path in paths + [posting_cache.folder(leaf) for leaf in leaves]:
            path.unlink(missing_ok=True)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.integers(0, 5), st.lists(st.sets(st.integers(0, 20), min_size=1), min_size=2, max_size=2),
                       min_size=1))
def test_a_span_or_keeps_runs_that_start_late_enough_as_whoosh_merges_them(documents):
    """SpanFrom(SpanOr([a, b]), 10): Whoosh merges touching positions of the two words into
    runs (Span.merge) and keeps a document when a run starts at 10 or later."""
    from whoosh import query as Q
    from whoosh.query.spans import Span, SpanOr

    from reader.search.compile import SpanFrom

    words = [Q.Term("content", "a"), Q.Term("content", "b")]
    held = {w.text: {d: sorted(p[i]) for d, p in documents.items()} for i, w in enumerate(words)}

    def postings(fieldname, text):
        docs = np.array(sorted(held[text]), dtype=np.int64)
        return docs, np.full(len(docs), 1.0 if text == "a" else 2.0)

    def positions(fieldname, text, docs):
        pairs = [(d, p) for d in docs.tolist() for p in held[text][d]]
        return np.array([d for d, _ in pairs], dtype=np.int64), np.array([p for _, p in pairs], dtype=np.int64)

    docs, scores = phrases.match(SpanFrom(SpanOr(words), 10), postings, positions)
    expected = [d for d in sorted(documents)
                if any(s.start >= 10 for s in Span.merge(sorted({Span(p) for w in held.values() for p in w[d]})))]
    assert docs.tolist() == expected
    assert scores.tolist() == [3.0] * len(expected)


def test_positions_past_two_bytes_are_stored_whole(tmp_path):
    path = tmp_path / "positions.1" / "segment"
    key = posting_file.key("content", b"far")
    docs, counts = np.array([2, 5, 9], dtype=np.int32), np.array([1, 3, 2], dtype=np.uint32)
    positions = np.array([7, 1, 70_000, 70_001, 3, 100_000], dtype=np.uint32)
    near = (posting_file.key("content", b"near"), np.array([1], dtype=np.int32), np.array([1]), np.array([4]))
    position_cache.write_positions(path, [(key, docs, counts, positions), near])
    stored = position_cache.SegmentPositions(path)
    assert stored.positions.dtype.itemsize == 4
    found = stored.term_positions("content", b"far", np.array([5, 9]))
    assert [part.tolist() for part in found] == [[5, 9], [3, 2], [1, 70_000, 70_001, 3, 100_000]]
    assert [part.tolist() for part in stored.term_positions("content", b"near", np.array([1]))] == [[1], [1], [4]]
    assert stored.term_positions("content", b"absent", np.array([1])) is None


def test_the_positions_stored_are_those_of_the_stored_lists_words(library, written, monkeypatch):
    """The positions' words come from the stored lists' keys (listing them through Whoosh takes
    ~0.2 s a segment at 1M papers): the same words as Whoosh's terms would give."""
    from reader.search import stored_files

    monkeypatch.setattr(posting_file, "LEAST", 1)
    monkeypatch.setattr(posting_file, "COMMON", 0.0)
    for path, data in written["lists"].items():
        path.write_bytes(data)
    try:
        with library.index.reading() as searcher:
            for leaf, _ in searcher.reader().leaf_readers():
                found = stored_files.stored_terms(leaf, position_cache.FIELDS)
                assert found and found == [t for t in stored_files.common_terms(leaf) if t[0] in position_cache.FIELDS]
    finally:
        for path in written["lists"]:
            path.unlink()
    with library.index.reading() as searcher:
        assert all(stored_files.stored_terms(leaf, ("content",)) is None for leaf, _ in searcher.reader().leaf_readers())
