"""Sort orders as the user picks them, and browsing a reading list in its own order.

A query that keeps to one list (`list:"To read"`, alone or with other terms all must
match) is shown in the list's order unless another sort is chosen; the sort key then
cycles list order, relevance, newest, oldest, title. Other queries cycle the last four.
"""

from __future__ import annotations

from reader.search import syntax

LIST_ORDER = "list"
SORTS = ("relevance", "newest", "oldest", "title", LIST_ORDER)
NAMES = {"relevance": "relevance", "newest": "newest first", "oldest": "oldest first", "title": "title",
         LIST_ORDER: "list order"}


def _kept_to(tree) -> str | None:
    if isinstance(tree, syntax.State) and tree.field == "list":
        return tree.value
    if isinstance(tree, syntax.And):
        return next((name for child in tree.children if (name := _kept_to(child)) is not None), None)
    return None


def list_of(query: str) -> str | None:
    """The list every hit of `query` is on: its first `list:` term that is neither negated nor
    one side of an OR. None when there is none, or the query cannot be read."""
    try:
        return _kept_to(syntax.parse(query))
    except syntax.QueryError:
        return None


def sorts_for(query: str) -> tuple[str, ...]:
    """The sorts the sort key cycles through for `query`, its natural order first."""
    return (LIST_ORDER, *SORTS[:-1]) if list_of(query) is not None else SORTS[:-1]


def in_force(chosen: str | None, query: str) -> str:
    """The sort a search runs with: the chosen one (None: none chosen) if it applies to `query`,
    else the query's natural order (list order for a list, relevance otherwise)."""
    offered = sorts_for(query)
    return chosen if chosen in offered else offered[0]


def next_sort(chosen: str | None, query: str) -> str:
    """The sort after the one in force, in the cycle for `query`."""
    offered = sorts_for(query)
    return offered[(offered.index(in_force(chosen, query)) + 1) % len(offered)]
