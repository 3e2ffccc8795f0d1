"""Searches in a process of their own answer exactly as the library does, and a dead process costs nothing."""

from __future__ import annotations

import shutil

import pytest

from reader.library import Library, QueryError
from tests.conftest import SEEDS

QUERIES = ["", "language models", "diffusion OR retrieval", "(la OR la*) -vision", "year:2024", "tag:keep"]


@pytest.fixture
def served(tmp_path):
    """A library over the seeds with a tag, searching in a process, and a second one searching itself."""
    folder = tmp_path / "listings"
    shutil.copytree(SEEDS, folder)
    library = Library.open(tmp_path / "data", [folder])
    library.tag([h.paper.id for h in library.search("language", limit=5).hits], "keep")
    local = Library.open(tmp_path / "data", [folder])
    assert library.use_search_process(from_papers=0)
    assert library._process.wait_ready(30), "the search process did not open the library"
    yield library, local
    library.close()
    local.close()


@pytest.mark.parametrize("sort", ["relevance", "newest", "title"])
def test_the_process_answers_as_the_library_does(served, sort):
    library, local = served
    for query in QUERIES:
        mine, theirs = library.search(query, limit=50, sort=sort), local.search(query, limit=50, sort=sort)
        assert (mine.total, mine.hits, mine.terms) == (theirs.total, theirs.hits, theirs.terms), query
        assert library.page(query, 10, 10, sort) == local.page(query, 10, 10, sort)
    assert library.facets("language") == local.facets("language")
    paper = local.search("diffusion").hits[0].paper
    assert library.similar(paper.id).hits == local.similar(paper.id).hits


def test_the_process_sees_state_changed_after_it_started(served):
    library, local = served
    paper = local.search("graph").hits[0].paper
    library.tag([paper.id], "later")
    assert [h.paper.id for h in library.search("tag:later").hits] == [paper.id]


def test_a_bad_query_raises_the_same_error(served):
    library, _ = served
    with pytest.raises(QueryError, match="closing"):
        library.search('"unclosed')


def test_a_dead_process_falls_back_to_searching_here(served):
    library, local = served
    process = library._process
    process._process.kill()
    process._process.wait(10)
    assert library.search("diffusion").hits == local.search("diffusion").hits
    assert library._process is None  # given up for good, not retried per search


def test_a_small_library_searches_itself(seeds_library):
    assert not seeds_library.use_search_process()  # a few hundred papers: a process would only cost
    assert seeds_library._process is None


def test_close_stops_the_process(tmp_path):
    library = Library.open(tmp_path / "data")
    library.use_search_process(from_papers=0)
    child = library._process._process
    library.close()
    assert child.poll() is not None


def test_a_process_that_cannot_open_the_index_says_why_and_is_dropped(tmp_path, seeds_library):
    from reader.search_process import SearchProcess

    failed = SearchProcess("reader.search_server", [str(tmp_path / "no-index-here")])
    assert not failed.wait_ready(30)
    assert "FileNotFoundError" in failed.gone  # the reason, for anyone debugging
    library = Library.open(seeds_library.data_dir)
    try:
        library._process = failed
        assert library.search("diffusion").total == seeds_library.search("diffusion").total
        assert library._process is None
    finally:
        library.close()


def test_a_process_that_cannot_start_leaves_searching_here(seeds_library, monkeypatch):
    import reader.library

    def refuse(*args):
        raise OSError("no processes on this system")

    monkeypatch.setattr(reader.library, "SearchProcess", refuse)
    assert not seeds_library.use_search_process(from_papers=0)
    assert seeds_library._process is None and seeds_library.search("diffusion").total > 0
