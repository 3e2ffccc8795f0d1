"""tag:, list:, status: and note: in the query language, alone and combined with the rest."""

from __future__ import annotations

import pytest

from reader.library import QueryError


@pytest.fixture
def marked(library, ids):
    library.tag([ids["owls"], ids["parrots"], ids["swans"]], "ml")
    library.tag([ids["ravens"]], "deep learning")
    library.create_list("To cite")
    library.list_add("Reading list", [ids["owls"], ids["ravens"]])
    library.list_add("To cite", [ids["swans"]])
    library.set_status([ids["owls"]], "read")
    library.set_status([ids["parrots"]], "reading")
    library.set_note(ids["parrots"], "Compare with Schönlieb's method, section 3.")
    library.set_note(ids["ravens"], "Method is weak")
    return library


def found(library, query: str) -> set[str]:
    result = library.search(query, limit=None)
    assert result.total == len(result.hits)
    return {h.paper.id for h in result.hits}


def named(ids, *words) -> set[str]:
    return {ids[w] for w in words}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("tag:ml", ("owls", "parrots", "swans")),
        ("tag:ML", ("owls", "parrots", "swans")),
        ('tag:"deep learning"', ("ravens",)),
        ("tag:nothing", ()),
        ('list:"Reading list"', ("owls", "ravens")),
        ('list:"reading list"', ("owls", "ravens")),
        ('list:"No such list"', ()),
        ("status:read", ("owls",)),
        ("status:reading", ("parrots",)),
        ("status:unread", ("ravens", "herons", "finches", "storks", "swans")),
        ("note:method", ("parrots", "ravens")),
        ("note:SCHONLIEB", ("parrots",)),
        ('note:"section 3"', ("parrots",)),
        ("note:meth", ()),
        ("tag:ml -status:read", ("parrots", "swans")),
        ("tag:ml NOT status:unread", ("owls", "parrots")),
        ("tag:ml OR list:\"To cite\" OR tag:\"deep learning\"", ("owls", "parrots", "swans", "ravens")),
        ("tag:ml year:2023", ("swans",)),
        ("tag:ml cat:CV", ("owls", "parrots")),
        ("tag:ml owls", ("owls",)),
        ("(tag:ml OR status:reading) -swans", ("owls", "parrots")),
        ("-tag:ml -status:unread", ()),
        ("status:unread author:silva", ("swans",)),
    ],
)
def test_state_fields(marked, ids, query, expected):
    assert found(marked, query) == named(ids, *expected)


def test_state_fields_page_and_facet_like_any_query(marked, ids):
    page = marked.page("tag:ml", 0, 2, sort="newest")
    assert [h.paper.id for h in page] == [ids["parrots"], ids["owls"]]
    assert marked.search("tag:ml", sort="title").total == 3


def test_search_follows_changes(marked, ids):
    assert found(marked, "tag:ml") == named(ids, "owls", "parrots", "swans")
    marked.untag([ids["swans"]], "ml")
    assert found(marked, "tag:ml") == named(ids, "owls", "parrots")
    marked.undo()
    assert ids["swans"] in found(marked, "tag:ml")


@pytest.mark.parametrize(
    "query, message",
    [
        ("status:done", "unknown status “done”: use status:unread, status:reading or status:read"),
        ("tag:", "“tag:” needs a value"),
        ('tag:"a,b"', "cannot be a tag"),
        ("tag:(a OR b)", "tag:( ) is not supported"),
    ],
)
def test_bad_state_queries_are_one_line(marked, query, message):
    with pytest.raises(QueryError) as raised:
        marked.search(query)
    assert message in str(raised.value) and "\n" not in str(raised.value)
