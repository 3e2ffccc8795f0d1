"""`reader` commands for the user's own marks on papers: tags, reading lists, status and notes."""

from __future__ import annotations

import sys

import click

from reader.cli import bulk, links
from reader.cli.common import attempt, echo, echo_json, json_option, nothing, open_library, output_width, paper_line
from reader.cli.paper_state import read_states, state_json
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


def _said(as_json: bool, data: dict, line: str, none: str | None = None) -> None:
    """What a change did: `line`, or `data` as JSON; with `none` given and nothing changed, that on stderr and exit 1."""
    if none is not None and not data["changed"]:
        if as_json:
            echo_json(data)
        nothing(none)
    if as_json:
        echo_json(data)
    else:
        echo(line)


# tags ------------------------------------------------------------------------
@click.command()
@json_option("an array of {tag, papers}")
@click.pass_context
def tags(ctx, as_json: bool) -> None:
    """Every tag with its number of papers."""
    _counts(attempt(open_library(ctx).tags), "tag", as_json, "No tags yet: add one with `reader tag ID TAG`.")


@click.command("tag-rename")
@click.argument("old")
@click.argument("new")
@json_option("{old, new, changed}")
@click.pass_context
def tag_rename(ctx, old: str, new: str, as_json: bool) -> None:
    """Rename a tag on every paper (merging into NEW if it exists)."""
    count = attempt(open_library(ctx).rename_tag, old, new)
    _said(as_json, {"old": old, "new": new, "changed": count}, f"renamed the tag on {plural(count, 'paper')}",
          f"No paper has the tag “{old}”.")


@click.command("tag-delete")
@click.argument("name")
@json_option("{tag, changed}")
@click.pass_context
def tag_delete(ctx, name: str, as_json: bool) -> None:
    """Remove a tag from every paper."""
    count = attempt(open_library(ctx).delete_tag, name)
    _said(as_json, {"tag": name, "changed": count}, f"removed the tag from {plural(count, 'paper')}",
          f"No paper has the tag “{name}”.")


# reading lists -----------------------------------------------------------------
@click.command()
@json_option("an array of {list, papers}")
@click.pass_context
def lists(ctx, as_json: bool) -> None:
    """Every reading list with its number of papers."""
    found = attempt(open_library(ctx).lists)
    _counts(found, "list", as_json, "No reading lists: create one with `reader list create NAME`.")


@click.group("list")
def list_group() -> None:
    """Make and change reading lists: add, remove, show, create, rename, delete; link one to a file."""


list_group.add_command(bulk.list_add)
for command in links.COMMANDS:  # link, unlink, links: lists kept in files
    list_group.add_command(command)


@list_group.command("remove")
@click.argument("name")
@click.argument("paper_ids", nargs=-1, required=True)
@json_option("{list, changed}")
@click.pass_context
def list_remove(ctx, name: str, paper_ids: tuple[str, ...], as_json: bool) -> None:
    """Take papers off a list."""
    count = attempt(open_library(ctx).list_remove, name, list(paper_ids))
    line = f"removed {plural(count, 'paper')} from {name}" if count else f"not on {name}: nothing changed"
    _said(as_json, {"list": name, "changed": count}, line)


@list_group.command("show")
@click.argument("name")
@json_option("an array of papers with their state, in list order,")
@click.pass_context
def list_show(ctx, name: str, as_json: bool) -> None:
    """The papers of a list, in order."""
    library = open_library(ctx)
    ids = attempt(library.list_ids, name)
    papers = attempt(library.list_papers, name)
    if as_json:
        states = read_states(library, [p.id for p in papers])
        echo_json([{**p.to_json(), "state": state_json(states[p.id] if states is not None else None)} for p in papers])
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
@json_option("{list}")
@click.pass_context
def list_create(ctx, name: str, as_json: bool) -> None:
    """Create an empty list."""
    attempt(open_library(ctx).create_list, name)
    _said(as_json, {"list": name}, f"created {name}")


@list_group.command("rename")
@click.argument("old")
@click.argument("new")
@json_option("{old, new}")
@click.pass_context
def list_rename(ctx, old: str, new: str, as_json: bool) -> None:
    """Rename a list."""
    attempt(open_library(ctx).rename_list, old, new)
    _said(as_json, {"old": old, "new": new}, f"renamed {old} to {new}")


@list_group.command("delete")
@click.argument("name")
@json_option("{list, papers}")
@click.pass_context
def list_delete(ctx, name: str, as_json: bool) -> None:
    """Delete a list (its papers keep their tags, status and notes)."""
    count = attempt(open_library(ctx).delete_list, name)
    _said(as_json, {"list": name, "papers": count}, f"deleted {name} ({plural(count, 'paper')})")


# status and notes --------------------------------------------------------------
@click.command()
@click.argument("paper_id")
@click.argument("value", required=False, type=click.Choice(["unread", "reading", "read"], case_sensitive=False))
@json_option("{id, status, changed}")
@click.pass_context
def status(ctx, paper_id: str, value: str | None, as_json: bool) -> None:
    """Print a paper's status, or set it to unread, reading or read."""
    library = open_library(ctx)
    full = attempt(library.full_ids, paper_id)[0]
    if value is None:
        found = attempt(library.status, full)
        _said(as_json, {"id": full, "status": found, "changed": None}, found)
        return
    count = attempt(library.set_status, [full], value)
    line = f"marked {value.lower()}" if count else f"already {value.lower()}: nothing changed"
    _said(as_json, {"id": full, "status": value.lower(), "changed": count}, line)


@click.command()
@click.argument("paper_id")
@click.argument("text", nargs=-1)
@json_option("{id, note, changed}")
@click.pass_context
def note(ctx, paper_id: str, text: tuple[str, ...], as_json: bool) -> None:
    """Print a paper's note, or set it to TEXT (`-` reads it from stdin; "" removes it)."""
    library = open_library(ctx)
    full = attempt(library.full_ids, paper_id)[0]
    if not text:
        found = attempt(library.note, full)
        if as_json:
            echo_json({"id": full, "note": found, "changed": None})
        if not found:
            nothing(f"No note on {paper_id}: add one with `reader note {paper_id} TEXT`.")
        if not as_json:
            echo(found)
        return
    body = sys.stdin.read() if text == ("-",) else " ".join(text)
    changed = attempt(library.set_note, full, body)
    line = ("removed the note" if not body.strip() else "saved the note") if changed else "same note: nothing changed"
    _said(as_json, {"id": full, "note": attempt(library.note, full), "changed": changed}, line)


COMMANDS = (*bulk.COMMANDS, tags, tag_rename, tag_delete, lists, list_group, status, note)
