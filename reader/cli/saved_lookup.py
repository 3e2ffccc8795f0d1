"""`reader search --saved NAME`: the saved search's query and sort (apart from `saved`, which
builds on `search`'s QueryCommand, so that the two never import each other)."""

from __future__ import annotations

import click

from reader.cli.common import attempt
from reader.library import Library
from reader.search.facets import with_filters


def saved_query_and_sort(ctx: click.Context, library: Library, name: str, words: str, sort: str) -> tuple[str, str]:
    """The saved query (by name or place) narrowed by any words, and its sort unless `--sort` was given."""
    saved = attempt(library.saved_search, name)
    if ctx.get_parameter_source("sort") is click.core.ParameterSource.DEFAULT:
        sort = saved.sort
    return (with_filters(saved.query, [words]) if words.strip() else saved.query), sort
