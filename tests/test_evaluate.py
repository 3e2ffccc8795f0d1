"""The term-at-a-time evaluator finds what Whoosh finds, scored and ordered the same way."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import query as Q
from whoosh.reading import MultiReader, SegmentReader

from reader.search.analysis import term
from reader.search import posting_cache, posting_file
from reader.search.evaluate import Evaluator, Unsupported
from reader.search.index import _ORDERS, PaperIndex
from tests.conftest import changed_library
from tests.query_trees import query_trees

QUERIES = [
    "language", "language models", "diffusion OR retrieval", "(la OR la*)", "model* -vision",
    '"large language"', "title:agents", "author:chen", "abstract:benchmark", "org:google",
    "cat:cl", "cat:cs*", "year:2024", "year:2023..2024 learning", "-learning", "NOT model*",
    "lenguage~", "graph (neural OR network) -survey", "synthetic", "tag:keep", "-tag:keep models",
    "list:\"reading list\"", "status:read", "year:..2023", "year:2020..", "year:1900..2100 -learning",
]


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """Seeds plus a synthetic file that is then changed: two segments and deleted documents."""
    record = ("LGMar 3, 2024", "Synthetic Language Study {n}Ada Lovelace", "Language models for synthetic data {n}.")
    library = changed_library(tmp_path_factory.mktemp("evaluate"), "synthetic.txt",
                              [tuple(part.format(n=n) for part in record) for n in range(40)],
                              [tuple(part.format(n=n) for part in record) for n in range(20, 60)])
    ids = [h.paper.id for h in library.search("language", limit=30).hits]
    library.tag(ids[::2], "keep")
    library.list_add("Reading list", ids[:7])
    library.set_status(ids[3:9], "read")
    yield library
    library.close()


def test_the_fixture_has_deletions_and_segments(library):
    with library.index.reading() as searcher:
        reader = searcher.reader()
        assert reader.has_deletions()
        assert len(reader.leaf_readers()) > 1


@pytest.mark.parametrize("sort", list(_ORDERS))
@pytest.mark.parametrize("text", QUERIES)
def test_same_hits_scores_and_total_as_whoosh(library, text, sort):
    assert_same_as_whoosh(library, text, sort)


WORDS = st.sampled_from(["language", "models", "data", "lang*", "mod*", "graph", "synthetic", "year:2024",
                         "cat:cl", '"language models"', "tag:keep", "learning", "title:study"])
QUERY_TREES = query_trees(WORDS, max_leaves=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=QUERY_TREES, sort=st.sampled_from(list(_ORDERS)))
def test_any_combination_matches_whoosh(library, text, sort):
    assert_same_as_whoosh(library, text, sort)


def assert_same_as_whoosh(library, text, sort):
    compiled, _ = library._compile(text)
    with library.index.reading() as searcher:
        expected, expected_total = PaperIndex._run_whoosh(searcher, compiled, 10_000, sort)
        found, total = library.index.evaluator().top(compiled, 10_000, _ORDERS[sort])
    assert total == expected_total == len(expected)
    if sort != "relevance":
        assert [d for d, _ in found] == [d for d, _ in expected]
        return
    assert sorted(d for d, _ in found) == sorted(d for d, _ in expected)
    mine, theirs = dict(found), dict(expected)
    for docnum, score in theirs.items():
        assert math.isclose(mine[docnum], score, rel_tol=1e-9), docnum
    # The order agrees wherever the scores are not within rounding of each other.
    for (d1, s1), (d2, s2) in zip(found, found[1:]):
        assert s1 >= s2 - 1e-9
        if math.isclose(s1, s2, rel_tol=1e-9):
            continue
        assert theirs[d1] > theirs[d2]


def test_a_limit_keeps_the_best(library):
    compiled, _ = library._compile("language models")
    with library.index.reading():
        everything, total = library.index.evaluator().top(compiled, 10_000)
        first, same_total = library.index.evaluator().top(compiled, 5)
    assert same_total == total > 5
    assert first == everything[:5]


def test_every_document_but_the_deleted_ones(library):
    with library.index.reading() as searcher:
        _, total = library.index.evaluator().top(Q.Every(), 1)
        assert total == searcher.doc_count() == library.count()


def test_unknown_shapes_are_left_to_whoosh(library):
    with library.index.reading() as searcher:
        evaluator = Evaluator(searcher)
        with pytest.raises(Unsupported):
            evaluator.top(Q.Or([Q.Term("content", "languag"), Q.Term("content", "model")], minmatch=2), 5)
        with pytest.raises(Unsupported):
            evaluator.top(Q.DisjunctionMax([Q.Term("content", "languag")]), 5)


def test_the_cache_stays_within_its_budget(library):
    with library.index.reading() as searcher:
        evaluator = Evaluator(searcher, budget=50)
        for word in ("languag", "model", "learn", "data"):
            evaluator.top(Q.Term("content", word), 3)
        assert evaluator._held <= 50 or len(evaluator._cache) == 1
        big = Evaluator(searcher)
        assert big.top(Q.Term("content", "model"), 3) == evaluator.top(Q.Term("content", "model"), 3)


def test_a_negation_whose_matches_run_out_while_skipping(library):
    """Whoosh's AndNotMatcher read the id of an exhausted short posting list and crashed."""
    assert_same_as_whoosh(library, "(tag:keep (year:2024 -language))", "relevance")


def test_warming_up_fills_the_caches_and_changes_no_answer(library):
    asked = [("language", "relevance"), ("models", "newest"), ("", "title")]
    before = [library.search(q, limit=30, sort=s) for q, s in asked]
    steps = sum(1 for _ in library.warm_up())
    with library.index.reading():
        evaluator = library.index.evaluator()
        assert set(evaluator._orders) == {columns for columns in _ORDERS.values() if columns}
        assert evaluator._held > 0  # the commonest words' postings are in
        vocabulary = library.index.vocabulary()
        typed_first = {("content", term(w).encode()) for w in vocabulary.with_prefix(vocabulary.common_stubs()[0])}
        assert typed_first <= set(evaluator._cache)  # what the commonest two-letter start widens to
    after = [library.search(q, limit=30, sort=s) for q, s in asked]
    assert steps > len(_ORDERS)
    assert [(r.total, r.hits) for r in before] == [(r.total, r.hits) for r in after]


def test_pages_let_go_after_a_read_are_read_again_the_same(library, monkeypatch):
    """Each query lets go of the segment pages it read; a later read maps them back."""
    import reader.search.evaluate as evaluate

    released = []
    monkeypatch.setattr(evaluate, "release_pages", lambda reader: released.append(reader))
    with library.index.reading() as searcher:
        first = Evaluator(searcher)
        expected = first.top(Q.Term("content", "model"), 20)
        assert len(released) == 1
        first.top(Q.Term("content", "model"), 20)
        assert len(released) == 1  # nothing read this time: nothing to let go
        monkeypatch.undo()
        evaluate.release_pages(searcher.reader())
        again = Evaluator(searcher)
        assert again.top(Q.Term("content", "model"), 20) == expected
        docs, _ = again._term("content", "model")
        assert docs.dtype == evaluate.DOC


@pytest.fixture
def stored_lists(library, monkeypatch):
    """Every term of every segment stored as arrays (the fixture's words are too rare to be common)."""
    monkeypatch.setattr(posting_file, "LEAST", 1)
    monkeypatch.setattr(posting_file, "COMMON", 0.0)
    with library.index.reading() as searcher:
        leaves = [leaf for leaf, _ in searcher.reader().leaf_readers()]
        paths = [posting_cache.folder(leaf) for leaf in leaves]
        for path in paths:  # the build's, which hold only the common words: written again with every word
            path.unlink(missing_ok=True)
        posting_cache.write(searcher.reader())
    library.index._evaluator = None  # a new evaluator opens the stored lists
    yield paths
    library.index._evaluator = None
    for path in paths:
        path.unlink(missing_ok=True)


def test_stored_lists_find_what_whoosh_finds(library, stored_lists):
    assert all(path.is_file() for path in stored_lists)
    with library.index.reading():
        evaluator = library.index.evaluator()
        before = sum(1 for leaf, _ in evaluator.leaves if evaluator._segment(leaf) is not None)
        assert before == len(stored_lists)  # every segment has its lists, deletions and all
    for text in QUERIES:
        for sort in _ORDERS:
            assert_same_as_whoosh(library, text, sort)


def test_stored_lists_are_read_instead_of_whoosh(library, stored_lists, monkeypatch):
    import reader.search.evaluate as evaluate

    expected = library.search("language models", limit=30)
    library.index._evaluator = None
    monkeypatch.setattr(evaluate, "leaf_postings", lambda *args: pytest.fail("read through Whoosh"))
    for kind in (MultiReader, SegmentReader):
        monkeypatch.setattr(kind, "stored_fields", lambda *args: pytest.fail("ids read through Whoosh"))
    found = library.search("language models", limit=30)
    assert (found.total, found.hits) == (expected.total, expected.hits)


def test_damaged_or_missing_lists_are_read_through_whoosh(library, stored_lists):
    expected = library.search("language", limit=30)
    stored_lists[0].write_bytes(stored_lists[0].read_bytes()[:100])  # cut short
    stored_lists[1].unlink()
    library.index._evaluator = None
    with library.index.reading():
        evaluator = library.index.evaluator()
        assert [evaluator._segment(leaf) for leaf, _ in evaluator.leaves[:2]] == [None, None]
    found = library.search("language", limit=30)
    assert (found.total, found.hits) == (expected.total, expected.hits)


def test_the_warm_up_stores_the_lists_once(library, monkeypatch):
    monkeypatch.setattr(posting_file, "LEAST", 1)
    with library.index.reading() as searcher:
        paths = [posting_cache.folder(leaf) for leaf, _ in searcher.reader().leaf_readers()]
    older = paths[0].parent.parent / "postings"  # lists an earlier version stored
    (older / paths[0].name).parent.mkdir(exist_ok=True)
    (older / paths[0].name).write_bytes(b"old")
    for path in paths:  # the build stored them, or a warm-up in another test
        path.unlink(missing_ok=True)
    try:
        assert not any(path.exists() for path in paths)
        sum(1 for _ in library.warm_up())
        assert all(path.is_file() for path in paths)
        assert not older.exists()
        stamps = [path.stat().st_mtime_ns for path in paths]
        sum(1 for _ in library.warm_up())
        assert [path.stat().st_mtime_ns for path in paths] == stamps
    finally:
        library.index._evaluator = None
        for path in paths:
            path.unlink(missing_ok=True)


def test_common_counts_from_stored_lists_are_whooshs_document_frequencies(library, stored_lists):
    """The warm-up ranks words by these counts: read from the stored lists (which leave out the
    documents deleted before they were written), or through Whoosh without them."""
    with library.index.reading() as searcher:
        leaves = [leaf for leaf, _ in searcher.reader().leaf_readers()]
        stored = [posting_cache.common_counts(leaf, "content") for leaf in leaves]
        for path in stored_lists:
            path.unlink()
        unstored = [posting_cache.common_counts(leaf, "content") for leaf in leaves]
    for leaf, counts, whoosh in zip(leaves, stored, unstored):
        assert whoosh == {text: info.doc_frequency() for text, info in leaf.iter_field("content")}
        assert counts and counts.keys() <= whoosh.keys()  # the build may have stored only the common ones
        assert all(counts[text] == whoosh[text] if not leaf.has_deletions() else 0 <= counts[text] <= whoosh[text]
                   for text in counts)
    assert any(leaf.has_deletions() for leaf in leaves) and stored[0][b"languag"] > 0
