"""`reader tag`, `reader untag` and `reader list add`: change one paper, several, or every paper a query
finds (`--query`), with `--dry-run` to see which papers would change first."""

from __future__ import annotations

import sys

import click

from reader.cli.common import EXIT_NOTHING, attempt, echo, echo_json, fail, json_option, open_library, output_width, paper_line
from reader.library import Library
from reader.store.names import list_name, plural, tag_names


def _query_option(what: str):
    return click.option("--query", "-q", default=None, help=f"{what} every paper this query finds (quote it).")


_DRY_RUN = click.option("--dry-run", is_flag=True, help="Print the count and the papers it would change; change nothing.")
_JSON = json_option("{query, matched, changed, papers, dry_run} and the tags or list")


def _matching(library: Library, query: str) -> list[str]:
    """The ids of every paper the query finds, best first."""
    return [hit.paper.id for hit in attempt(lambda: library.search(query, limit=None)).hits]


def _ids_and_tags(library: Library, words: tuple[str, ...], query: str | None, new: bool) -> tuple[list[str], list[str]]:
    """(paper ids, tag names): with --query every word is a tag, else the first word is the paper's id."""
    if query is None and len(words) < 2:
        command = "tag" if new else "untag"
        fail(f"give a paper id and a tag (`reader {command} ID TAG`), or --query and a tag "
             f"(`reader {command} --query Q TAG`)")
    tags = attempt(tag_names, list(words if query is not None else words[1:]), new)
    ids = _matching(library, query) if query is not None else attempt(library.full_ids, words[0])
    return ids, tags


def _target(query: str | None, ids: list[str]) -> str:
    return f" (of {len(ids)} matching “{query}”)" if query is not None else ""


def _report(library: Library, line: str, what: dict, ids: list[str], changing: list[str], changed: int,
            query: str | None, dry_run: bool, as_json: bool) -> None:
    """Say what changed (or would): the line and, on a dry run, the papers; or the documented JSON object.
    Exit 1 when a query finds nothing."""
    if as_json:
        echo_json({"query": query, "matched": len(ids), **what, "changed": changed, "papers": changing,
                   "dry_run": dry_run})
    if query is not None and not ids:
        echo(f"No papers match “{query}”.", err=True)
        sys.exit(EXIT_NOTHING)
    if as_json:
        return
    echo(line)
    if dry_run:
        papers = library.index.catalog.get(changing)
        width = output_width()
        for paper_id in changing:
            echo(paper_line(papers[paper_id], width) if paper_id in papers else paper_id)


def _tagging(ctx, words, query, dry_run, as_json, adding: bool) -> None:
    library = open_library(ctx)
    ids, tags = _ids_and_tags(library, words, query, new=adding)
    states = attempt(library.states_if_kept, ids)
    wanted = set(tags)
    changing = [i for i in ids if (wanted - set(states[i].tags) if adding else wanted & set(states[i].tags))]
    changed = len(changing)
    if not dry_run and ids:
        changed = attempt(library.tag if adding else library.untag, ids, tags)
    if query is None and not dry_run:  # one paper: said as it always was
        line = f"{'tagged' if adding else 'untagged'} {plural(changed, 'paper')}" if changed else (
            "already tagged: nothing changed" if adding else "not tagged so: nothing changed")
    else:
        papers, names = f"{plural(changed, 'paper')}{_target(query, ids)}", ", ".join(tags)
        if adding:
            line = f"{'would tag' if dry_run else 'tagged'} {papers} with {names}"
        else:
            line = f"{'would remove' if dry_run else 'removed'} {names} from {papers}"
    _report(library, line, {"tags": tags}, ids, changing, changed, query, dry_run, as_json)


@click.command(no_args_is_help=True)
@click.argument("words", nargs=-1, required=True, metavar="[ID] TAG...")
@_query_option("Tag")
@_DRY_RUN
@_JSON
@click.pass_context
def tag(ctx, words: tuple[str, ...], query: str | None, dry_run: bool, as_json: bool) -> None:
    """Tag a paper, or with --query every paper a query finds (TAG may hold several, comma-separated)."""
    _tagging(ctx, words, query, dry_run, as_json, adding=True)


@click.command(no_args_is_help=True)
@click.argument("words", nargs=-1, required=True, metavar="[ID] TAG...")
@_query_option("Untag")
@_DRY_RUN
@_JSON
@click.pass_context
def untag(ctx, words: tuple[str, ...], query: str | None, dry_run: bool, as_json: bool) -> None:
    """Remove tags from a paper, or with --query from every paper a query finds."""
    _tagging(ctx, words, query, dry_run, as_json, adding=False)


@click.command("add")
@click.argument("name")
@click.argument("paper_ids", nargs=-1)
@_query_option("Add")
@_DRY_RUN
@_JSON
@click.pass_context
def list_add(ctx, name: str, paper_ids: tuple[str, ...], query: str | None, dry_run: bool, as_json: bool) -> None:
    """Append papers to a list: the ids given, or with --query every paper a query finds."""
    if bool(paper_ids) == (query is not None):
        fail(f"give paper ids (`reader list add \"{name}\" ID...`) or --query Q, one of the two")
    library = open_library(ctx)
    ids = _matching(library, query) if query is not None else attempt(library.full_ids, paper_ids)
    name = attempt(list_name, name)
    on = set(attempt(library.list_ids, name))
    changing = [i for i in ids if i not in on]
    changed = attempt(library.list_add, name, ids) if ids and not dry_run else len(changing)
    if query is None and not dry_run:  # ids given: said as it always was
        line = f"added {plural(changed, 'paper')} to {name}" if changed else f"already on {name}: nothing changed"
    else:
        line = f"{'would add' if dry_run else 'added'} {plural(changed, 'paper')}{_target(query, ids)} to {name}"
    _report(library, line, {"list": name}, ids, changing, changed, query, dry_run, as_json)


COMMANDS = (tag, untag)
