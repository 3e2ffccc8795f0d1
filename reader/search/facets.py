"""Facet counts (categories, years, organisations, authors, and the user's tags, lists and
status) and facet filters as query text."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from reader.search.syntax import NONE

FIELDS = ("cat", "year", "org")
AUTHORS_READ = 5_000  # papers whose authors are counted, at most (each is read from the catalog)
_PLAIN_VALUE = re.compile(r"^\w[\w.\-]*$")  # a leading `-` would read as a negation


@dataclass(frozen=True)
class Facets:
    """Counts of papers per value, most first, for the papers a query finds."""

    categories: tuple[tuple[str, int], ...] = ()
    years: tuple[tuple[str, int], ...] = ()
    orgs: tuple[tuple[str, int], ...] = ()
    tags: tuple[tuple[str, int], ...] = ()
    lists: tuple[tuple[str, int], ...] = ()
    statuses: tuple[tuple[str, int], ...] = ()  # unread, reading, read (those with papers)
    authors: tuple[tuple[str, int], ...] = ()
    sampled: tuple[tuple[str, int], ...] = ()  # (section, papers it counted) when not all found: ("authors", 5000)
    unknown: tuple[tuple[str, int], ...] = ()  # (field, papers without a value), e.g. ("year", 366)


def missing_filter(field: str) -> str:
    """The query text that keeps papers without a value in `field`: `year:none`."""
    return f"{field}:{NONE}"


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


def count(reader, matched: set[int] | None, top: int = 30,
          papers_of: Callable[[list[str]], dict] | None = None) -> Facets:
    """Facet counts over the `matched` documents (None for all), with the papers that have no
    value per field; and, given `papers_of` (ids → papers), their authors."""
    everything = matched if matched is not None else set(reader.all_doc_ids())
    found, unknown = {}, []
    for field in FIELDS:
        counts, valued = [], set()
        for value, token in _value_terms(reader, field):
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
    authors, read = _authors(reader, everything, papers_of, top) if papers_of else ((), 0)
    sampled = (("authors", read),) if papers_of and read < len(everything) else ()
    return Facets(found["cat"], found["year"], found["org"], authors=authors, unknown=tuple(unknown), sampled=sampled)


def _authors(reader, docs: set[int], papers_of, top: int) -> tuple[tuple[tuple[str, int], ...], int]:
    """The most frequent authors of the first AUTHORS_READ of `docs`, and how many were read."""
    chosen = sorted(docs)[:AUTHORS_READ]
    papers = papers_of([reader.stored_fields(d)["id"] for d in chosen]).values()
    counts = Counter(name for paper in papers for name in dict.fromkeys(" ".join(a.split()) for a in paper.authors)
                     if name)
    return tuple(sorted(counts.items(), key=_most_first)[:top]), len(chosen)


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
