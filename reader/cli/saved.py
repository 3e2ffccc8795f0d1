"""`reader saved`: save a query (with its sort) under a name, list the saved searches with their
live counts, delete one; `reader search --saved NAME` runs one (see `saved_lookup`)."""

from __future__ import annotations

import click

from reader.cli.common import attempt, echo, echo_json, json_option, nothing, open_library
from reader.cli.search import QueryCommand
from reader.library import SORTS, Library, LibraryError
from reader.store.names import plural


def _shown(saved, papers: int | None = None) -> str:
    """One saved search as a line: `1  name  query  (sort)`, with its count when given."""
    count = "" if papers is None else f" · {plural(papers, 'paper')}"
    return f"{saved.position}  {saved.name}  {saved.query or '(every paper)'}  ({saved.sort}){count}"


@click.group("saved")
def saved_group() -> None:
    """Saved searches: add, list, delete; run one with `reader search --saved NAME`."""


@saved_group.command("add", cls=QueryCommand)
@click.argument("name")
@click.argument("query", nargs=-1)
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True,
              help="The order its results come in.")
@click.option("--replace", is_flag=True, help="Replace the saved search of that name (it keeps its place).")
@json_option("{position, name, query, sort, created, papers, replaced}")
@click.pass_context
def saved_add(ctx, name: str, query: tuple[str, ...], sort: str, replace: bool, as_json: bool) -> None:
    """Save QUERY (quote it, or give its words) under NAME, e.g. `reader saved add morning 'cat:CL -status:read'`."""
    library = open_library(ctx)
    existed = _exists(library, name)
    saved = attempt(library.save_search, name, " ".join(query), sort, replace)
    counted = library.count_saved(saved)
    if as_json:
        echo_json({**saved.to_json(), "papers": counted.papers, "replaced": existed})
    else:
        echo(f"{'replaced' if existed else 'saved'} {_shown(saved, counted.papers)}")


def _exists(library: Library, name: str) -> bool:
    try:
        library.store.saved_search(name)
    except LibraryError:
        return False
    return True


@saved_group.command("list")
@json_option("an array of {position, name, query, sort, created, papers, problem}")
@click.pass_context
def saved_list(ctx, as_json: bool) -> None:
    """Every saved search, in place order (keys 1-9 in the app), with the number of papers it finds now."""
    counted = attempt(open_library(ctx).saved_counts)
    if as_json:
        echo_json([entry.to_json() for entry in counted])
    else:
        for entry in counted:
            found = f"{entry.papers:>6,}" if entry.papers is not None else "     ?"
            problem = f"  ! {entry.problem}" if entry.problem else ""
            echo(f"{entry.saved.position:>2}  {found}  {entry.saved.name}  ·  "
                 f"{entry.saved.query or '(every paper)'}  ({entry.saved.sort}){problem}")
    if not counted:
        nothing("No saved searches: save one with `reader saved add NAME QUERY`.")


@saved_group.command("delete")
@click.argument("name")
@json_option("{position, name, query, sort, created} of the one deleted")
@click.pass_context
def saved_delete(ctx, name: str, as_json: bool) -> None:
    """Delete a saved search (by name, or by its place); the ones after it move up a place."""
    gone = attempt(open_library(ctx).delete_saved, name)
    if as_json:
        echo_json(gone.to_json())
    else:
        echo(f"deleted the saved search {_shown(gone)}")


COMMANDS = (saved_group,)
