"""Hostile queries: only a one-line QueryError may come out of `search` and `facets`, quickly.

Deep nesting, long queries, field junk, unicode and control characters are fuzzed with
Hypothesis against a small library; the fixed cases are the ones a probe found crashing.
"""

from __future__ import annotations

import time
import unicodedata
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.library import Library, QueryError
from reader.search.syntax import MAX_DEPTH, MAX_LENGTH
from tests.conftest import write_dated

CALL_BOUND = 2.0  # seconds for one search or facets call on a dozen papers
EXAMPLES = 300  # per fuzzing test
TOPICS = ("language model", "graph network", "vision transformer", "protein folding")
CATEGORIES = ("CL", "LG", "CV", "AI")


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    root = tmp_path_factory.mktemp("query-fuzz")
    folder = root / "listings"
    folder.mkdir()
    for year in (2022, 2023, 2024):
        write_dated(folder / f"{year}.txt", [
            (
                f"{CATEGORIES[n % 4]}Mar {n + 1}, {year}",
                f"A Study of {TOPICS[n].title()} Number {year}{n}Ada Lovelace, Alan Turing · DeepMind",
                f"We train a model on {TOPICS[(n + year) % 4]} data and compare it with a {TOPICS[n]}.",
            )
            for n in range(4)
        ])
    library = Library.open(root / "data", [folder])
    papers = list(library.papers())
    library.tag([p.id for p in papers[:5]], "ml")
    library.list_add("Reading list", [p.id for p in papers[3:7]])
    yield library
    library.close()


def assert_one_clean_line(message: str) -> None:
    assert "\n" not in message and "\r" not in message, message
    assert not [c for c in message if unicodedata.category(c) in ("Cc", "Cf")], repr(message)
    assert len(message) < 400, message


def run_both(library: Library, query: str) -> None:
    """Search and count facets for `query`: each call ends in time, or with a clean QueryError."""
    for call in (lambda: library.search(query, limit=5), lambda: library.facets(query)):
        started = time.monotonic()
        try:
            call()
        except QueryError as error:
            assert_one_clean_line(str(error))
        assert time.monotonic() - started < CALL_BOUND, f"{query[:80]!r} took too long"


# the cases the probe found -----------------------------------------------------------

@pytest.mark.parametrize("query", [
    "(" * 247 + "model" + ")" * 247,
    "-(" * 198 + "model" + ")" * 198,
    "NOT " * 986 + "model",
    "NOT " * 300 + "model",  # under the length limit: refused for its depth
    "(" * 300,
])
def test_deep_queries_are_refused_in_one_line(library, query):
    for call in (library.search, library.facets):
        with pytest.raises(QueryError) as raised:
            call(query)
        assert_one_clean_line(str(raised.value))
        assert "simplify" in str(raised.value) or "characters long" in str(raised.value)


def test_queries_at_the_limits_still_run(library):
    deepest = "(" * (MAX_DEPTH - 2) + "-(" + "lovelace graph" + ")" * (MAX_DEPTH - 1)  # - and ( are a level each
    assert 0 < library.search(deepest).total == library.search("-(lovelace graph)").total < 12
    longest = ("model " * (MAX_LENGTH // 6)).ljust(MAX_LENGTH)
    assert library.search(longest).total == library.search("model").total == 12
    with pytest.raises(QueryError, match="characters long"):
        library.search(longest + "x")
    with pytest.raises(QueryError, match="simplify"):
        library.search("(" + deepest + ")")


def test_facets_count_a_free_word_with_a_field_phrase(library):
    query = 'model abstract:"language model"'
    hits = library.search(query, limit=None).hits
    assert hits and all("language model" in h.paper.abstract for h in hits)
    facets = library.facets(query)
    years = Counter(str(h.paper.published.year) for h in hits)
    categories = Counter(h.paper.category for h in hits)
    assert dict(facets.years) == dict(years)
    assert dict(facets.categories) == dict(categories)
    assert dict(library.facets("model abstract:lang*").years) == dict(Counter(
        str(h.paper.published.year) for h in library.search("model abstract:lang*", limit=None).hits
    ))


@pytest.mark.parametrize("query", [
    'title:"unclosed \x1b]52;c;SGVsbG8=\x07 and \x1b[2J',
    "year:\x1b]0;title\x07",
    "status:\x9b31mred\nnext line",
    "(a OR b\u202e) c" + ")" * 2,
    "x" * 500 + ' "',
])
def test_error_messages_are_one_clean_line(library, query):
    with pytest.raises(QueryError) as raised:
        library.search(query)
    message = str(raised.value)
    assert_one_clean_line(message)
    if len(query) > 100:
        assert "…" in message and len(message) < 200


# the fuzzer ----------------------------------------------------------------------------

FIELD_JUNK = [
    "year:", "year:20", "year:2024..", "year:..", "year:2025..2020", "year:\"2024\"", "cat:::", "cat:", 'author:"',
    'author:"a', "title:(", "abstract:-", "org:*", "tag:", "list:\"\"", "status:maybe", "note:",
    "au:ti:x", "title:title:", "lang*", "l*", "*", "?", "a~3", "a~", "~", "-", "--", "- -", "NOT", "OR", "AND",
    "a OR", "OR a", "NOT)", "()", ")(", '"', '""', "tag:ml", 'list:"Reading list"', "status:unread", "cat:CL",
]
WORDS = ["model", "language", "graph", "lovelace", "deepmind", "vision", "the", "a", "ÄÖÜ", "模型", "🙂"]

atoms = st.one_of(
    st.sampled_from(FIELD_JUNK),
    st.sampled_from(WORDS),
    st.text(max_size=12),  # any unicode, control characters and surrogate-free junk included
    st.text(alphabet=st.characters(max_codepoint=0x9F), max_size=8),  # C0, DEL and C1 controls
)


@st.composite
def nested(draw):
    opener = draw(st.sampled_from(["(", "-(", "NOT (", "NOT ", "-", "( NOT "]))
    depth = draw(st.integers(0, 400))
    closers = draw(st.integers(0, depth))
    return opener * depth + draw(atoms) + ")" * closers


VALID = [
    "model", 'abstract:"language model"', "abstract:lang*", "abstract:modle~", "title:graph", "author:lovelace",
    "tag:ml", 'list:"Reading list"', "status:unread", "-vision", "NOT graph", "year:2023", "year:2022..2023",
    "cat:CL", "org:deepmind", "(graph OR vision)", '"graph network"', "netw*", "protien~2",
]
valid_queries = st.lists(st.sampled_from(VALID), min_size=1, max_size=5).flatmap(
    lambda parts: st.sampled_from([" ", " OR ", " AND "]).map(lambda glue: glue.join(parts))
)

queries = st.one_of(
    valid_queries,
    st.lists(atoms, max_size=12).map(" ".join),
    st.lists(atoms, max_size=12).map("".join),
    nested(),
    st.builds(lambda word, n: (word + " ") * n, st.sampled_from(WORDS + FIELD_JUNK), st.integers(0, 800)),
)


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None)
@given(query=queries)
def test_fuzzed_queries_fail_only_with_a_query_error(library, query):
    run_both(library, query)


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None)
@given(query=st.text(max_size=3000))
def test_arbitrary_text_fails_only_with_a_query_error(library, query):
    run_both(library, query)


@pytest.mark.slow
@settings(max_examples=EXAMPLES // 2, deadline=None)
@given(query=valid_queries)
def test_facets_count_what_the_search_finds(library, query):
    hits = library.search(query, limit=None).hits
    facets = library.facets(query)
    assert dict(facets.years) == dict(Counter(str(h.paper.published.year) for h in hits))
    assert dict(facets.categories) == dict(Counter(h.paper.category for h in hits))
