"""Facet counts (categories, years, organisations, authors, and the user's tags, lists and
status) and facet filters as query text. `facet_counting` counts them."""

from __future__ import annotations

import re
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
