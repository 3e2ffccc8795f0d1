"""Facet counts from arrays give exactly what the straightforward count gives: the reference
below is the algorithm facets used before (Python sets of document numbers, each value's
postings walked), run over a library with several segments, deleted documents, tags,
lists and statuses."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import query as Q

from reader.library import Library
from reader.models import STATUSES, Paper
from reader.search import facet_columns
from reader.search import facets as facet_values
from reader.search.facet_counting import Counting, authors_of, warm_steps
from reader.search.facets import FIELDS, Facets
from tests.conftest import changed_library, write_dated
from tests.query_trees import query_trees

# The reference: the facets algorithm as it was --------------------------------------------


def reference_facets(library: Library, query: str) -> Facets:
    compiled, compiler = library._compile(query)
    tags = library._state_queries(compiler, "tag", library.tags())
    lists = library._state_queries(compiler, "list", library.lists())
    statuses = library._state_queries(compiler, "status", [(status, 0) for status in STATUSES])
    with library.index.reading() as searcher:
        matched = None if compiled is None else set(searcher.docs_for_query(compiled))
        found = _count(searcher.reader(), matched, 30, library.index.catalog.get)
        return replace(
            found,
            tags=_count_within(searcher, matched, tags),
            lists=_count_within(searcher, matched, lists),
            statuses=tuple(sorted(_count_within(searcher, matched, statuses),
                                  key=lambda pair: STATUSES.index(pair[0]))),
        )


def _count(reader, matched, top, papers_of) -> Facets:
    everything = matched if matched is not None else set(reader.all_doc_ids())
    found, unknown = {}, []
    for field in FIELDS:
        counts, valued = [], set()
        for value, token in facet_columns.value_terms(reader, field):
            ids = [d for d in reader.postings(field, token).all_ids() if d in everything]
            valued.update(ids)
            if ids:
                counts.append((value, len(ids)))
        if field == "year":
            counts.sort(key=lambda pair: pair[0], reverse=True)
        else:
            counts.sort(key=_most_first)
        found[field] = tuple(counts[:top])
        if len(everything) > len(valued):
            unknown.append((field, len(everything) - len(valued)))
    chosen = sorted(everything)[:facet_values.AUTHORS_READ]
    papers = papers_of([reader.stored_fields(d)["id"] for d in chosen]).values()
    counts = Counter(name for paper in papers for name in dict.fromkeys(" ".join(a.split()) for a in paper.authors)
                     if name)
    authors = tuple(sorted(counts.items(), key=_most_first)[:top])
    sampled = (("authors", len(chosen)),) if len(chosen) < len(everything) else ()
    return Facets(found["cat"], found["year"], found["org"], authors=authors, unknown=tuple(unknown), sampled=sampled)


def _count_within(searcher, matched, queries):
    counts = []
    for name, query in queries:
        docs = searcher.docs_for_query(query)
        n = sum(1 for _ in docs) if matched is None else sum(1 for d in docs if d in matched)
        if n:
            counts.append((name, n))
    return tuple(sorted(counts, key=_most_first))


def _most_first(pair):
    return -pair[1], pair[0]


# The library -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """Seeds plus a synthetic file that is then changed (two segments, deleted documents),
    with tags, lists and statuses, some on papers whose old copies were deleted."""
    record = ("LGMar 3, 2024", "Synthetic Language Study {n}Ada  Lovelace", "Language models for synthetic data {n}.")
    library = changed_library(tmp_path_factory.mktemp("facets"), "synthetic.txt",
                              [tuple(part.format(n=n) for part in record) for n in range(40)],
                              [tuple(part.format(n=n) for part in record) for n in range(20, 60)])
    ids = [h.paper.id for h in library.search("language", limit=40).hits]
    synthetic_ids = [h.paper.id for h in library.search("synthetic", limit=10).hits]
    library.tag(ids[::2], "keep")
    library.tag(ids[1:6] + synthetic_ids, "later")
    library.tag(synthetic_ids[:3], "zz")
    library.list_add("Reading list", ids[:7])
    library.create_list("Synthetic")
    library.list_add("Synthetic", synthetic_ids)
    library.set_status(ids[3:9], "read")
    library.set_status(ids[9:12] + synthetic_ids[:2], "reading")
    yield library
    library.close()


def test_the_fixture_has_segments_deletions_and_state(library):
    with library.index.reading() as searcher:
        reader = searcher.reader()
        assert reader.has_deletions()
        assert len(reader.leaf_readers()) > 1
    facets = library.facets("")
    assert facets.tags and facets.lists and len(facets.statuses) == 3 and facets.orgs and facets.unknown


QUERIES = [
    "", "language", "language models", "lang", "lang*", "la", "l", "diffusion", "retrieval OR rag",
    "lang* -vision", "attention year:2024", "author:chen", "synthetic", "org:google", "cat:cl", "cat:cs*",
    "year:none", "org:none", "cat:none", "-learning", "year:2020..2023", "tag:keep", "-tag:keep",
    "status:unread", "status:read models", 'list:"reading list"', "list:nosuch", "tag:zz OR tag:keep",
    '"language models"', "nothingmatcheszzz", "graph (neural OR network) -survey", "NOT model*",
]


@pytest.mark.parametrize("query", QUERIES)
def test_same_facets_as_the_reference(library, query):
    assert library.facets(query) == reference_facets(library, query)


@pytest.mark.parametrize("read", [1, 7, 40])
@pytest.mark.parametrize("query", ["", "language", "synthetic", "models -synthetic"])
def test_same_authors_sample_as_the_reference(library, monkeypatch, query, read):
    """With few papers read for authors, and again after other calls kept their authors."""
    monkeypatch.setattr(facet_values, "AUTHORS_READ", read)
    first = library.facets(query)
    assert first.sampled == reference_facets(library, query).sampled != ()
    assert first == reference_facets(library, query)
    library.facets("lang")
    assert library.facets(query) == first


WORDS = st.sampled_from(["language", "models", "data", "lang*", "mod*", "graph", "synthetic", "year:2024",
                         "cat:cl", '"language models"', "tag:keep", "tag:later", "learning", "title:study",
                         "year:none", "org:none", "status:reading", "status:unread", 'list:"synthetic"',
                         "author:lovelace", "org:google"])
QUERY_TREES = query_trees(WORDS, max_leaves=6)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=QUERY_TREES, read=st.sampled_from([3, 5_000]))
def test_any_query_gives_the_reference_facets(library, text, read):
    saved = facet_values.AUTHORS_READ
    facet_values.AUTHORS_READ = read
    try:
        assert library.facets(text) == reference_facets(library, text)
    finally:
        facet_values.AUTHORS_READ = saved


def test_a_query_shape_the_evaluator_does_not_know_is_matched_by_whoosh(library):
    query = Q.Not(Q.Term("content", "language"))
    with library.index.reading() as searcher:
        evaluator = library.index.evaluator()
        with pytest.raises(evaluator.Unsupported):
            evaluator.scores(query)
        counting = Counting(searcher, evaluator, query)
        assert set(np.flatnonzero(counting.matched).tolist()) == set(searcher.docs_for_query(query))
        assert counting.total > 0
        assert counting.within([("not", query)]) == (("not", counting.total),)


def test_columns_from_whoosh_alone_equal_those_from_the_stored_lists(library, monkeypatch):
    with library.index.reading() as searcher:
        reader = searcher.reader()
        stored = [facet_columns._build(reader, field, reader.doc_count_all()) for field in FIELDS]
        assert any(facet_columns.posting_cache.open_segment(leaf) for leaf, _ in reader.leaf_readers())
        monkeypatch.setattr(facet_columns.posting_cache, "open_segment", lambda leaf: None)
        for field, column in zip(FIELDS, stored):
            alone = facet_columns._build(reader, field, reader.doc_count_all())
            assert column.values == alone.values
            assert sorted(zip(column.docs.tolist(), column.codes.tolist())) == sorted(
                zip(alone.docs.tolist(), alone.codes.tolist()))
            assert np.array_equal(column.valued, alone.valued)


def test_a_change_to_the_library_is_counted_at_once(tmp_path):
    """Columns belong to one searcher: after an update the next facets see the new papers."""
    folder = tmp_path / "listings"
    folder.mkdir()
    listing = folder / "one.txt"
    record = ("LGMar 3, 2024", "Paper {n}Grace Hopper", "About compilers {n}.")
    write_dated(listing, [tuple(part.format(n=n) for part in record) for n in range(3)])
    with Library.open(tmp_path / "data", [folder]) as library:
        assert library.facets("compilers").authors == (("Grace Hopper", 3),)
        write_dated(listing, [tuple(part.format(n=n) for part in record) for n in range(5)])
        library.update()
        assert library.facets("compilers") == reference_facets(library, "compilers")
        assert library.facets("compilers").authors == (("Grace Hopper", 5),)


def test_authors_from_the_catalog_are_tidied_as_the_reference_tidies_them():
    papers = [
        Paper(id="a", title="A", authors=("Ada  Lovelace", " Ada Lovelace", "", "Grace\tHopper", "Ada Lovelace")),
        Paper(id="b", title="B", authors=()),
        Paper(id="c", title="C", authors=("Émile Borel",)),
    ]
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE papers (id TEXT PRIMARY KEY, data TEXT NOT NULL)")
    db.executemany("INSERT INTO papers VALUES (?, ?)", [(p.id, json.dumps(p.to_json())) for p in papers])
    db.execute("""INSERT INTO papers VALUES ('d', '{"id": "d", "title": "D"}'), ('e', '{"authors": 3}')""")
    found = authors_of(db, ["a", "b", "c", "d", "e", "missing"])  # d: no authors; e: not a list
    assert found == {"a": ("Ada Lovelace", "Grace Hopper"), "b": (), "c": ("Émile Borel",), "d": (), "e": ()}
    for paper in papers:
        assert found[paper.id] == tuple(name for name in dict.fromkeys(" ".join(a.split()) for a in paper.authors)
                                        if name)


@pytest.mark.parametrize("stored", [True, False])
def test_paper_ids_find_every_document_of_each_id(library, monkeypatch, stored):
    """From the stored lists' ids, or through Whoosh for segments without them (which may
    leave deleted documents out); the ids of re-indexed papers have a deleted document and a live one."""
    with library.index.reading() as searcher:
        reader = searcher.reader()
        if not stored:
            monkeypatch.setattr(facet_columns.posting_cache, "open_segment", lambda leaf: None)
        paper_ids = facet_columns.PaperIds(reader)
        assert (len(paper_ids.unstored) == 0) == stored
        every = [reader.stored_fields(d)["id"] for d in range(reader.doc_count_all())]
        twice = {i for i, n in Counter(every).items() if n > 1}
        assert twice  # re-indexed papers: their old documents are deleted
        live = set(reader.all_doc_ids())
        for ids in (frozenset(every[::3]), frozenset(twice), frozenset(["nosuchpaper", "", "x" * 80, every[0]])):
            expected = sorted(d for d, paper_id in enumerate(every) if paper_id in ids)
            found = paper_ids.documents(reader, ids).tolist()
            assert len(found) == len(set(found)) and set(found) <= set(expected)
            assert sorted(d for d in found if d in live) == [d for d in expected if d in live]


def test_warm_steps_read_the_first_papers_authors_ahead(library):
    with library.index.reading() as searcher:
        columns = facet_columns.of(searcher)
        columns.authors.clear()
    steps = list(warm_steps(library.index, papers=300, batch=100))
    assert len(steps) == 4  # the columns, then three batches
    live = np.flatnonzero(columns.live[:300]).tolist()
    assert sorted(columns.authors) == live
    assert any(columns.authors.values())
    for query in ("", "language", "synthetic"):
        assert library.facets(query) == reference_facets(library, query)


def test_when_too_many_authors_are_kept_the_first_papers_stay(library, monkeypatch):
    monkeypatch.setattr(facet_columns, "AUTHORS_KEPT", 50)
    with library.index.reading() as searcher:
        columns = facet_columns.of(searcher)
        columns.authors.clear()
    for query in ("", "language", "synthetic", "models -synthetic"):
        assert library.facets(query) == reference_facets(library, query)
        assert len(columns.authors) <= 50
    assert min(columns.authors) == 0  # "" read the first papers: they are kept
