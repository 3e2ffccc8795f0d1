"""Facets for status and authors, and the papers without a year, category or organisation
(`year:none`, `cat:none`, `org:none` in the query language)."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest

from reader.library import Library
from reader.search import facets as facet_counts
from reader.search.syntax import Missing, Word, parse


@pytest.fixture
def library(seeds_library, tmp_path):
    """A library of its own (the seeds' index copied), so the statuses set here stay here."""
    shutil.copytree(seeds_library.data_dir / "index", tmp_path / "own" / "index")
    library = Library.open(tmp_path / "own")
    yield library
    library.close()


@pytest.mark.parametrize("query, node", [
    ("year:none", Missing("year")), ("cat:NONE", Missing("cat")), ("org:none", Missing("org")),
    ("title:none", Word("title", "none")), ("none", Word(None, "none")),
])
def test_none_asks_for_papers_without_a_value(query, node):
    assert parse(query) == node


def test_none_filters_find_exactly_the_papers_without_a_value(seeds_library):
    papers = list(seeds_library.papers())
    without = {
        "year": {p.id for p in papers if not p.year},
        "cat": {p.id for p in papers if not p.category},
        "org": {p.id for p in papers if not p.orgs},
    }
    for field, ids in without.items():
        assert ids, field  # the seeds have papers without each
        assert {h.paper.id for h in seeds_library.search(f"{field}:none", limit=None).hits} == ids
        found = {h.paper.id for h in seeds_library.search(f"-{field}:none", limit=None).hits}
        assert found == {p.id for p in papers} - ids
    within = {h.paper.id for h in seeds_library.search("language year:none", limit=None).hits}
    assert within == {h.paper.id for h in seeds_library.search("language", limit=None).hits} & without["year"]


@pytest.mark.parametrize("query", ["", "language"])
def test_facets_count_the_papers_without_a_value(seeds_library, query):
    facets = seeds_library.facets(query)
    for field in ("year", "cat", "org"):
        assert dict(facets.unknown)[field] == seeds_library.search(f"{query} {field}:none".strip()).total


def test_facets_count_authors_as_the_author_filter_finds_them(seeds_library):
    facets = seeds_library.facets("language")
    found = [h.paper for h in seeds_library.search("language", limit=None).hits]
    expected = Counter(name for paper in found for name in set(paper.authors))
    assert facets.sampled == ()  # every paper found was counted
    assert facets.authors[0][1] == max(expected.values())
    for name, count in facets.authors[:5]:
        assert expected[name] == count
        query = facet_counts.filter_text("author", name)
        assert query == f'author:"{name}"'
        assert seeds_library.search(f"language {query}").total == count


def test_authors_are_counted_over_a_bounded_number_of_papers(seeds_library, monkeypatch):
    monkeypatch.setattr(facet_counts, "AUTHORS_READ", 10)
    facets = seeds_library.facets("")
    assert facets.sampled == (("authors", 10),)
    assert sum(count for _, count in facets.authors) <= sum(len(p.authors) for p in seeds_library.papers())


def test_facets_count_statuses_in_order(library):
    ids = [h.paper.id for h in library.search("language", limit=3).hits]
    library.cycle_status(ids)  # reading
    library.cycle_status(ids[:1])  # read
    facets = library.facets("language")
    total = library.search("language").total
    assert facets.statuses == (("unread", total - 3), ("reading", 2), ("read", 1))
    assert library.search("language status:reading").total == 2
