"""Search over the seeds: each query's hits checked against the papers themselves."""

from __future__ import annotations

import re

import pytest

from reader.ingest import normalise_title
from reader.library import QueryError
from reader.search.analysis import terms


def titles(result):
    return {h.paper.title for h in result.hits}


def where(library, predicate):
    return {p.title for p in library.papers() if predicate(p)}


def text_of(paper):
    return f"{paper.title} {paper.abstract}".lower()


def test_author_and_year_range(seeds_library):
    result = seeds_library.search("author:globerson year:2024..2025", limit=None)
    expected = where(
        seeds_library,
        lambda p: any("Globerson" in a for a in p.authors) and p.year in (2024, 2025),
    )
    assert expected and titles(result) == expected
    assert "Teaching Models to Improve on Tape" in expected


def test_free_words_must_all_match(seeds_library):
    result = seeds_library.search("speculative decoding", limit=None)
    expected = where(seeds_library, lambda p: "speculative" in text_of(p) and "decod" in text_of(p))
    assert titles(result) == expected and len(expected) >= 3


def test_phrase(seeds_library):
    result = seeds_library.search('"in-context learning"', limit=None)
    expected = where(seeds_library, lambda p: re.search(r"in[- ]context learning", text_of(p)))
    assert titles(result) == expected and len(expected) >= 10


def test_prefix(seeds_library):
    result = seeds_library.search("hallucinat*", limit=None)
    expected = where(seeds_library, lambda p: "hallucinat" in text_of(p))
    assert titles(result) == expected and expected


def test_fuzzy_term(seeds_library):
    result = seeds_library.search("inpaintng~", limit=None)
    expected = where(seeds_library, lambda p: "inpainting" in text_of(p))
    assert expected and expected <= titles(result)


def test_org(seeds_library):
    result = seeds_library.search("org:deepmind", limit=None)
    assert titles(result) == where(seeds_library, lambda p: "deepmind" in p.orgs)
    assert result.total == 11


def test_category(seeds_library):
    result = seeds_library.search("cat:CV", limit=None)
    assert titles(result) == where(seeds_library, lambda p: p.category == "CV")
    assert "Visual Prompting via Image Inpainting" in titles(result)


def test_accent_folding_and_title_field(seeds_library):
    assert len(seeds_library.search("schonlieb").hits) == 2
    assert titles(seeds_library.search("title:gemini")) == where(seeds_library, lambda p: "gemini" in p.title.lower())


def test_abstract_field_ignores_title_only_words(seeds_library):
    in_title_only = where(
        seeds_library, lambda p: "riddles" in p.title.lower() and "riddles" not in p.abstract.lower()
    )
    hits = titles(seeds_library.search("abstract:riddles", limit=None))
    assert hits == where(seeds_library, lambda p: "riddle" in p.abstract.lower())
    assert not (in_title_only & hits)


def test_or_and_not(seeds_library):
    either = titles(seeds_library.search("inpainting OR riddles", limit=None))
    assert either == titles(seeds_library.search("inpainting", limit=None)) | titles(seeds_library.search("riddles", limit=None))
    without = titles(seeds_library.search("diffusion -image", limit=None))
    words = lambda p: set(terms(" ".join([p.title, *p.authors, *p.orgs, p.abstract])))  # noqa: E731
    assert without == where(seeds_library, lambda p: "diffus" in words(p) and "imag" not in words(p))
    assert len(without) >= 5
    assert titles(seeds_library.search("diffusion NOT image", limit=None)) == without


def test_title_matches_rank_above_abstract_matches(seeds_library):
    hits = seeds_library.search("tokenization", limit=None).hits
    in_title = ["tokenization" in h.paper.title.lower() for h in hits]
    assert in_title[0] and in_title == sorted(in_title, reverse=True)


def test_hits_carry_matched_terms(seeds_library):
    hit = seeds_library.search("speculative decoding").hits[0]
    assert hit.terms == {"specul", "decod"}


def test_empty_query_lists_every_paper_newest_first(seeds_library):
    result = seeds_library.search("", limit=None)
    assert result.total == 426 and len(result.hits) == 426
    dates = [h.paper.published for h in result.hits]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True)
    assert dates.index(None) == len(dated)  # undated papers come last


@pytest.mark.parametrize("sort", ["newest", "oldest", "title"])
def test_sorts(seeds_library, sort):
    hits = seeds_library.search("language", sort=sort, limit=None).hits
    if sort == "title":
        keys = [normalise_title(h.paper.title) for h in hits]
        assert keys == sorted(keys) and keys[0] < keys[-1]
    else:
        dated = [h.paper.published for h in hits if h.paper.published]
        assert dated == sorted(dated, reverse=sort == "newest")
        assert hits[-1].paper.published is None


def test_no_hits_offers_a_spelling_suggestion(seeds_library):
    result = seeds_library.search("tranformers")
    assert result.total == 0 and result.suggestion == "transformers"
    assert seeds_library.search(result.suggestion).total > 0


def test_only_stop_words_act_like_the_empty_query(seeds_library):
    assert seeds_library.search("the").total == 426


@pytest.mark.parametrize(
    "query, hint",
    [
        ('"unclosed phrase', "closing"),
        ("foo:bar", "unknown field"),
        ("*e*", "trailing wildcards"),
        ("year:abc", "year:2024"),
        ("year:2025..2020", "backwards"),
        ("(graph OR tree", "unclosed “(”"),
        ("graph)", "unexpected"),
        ("title:", "needs a value"),
        ("attention year:", "e.g. year:2024"),
        ("a OR", "needs a word"),
        ("x~5", "1 or 2"),
    ],
)
def test_malformed_queries_raise_one_line_errors(seeds_library, query, hint):
    with pytest.raises(QueryError) as caught:
        seeds_library.search(query)
    message = str(caught.value)
    assert hint in message and "\n" not in message


def test_unknown_sort_is_a_query_error(seeds_library):
    with pytest.raises(QueryError):
        seeds_library.search("x", sort="random")


@pytest.mark.parametrize(
    "left, right", [("language", "diffusion"), ("retrieval", "rag"), ("reasoning", "graph"), ("model", "learning")]
)
def test_or_counts_every_paper_either_side_finds(seeds_library, left, right):
    # Whoosh's top-N collector used to prune OR branches by score and undercount.
    ids = {h.paper.id for side in (left, right) for h in seeds_library.search(side, limit=None).hits}
    result = seeds_library.search(f"{left} OR {right}", limit=5)
    assert result.total == len(ids)
    assert {h.paper.id for h in seeds_library.search(f"{left} OR {right}", limit=None).hits} == ids
