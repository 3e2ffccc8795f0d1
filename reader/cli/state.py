"""`reader` commands for the user's own marks on papers: tags, reading lists, status and notes."""

from __future__ import annotations

import sys

import click

from reader.cli.common import attempt, echo, echo_json, nothing, open_library, output_width, paper_line
from reader.store.names import plural


def _counts(found: list[tuple[str, int]], key: str, as_json: bool, empty: str) -> None:
    """Print names with their numbers of papers (a JSON array of {key, papers} with --json); exit 1 if none."""
    if as_json:
        echo_json([{key: name, "papers": n} for name, n in found])
    else:
        for name, count in found:
            echo(f"{count:>5}  {name}")
    if not found:
        nothing(empty)


# tags ------------------------------------------------------------------------
@click.command()
@click.argument("paper_id")
@click.argument("tags", nargs=-1, required=True)
@click.pass_context
def tag(ctx, paper_id: str, tags: tuple[str, ...]) -> None:
    """Tag a paper (TAG may hold several, comma-separated)."""
    count = attempt(open_library(ctx).tag, [paper_id], list(tags))
    echo(f"tagged {plural(count, 'paper')}" if count else "already tagged: nothing changed")


@click.command()
@click.argument("paper_id")
@click.argument("tags", nargs=-1, required=True)
@click.pass_context
def untag(ctx, paper_id: str, tags: tuple[str, ...]) -> None:
    """Remove tags from a paper."""
    count = attempt(open_library(ctx).untag, [paper_id], list(tags))
    echo(f"untagged {plural(count, 'paper')}" if count else "not tagged so: nothing changed")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of {tag, papers}.")
@click.pass_context
def tags(ctx, as_json: bool) -> None:
    """Every tag with its number of papers."""
    _counts(attempt(open_library(ctx).tags), "tag", as_json, "No tags yet: add one with `reader tag ID TAG`.")


@click.command("tag-rename")
@click.argument("old")
@click.argument("new")
@click.pass_context
def tag_rename(ctx, old: str, new: str) -> None:
    """Rename a tag on every paper (merging into NEW if it exists)."""
    count = attempt(open_library(ctx).rename_tag, old, new)
    if not count:
        nothing(f"No paper has the tag “{old}”.")
    echo(f"renamed the tag on {plural(count, 'paper')}")


@click.command("tag-delete")
@click.argument("name")
@click.pass_context
def tag_delete(ctx, name: str) -> None:
    """Remove a tag from every paper."""
    count = attempt(open_library(ctx).delete_tag, name)
    if not count:
        nothing(f"No paper has the tag “{name}”.")
    echo(f"removed the tag from {plural(count, 'paper')}")


# reading lists -----------------------------------------------------------------
@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of {list, papers}.")
@click.pass_context
def lists(ctx, as_json: bool) -> None:
    """Every reading list with its number of papers."""
    found = attempt(open_library(ctx).lists)
    _counts(found, "list", as_json, "No reading lists: create one with `reader list create NAME`.")


@click.group("list")
def list_group() -> None:
    """Make and change reading lists: add, remove, show, create, rename, delete."""


@list_group.command("add")
@click.argument("name")
@click.argument("paper_ids", nargs=-1, required=True)
@click.pass_context
def list_add(ctx, name: str, paper_ids: tuple[str, ...]) -> None:
    """Append papers to a list."""
    count = attempt(open_library(ctx).list_add, name, list(paper_ids))
    echo(f"added {plural(count, 'paper')} to {name}" if count else f"already on {name}: nothing changed")


@list_group.command("remove")
@click.argument("name")
@click.argument("paper_ids", nargs=-1, required=True)
@click.pass_context
def list_remove(ctx, name: str, paper_ids: tuple[str, ...]) -> None:
    """Take papers off a list."""
    count = attempt(open_library(ctx).list_remove, name, list(paper_ids))
    echo(f"removed {plural(count, 'paper')} from {name}" if count else f"not on {name}: nothing changed")


@list_group.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of papers, in list order.")
@click.pass_context
def list_show(ctx, name: str, as_json: bool) -> None:
    """The papers of a list, in order."""
    library = open_library(ctx)
    ids = attempt(library.list_ids, name)
    papers = attempt(library.list_papers, name)
    if as_json:
        echo_json([p.to_json() for p in papers])
    else:
        width = output_width()
        for paper in papers:
            echo(paper_line(paper, width))
    shown = {p.id for p in papers}
    missing = [i for i in ids if i not in shown]
    if missing:
        echo(f"{plural(len(missing), 'paper')} on this list left the listings: {' '.join(missing)}", err=True)
    if not ids:
        nothing(f"{name} is empty: add papers with `reader list add \"{name}\" ID...`.")


@list_group.command("create")
@click.argument("name")
@click.pass_context
def list_create(ctx, name: str) -> None:
    """Create an empty list."""
    attempt(open_library(ctx).create_list, name)
    echo(f"created {name}")


@list_group.command("rename")
@click.argument("old")
@click.argument("new")
@click.pass_context
def list_rename(ctx, old: str, new: str) -> None:
    """Rename a list."""
    attempt(open_library(ctx).rename_list, old, new)
    echo(f"renamed {old} to {new}")


@list_group.command("delete")
@click.argument("name")
@click.pass_context
def list_delete(ctx, name: str) -> None:
    """Delete a list (its papers keep their tags, status and notes)."""
    count = attempt(open_library(ctx).delete_list, name)
    echo(f"deleted {name} ({plural(count, 'paper')})")


# status and notes --------------------------------------------------------------
@click.command()
@click.argument("paper_id")
@click.argument("value", required=False, type=click.Choice(["unread", "reading", "read"], case_sensitive=False))
@click.pass_context
def status(ctx, paper_id: str, value: str | None) -> None:
    """Print a paper's status, or set it to unread, reading or read."""
    library = open_library(ctx)
    if value is None:
        echo(attempt(library.status, paper_id))
        return
    count = attempt(library.set_status, [paper_id], value)
    echo(f"marked {value.lower()}" if count else f"already {value.lower()}: nothing changed")


@click.command()
@click.argument("paper_id")
@click.argument("text", nargs=-1)
@click.pass_context
def note(ctx, paper_id: str, text: tuple[str, ...]) -> None:
    """Print a paper's note, or set it to TEXT (`-` reads it from stdin; "" removes it)."""
    library = open_library(ctx)
    if not text:
        found = attempt(library.note, paper_id)
        if not found:
            nothing(f"No note on {paper_id}: add one with `reader note {paper_id} TEXT`.")
        echo(found)
        return
    body = sys.stdin.read() if text == ("-",) else " ".join(text)
    changed = attempt(library.set_note, paper_id, body)
    echo(("removed the note" if not body.strip() else "saved the note") if changed else "same note: nothing changed")


COMMANDS = (tag, untag, tags, tag_rename, tag_delete, lists, list_group, status, note)
