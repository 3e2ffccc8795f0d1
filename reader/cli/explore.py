"""`reader similar`, `reader facets` and `reader open`: what the app does with `m`, `f` and `o`."""

from __future__ import annotations

import dataclasses
import sys
import webbrowser

import click

from reader.cli.common import EXIT_NOTHING, attempt, echo, echo_json, json_option, load_settings, open_library
from reader.cli.search import QueryCommand, print_hits
from reader.search.facets import Facets

SECTION_TITLES = {"categories": "categories", "years": "years", "orgs": "organisations", "tags": "tags",
                  "lists": "lists"}


@click.command()
@click.argument("paper_id")
@click.option("--limit", "-n", default=20, show_default=True, type=click.IntRange(min=1), help="Most papers to show.")
@json_option("an array of hits, as `reader search --json` prints them,")
@click.pass_context
def similar(ctx, paper_id: str, limit: int, as_json: bool) -> None:
    """Papers like this one (more-like-this over title and abstract), best first."""
    library = open_library(ctx)
    result = attempt(library.similar, paper_id, limit)
    print_hits(library, result.hits, as_json)
    if not result.hits:
        echo(f"No papers are like {paper_id}: its title and abstract share too few words with others.", err=True)
        sys.exit(EXIT_NOTHING)


def facets_json(query: str, matched: int, found: Facets) -> dict:
    """{query, matched, <section>: [{value, papers}]} for every section Facets counts (categories, years, orgs,
    tags, lists, and any it gains)."""
    sections = {field.name: getattr(found, field.name) for field in dataclasses.fields(found)}
    counts = {name: [{"value": str(v), "papers": n} for v, n in pairs] for name, pairs in sections.items()}
    return {"query": query, "matched": matched, **counts}


@click.command(cls=QueryCommand)
@click.argument("query", nargs=-1)
@click.option("--top", "-n", default=10, show_default=True, type=click.IntRange(min=1),
              help="Most values per section in the text (JSON has them all).")
@json_option("{query, matched, categories, years, orgs, tags, lists} (each an array of {value, papers})")
@click.pass_context
def facets(ctx, query: tuple[str, ...], top: int, as_json: bool) -> None:
    """How many papers QUERY finds (default: all) per category, year, organisation, tag and list."""
    library = open_library(ctx)
    text = " ".join(query)
    matched = attempt(library.search, text, 1).total
    data = facets_json(text, matched, attempt(library.facets, text))
    if as_json:
        echo_json(data)
    if not matched:
        echo(f"No papers match “{text}”.", err=True)
        sys.exit(EXIT_NOTHING)
    if as_json:
        return
    echo(f"{matched} papers")
    for name, pairs in data.items():
        if name in ("query", "matched") or not pairs:
            continue
        echo(SECTION_TITLES.get(name, name.replace("_", " ")))
        for pair in pairs[:top]:
            echo(f"  {pair['papers']:>5}  {pair['value']}")
        if len(pairs) > top:
            echo(f"  … {len(pairs) - top} more (--top {len(pairs)} shows them all)")


@click.command("open")
@click.argument("paper_id")
@click.option("--print", "just_print", is_flag=True, help="Print the address; do not open a browser.")
@json_option("{id, url, opened}")
@click.pass_context
def open_paper(ctx, paper_id: str, just_print: bool, as_json: bool) -> None:
    """Open a paper's page in the browser (its link, else the config's browser_url search); without a
    browser, print the address."""
    config = load_settings(ctx)
    library = open_library(ctx)
    full = attempt(library.resolve, paper_id)
    url = attempt(library.browser_url, full, config.browser_url)
    opened = False
    if not just_print:
        try:
            opened = bool(webbrowser.open(url))
        except (webbrowser.Error, OSError):  # a browser that fails to start: print the address
            opened = False
    if as_json:
        echo_json({"id": full, "url": url, "opened": opened})
    elif just_print or not opened:
        echo(url)
        if not just_print:
            echo("reader: note: no browser could open it; open the address above yourself", err=True)
    else:
        echo(f"opened {url}", err=True)


COMMANDS = (similar, facets, open_paper)
