"""Browsing a reading list in its own order: `list:` searches, the sort cycle, paging, the CLI's sorts."""

from __future__ import annotations

import json
import shutil

import pytest

from reader.library import Library
from reader.search.list_order import in_force, list_of, next_sort, sorts_for
from tests.cli_birds import ids, listings, run  # noqa: F401  (fixtures)


@pytest.fixture
def library(seeds_library, tmp_path):
    """A library of its own over the seeds' index, so the lists written here stay here."""
    shutil.copytree(seeds_library.data_dir / "index", tmp_path / "data" / "index")
    library = Library.open(tmp_path / "data")
    yield library
    library.close()


@pytest.mark.parametrize(("query", "name"), [
    ('list:"To read"', "To read"),
    ('graph list:"To read"', "To read"),
    ('(list:"To read" graph) neural', "To read"),
    ('list:A list:B', "A"),
    ('-list:"To read" graph', None),
    ('list:"To read" OR tag:ml', None),
    ('graph neural', None),
    ('list:', None),  # cannot be read: no list
    ('', None),
])
def test_the_list_a_query_keeps_to(query, name):
    assert list_of(query) == name


def test_the_sort_cycle_starts_in_list_order_for_a_list_only():
    assert sorts_for('list:"To read"') == ("list", "relevance", "newest", "oldest", "title")
    assert sorts_for("graph") == ("relevance", "newest", "oldest", "title")
    assert in_force(None, 'list:"To read"') == "list" and in_force(None, "graph") == "relevance"
    assert in_force("newest", 'list:"To read"') == "newest"  # a sort chosen stays chosen
    assert in_force("list", "graph") == "relevance"  # list order means nothing without a list
    assert next_sort(None, 'list:"To read"') == "relevance"
    assert next_sort("title", 'list:"To read"') == "list"
    assert next_sort("title", "graph") == "relevance"


def test_a_list_search_in_list_order_follows_the_list_not_relevance(library):
    graph = [h.paper.id for h in library.search("graph", limit=6).hits]
    chosen = [graph[4], graph[0], graph[5], graph[2]]
    library.create_list("To read")
    library.list_add("To read", chosen)
    library.list_move("To read", graph[2], -3)  # to the top: graph[2], graph[4], graph[0], graph[5]
    expected = [graph[2], graph[4], graph[0], graph[5]]
    result = library.search('list:"To read"', limit=None, sort="list")
    assert [h.paper.id for h in result.hits] == expected and result.total == 4
    by_relevance = [h.paper.id for h in library.search('list:"To read" graph', limit=None).hits]
    assert by_relevance != expected  # the order is the list's, not what relevance gives
    assert [h.paper.id for h in library.search('list:"To read" graph', limit=None, sort="list").hits] == expected
    assert [h.paper.id for h in library.search('list:"To read"', limit=2, sort="list").hits] == expected[:2]
    assert [h.paper.id for h in library.page('list:"To read"', 1, 2, sort="list")] == expected[1:3]


def test_list_order_without_a_list_is_relevance(library):
    assert library.search("graph", limit=5, sort="list").hits == library.search("graph", limit=5).hits
    assert library.search('list:"No such list"', sort="list").total == 0
    assert [h.paper.id for h in library.search("", limit=3, sort="list").hits] == \
        [h.paper.id for h in library.search("", limit=3, sort="newest").hits]


def test_reader_search_lists_a_list_in_its_order_unless_sort_is_given(run, ids):
    assert run("list", "add", "Reading list", ids["ravens"], ids["owls"], ids["parrots"]).exit_code == 0
    listed = run("search", "--json", 'list:"Reading list"')
    assert [hit["id"] for hit in json.loads(listed.stdout)] == [ids["ravens"], ids["owls"], ids["parrots"]]
    assert "· list ·" in run("search", 'list:"Reading list"').stderr
    newest = run("search", "--json", "--sort", "newest", 'list:"Reading list"')
    assert [hit["id"] for hit in json.loads(newest.stdout)] == [ids["ravens"], ids["parrots"], ids["owls"]]
