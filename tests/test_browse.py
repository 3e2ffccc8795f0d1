"""What the app asks of the Library besides search: pages, facet counts, similar papers."""

from __future__ import annotations

import pytest

from reader.library import Library, QueryError
from reader.search.facets import filter_text, with_filters


@pytest.mark.parametrize("query", ["", "language", "org:deepmind"])
@pytest.mark.parametrize("sort", ["relevance", "newest", "title"])
def test_pages_agree_with_one_big_search(seeds_library, query, sort):
    everything = seeds_library.search(query, limit=None, sort=sort).hits
    pieces = []
    for offset in range(0, len(everything) + 7, 7):
        pieces.extend(seeds_library.page(query, offset, 7, sort))
    assert [h.paper.id for h in pieces] == [h.paper.id for h in everything]
    assert [h.terms for h in pieces] == [h.terms for h in everything]


def test_facets_count_what_the_query_finds(seeds_library):
    facets = seeds_library.facets("language")
    hits = seeds_library.search("language", limit=None).hits
    for value, count in facets.categories:
        assert count == sum(1 for h in hits if (h.paper.category or "").rsplit(".", 1)[-1].upper() == value)
        assert count == seeds_library.search(f"language {filter_text('cat', value)}").total
    for value, count in facets.years:
        assert count == sum(1 for h in hits if h.paper.year == int(value))
    for value, count in facets.orgs:
        assert count == sum(1 for h in hits if value in (o.lower() for o in h.paper.orgs))
    assert [v for v, _ in facets.years] == sorted((v for v, _ in facets.years), reverse=True)
    counts = [c for _, c in facets.orgs]
    assert counts == sorted(counts, reverse=True)


def test_facets_of_everything_and_of_a_bad_query(seeds_library):
    everything = seeds_library.facets("")
    assert sum(c for _, c in everything.years) == sum(1 for p in seeds_library.papers() if p.published)
    with pytest.raises(QueryError):
        seeds_library.facets('"unclosed')


def test_filters_narrow_the_query_as_text():
    assert filter_text("cat", "CV") == "cat:CV"
    assert filter_text("org", "google research") == 'org:"google research"'
    assert filter_text("tag", "-draft") == 'tag:"-draft"'  # not a negation
    assert with_filters("a OR b", ["cat:CV", "year:2024"]) == "(a OR b) cat:CV year:2024"
    assert with_filters("  ", ["cat:CV"]) == "cat:CV"
    assert with_filters("x", []) == "x"


def test_similar_papers_share_words_and_exclude_the_paper(seeds_library):
    source = seeds_library.search("diffusion language", limit=1).hits[0].paper
    result = seeds_library.similar(source.id, limit=10)
    assert 0 < len(result.hits) <= 10 and result.total == len(result.hits)
    assert source.id not in {h.paper.id for h in result.hits}
    assert result.terms and all(h.terms <= result.terms for h in result.hits)
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)
    assert sum("diffusion" in (h.paper.title + h.paper.abstract).lower() for h in result.hits) >= 5


def test_a_facet_for_a_tag_that_starts_with_a_dash_filters(tmp_path):
    with Library.open(tmp_path / "data") as library:
        paper = library.search("diffusion").hits[0].paper
        library.tag([paper.id], "-draft")
        assert [h.paper.id for h in library.search(filter_text("tag", "-draft")).hits] == [paper.id]
