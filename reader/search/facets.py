"""Facet counts (categories, years, organisations) and facet filters as query text."""

from __future__ import annotations

import re
from dataclasses import dataclass

FIELDS = ("cat", "year", "org")
_PLAIN_VALUE = re.compile(r"^\w[\w.\-]*$")  # a leading `-` would read as a negation


@dataclass(frozen=True)
class Facets:
    """Counts of papers per value, most first, for the papers a query finds."""

    categories: tuple[tuple[str, int], ...] = ()
    years: tuple[tuple[str, int], ...] = ()
    orgs: tuple[tuple[str, int], ...] = ()
    tags: tuple[tuple[str, int], ...] = ()
    lists: tuple[tuple[str, int], ...] = ()


def filter_text(field: str, value: str) -> str:
    """The query text that keeps papers with this facet value: `cat:CV`, `org:"two words"`."""
    value = value.strip()
    if not _PLAIN_VALUE.match(value):
        value = '"' + value.replace('"', "") + '"'
    return f"{field}:{value}"


def with_filters(query: str, filters: list[str] | tuple[str, ...]) -> str:
    """The user's query narrowed by filters: `(a OR b) cat:CV year:2024`."""
    query = query.strip()
    if not filters:
        return query
    narrowed = " ".join(filters)
    return f"({query}) {narrowed}" if query else narrowed


def _value_terms(reader, field: str):
    """(display value, term bytes) for every value of one facet field."""
    schema_field = reader.schema[field]
    if field == "year":
        for token in schema_field.sortable_terms(reader, field):
            yield str(schema_field.from_bytes(token)), token
        return
    for token in reader.lexicon(field):
        value = token.decode("utf-8")
        if field == "cat":
            if "." in value:  # `cs.cv` is also indexed as `cv`: count each paper once
                continue
            value = value.upper()
        yield value, token


def matching(searcher, query) -> set[int] | None:
    """The document numbers `query` matches (a Whoosh query; None, for every document, gives None)."""
    return None if query is None else set(searcher.docs_for_query(query))


def count(reader, matched: set[int] | None, top: int = 30) -> Facets:
    """Facet counts over the `matched` documents (None for all)."""
    found = {}
    for field in FIELDS:
        counts = []
        for value, token in _value_terms(reader, field):
            ids = reader.postings(field, token).all_ids()
            n = sum(1 for _ in ids) if matched is None else sum(1 for d in ids if d in matched)
            if n:
                counts.append((value, n))
        if field == "year":
            counts.sort(key=lambda pair: pair[0], reverse=True)
        else:
            counts.sort(key=_most_first)
        found[field] = tuple(counts[:top])
    return Facets(found["cat"], found["year"], found["org"])


def count_within(searcher, matched: set[int] | None, queries) -> tuple[tuple[str, int], ...]:
    """(name, matched documents that its query also matches) for (name, Whoosh query) pairs, most first."""
    counts = []
    for name, query in queries:
        docs = searcher.docs_for_query(query)
        n = sum(1 for _ in docs) if matched is None else sum(1 for d in docs if d in matched)
        if n:
            counts.append((name, n))
    return tuple(sorted(counts, key=_most_first))


def _most_first(pair: tuple[str, int]):
    return -pair[1], pair[0]
