"""`reader` commands for the user's own state: tags, reading lists, status, notes, the store file."""

from __future__ import annotations

import json
import shutil
import sys
from datetime import datetime
from pathlib import Path

import click

from reader import paths
from reader.cli import EXIT_NOTHING, fail, open_library
from reader.files import write_atomically
from reader.library import Library, LibraryError, QueryError
from reader.models import Paper
from reader.store import files as store_files
from reader.store.names import plural
from reader.store.store import STORE_FILE, reset, restore_backup


def _attempt(action, *args):
    """Run a Library call; its errors become one line and exit 2."""
    try:
        return action(*args)
    except (LibraryError, QueryError) as error:
        fail(str(error))


def _paper_line(paper: Paper, width: int | None) -> str:
    head = f"{paper.id}  {paper.year or '----'}  {(paper.category or '-'):<5} "
    room = max(20, width - len(head)) if width else len(paper.title)
    return head + (paper.title if len(paper.title) <= room else paper.title[: room - 1] + "…")


def _nothing(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(EXIT_NOTHING)


def _counts(found: list[tuple[str, int]], key: str, as_json: bool, empty: str) -> None:
    """Print names with their numbers of papers (a JSON array of {key, papers} with --json); exit 1 if none."""
    if as_json:
        click.echo(json.dumps([{key: name, "papers": n} for name, n in found], ensure_ascii=False, indent=2))
    else:
        for name, count in found:
            click.echo(f"{count:>5}  {name}")
    if not found:
        _nothing(empty)


# tags ------------------------------------------------------------------------
@click.command()
@click.argument("paper_id")
@click.argument("tags", nargs=-1, required=True)
@click.pass_context
def tag(ctx, paper_id: str, tags: tuple[str, ...]) -> None:
    """Tag a paper (TAG may hold several, comma-separated)."""
    count = _attempt(open_library(ctx).tag, [paper_id], list(tags))
    click.echo(f"tagged {plural(count, 'paper')}" if count else "already tagged: nothing changed")


@click.command()
@click.argument("paper_id")
@click.argument("tags", nargs=-1, required=True)
@click.pass_context
def untag(ctx, paper_id: str, tags: tuple[str, ...]) -> None:
    """Remove tags from a paper."""
    count = _attempt(open_library(ctx).untag, [paper_id], list(tags))
    click.echo(f"untagged {plural(count, 'paper')}" if count else "not tagged so: nothing changed")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of {tag, papers}.")
@click.pass_context
def tags(ctx, as_json: bool) -> None:
    """Every tag with its number of papers."""
    _counts(_attempt(open_library(ctx).tags), "tag", as_json, "No tags yet: add one with `reader tag ID TAG`.")


@click.command("tag-rename")
@click.argument("old")
@click.argument("new")
@click.pass_context
def tag_rename(ctx, old: str, new: str) -> None:
    """Rename a tag on every paper (merging into NEW if it exists)."""
    count = _attempt(open_library(ctx).rename_tag, old, new)
    if not count:
        _nothing(f"No paper has the tag “{old}”.")
    click.echo(f"renamed the tag on {plural(count, 'paper')}")


@click.command("tag-delete")
@click.argument("name")
@click.pass_context
def tag_delete(ctx, name: str) -> None:
    """Remove a tag from every paper."""
    count = _attempt(open_library(ctx).delete_tag, name)
    if not count:
        _nothing(f"No paper has the tag “{name}”.")
    click.echo(f"removed the tag from {plural(count, 'paper')}")


# reading lists -----------------------------------------------------------------
@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of {list, papers}.")
@click.pass_context
def lists(ctx, as_json: bool) -> None:
    """Every reading list with its number of papers."""
    found = _attempt(open_library(ctx).lists)
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
    count = _attempt(open_library(ctx).list_add, name, list(paper_ids))
    click.echo(f"added {plural(count, 'paper')} to {name}" if count else f"already on {name}: nothing changed")


@list_group.command("remove")
@click.argument("name")
@click.argument("paper_ids", nargs=-1, required=True)
@click.pass_context
def list_remove(ctx, name: str, paper_ids: tuple[str, ...]) -> None:
    """Take papers off a list."""
    count = _attempt(open_library(ctx).list_remove, name, list(paper_ids))
    click.echo(f"removed {plural(count, 'paper')} from {name}" if count else f"not on {name}: nothing changed")


@list_group.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of papers, in list order.")
@click.pass_context
def list_show(ctx, name: str, as_json: bool) -> None:
    """The papers of a list, in order."""
    library = open_library(ctx)
    ids = _attempt(library.list_ids, name)
    papers = _attempt(library.list_papers, name)
    if as_json:
        click.echo(json.dumps([p.to_json() for p in papers], ensure_ascii=False, indent=2))
    else:
        width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
        for paper in papers:
            click.echo(_paper_line(paper, width))
    shown = {p.id for p in papers}
    missing = [i for i in ids if i not in shown]
    if missing:
        click.echo(f"{plural(len(missing), 'paper')} on this list left the listings: {' '.join(missing)}", err=True)
    if not ids:
        _nothing(f"{name} is empty: add papers with `reader list add \"{name}\" ID...`.")


@list_group.command("create")
@click.argument("name")
@click.pass_context
def list_create(ctx, name: str) -> None:
    """Create an empty list."""
    _attempt(open_library(ctx).create_list, name)
    click.echo(f"created {name}")


@list_group.command("rename")
@click.argument("old")
@click.argument("new")
@click.pass_context
def list_rename(ctx, old: str, new: str) -> None:
    """Rename a list."""
    _attempt(open_library(ctx).rename_list, old, new)
    click.echo(f"renamed {old} to {new}")


@list_group.command("delete")
@click.argument("name")
@click.pass_context
def list_delete(ctx, name: str) -> None:
    """Delete a list (its papers keep their tags, status and notes)."""
    count = _attempt(open_library(ctx).delete_list, name)
    click.echo(f"deleted {name} ({plural(count, 'paper')})")


# status and notes --------------------------------------------------------------
@click.command()
@click.argument("paper_id")
@click.argument("value", required=False, type=click.Choice(["unread", "reading", "read"], case_sensitive=False))
@click.pass_context
def status(ctx, paper_id: str, value: str | None) -> None:
    """Print a paper's status, or set it to unread, reading or read."""
    library = open_library(ctx)
    if value is None:
        click.echo(_attempt(library.status, paper_id))
        return
    count = _attempt(library.set_status, [paper_id], value)
    click.echo(f"marked {value.lower()}" if count else f"already {value.lower()}: nothing changed")


@click.command()
@click.argument("paper_id")
@click.argument("text", nargs=-1)
@click.pass_context
def note(ctx, paper_id: str, text: tuple[str, ...]) -> None:
    """Print a paper's note, or set it to TEXT (`-` reads it from stdin; "" removes it)."""
    library = open_library(ctx)
    if not text:
        found = _attempt(library.note, paper_id)
        if not found:
            _nothing(f"No note on {paper_id}: add one with `reader note {paper_id} TEXT`.")
        click.echo(found)
        return
    body = sys.stdin.read() if text == ("-",) else " ".join(text)
    changed = _attempt(library.set_note, paper_id, body)
    click.echo(("removed the note" if not body.strip() else "saved the note") if changed else "same note: nothing changed")


# all state as a file -----------------------------------------------------------
@click.group("state")
def state_group() -> None:
    """Export or import all your tags, lists, status, notes and citation keys as JSON."""


@state_group.command("export")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True))
@click.pass_context
def state_export(ctx, file: Path) -> None:
    """Write all user state to FILE (atomically; `-` for stdout)."""
    data = _attempt(open_library(ctx).export_state)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if str(file) == "-":
        click.echo(text, nl=False)
        return
    try:
        write_atomically(file, text)
    except OSError as error:
        fail(f"cannot write {file} ({error.strerror}): choose another path")
    click.echo(f"wrote the state of {plural(len(_papers_in(data)), 'paper')} to {file}", err=True)


def _papers_in(data: dict) -> set[str]:
    ids = {i for group in data["tags"].values() for i in group}
    ids |= {i for entry in data["lists"] for i in entry["papers"]}
    return ids | set(data["status"]) | set(data["notes"]) | set(data["citation_keys"])


@state_group.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True))
@click.pass_context
def state_import(ctx, file: Path) -> None:
    """Merge a state export into yours: adds, never removes or overwrites."""
    try:
        text = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
        data = json.loads(text)
    except OSError as error:
        fail(f"cannot read {file} ({error.strerror}): check the path")
    except (ValueError, UnicodeDecodeError) as error:
        fail(f"{file} is not JSON ({error}): give a file made by `reader state export`")
    summary = _attempt(open_library(ctx).import_state, data)
    click.echo("imported: " + ", ".join(f"{n} {what}" for what, n in summary.items()))


# the store file ----------------------------------------------------------------
@click.group("store")
def store_group() -> None:
    """Look after the store file: back it up, restore a backup, or start fresh."""


def _store_path(ctx) -> Path:
    """The store file, found without opening the library (restore and reset must work on a broken one)."""
    return paths.data_dir(ctx.find_root().obj["data_dir"]) / STORE_FILE


@store_group.command("backup")
@click.pass_context
def store_backup(ctx) -> None:
    """Copy the store (SQLite's backup API) to state.sqlite3.bak-v<N>-<time>."""
    library = open_library(ctx)
    click.echo(f"backed up to {_attempt(lambda: library.store.backup())}")


@store_group.command("restore")
@click.argument("backup", required=False, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.pass_context
def store_restore(ctx, backup: Path | None) -> None:
    """Replace the store by BACKUP (default: the newest); the old file is moved aside, not deleted."""
    used, moved = _attempt(restore_backup, _store_path(ctx), backup)
    aside = f"; the old file is now {moved}" if moved else ""
    click.echo(f"restored {used}{aside}")


@store_group.command("reset")
@click.option("--force", is_flag=True, help="Start fresh even though the store is healthy.")
@click.pass_context
def store_reset(ctx, force: bool) -> None:
    """Start a fresh store, moving the old file aside as state.sqlite3.corrupt-<time>."""
    moved = _attempt(reset, _store_path(ctx), force)
    click.echo(f"moved the old store to {moved}; a fresh one is made on next use")


def store_report(library: Library) -> list[str]:
    """The store section of `reader doctor`."""
    path = library.store_path
    backup = store_files.latest_backup(path)
    when = datetime.fromtimestamp(backup.stat().st_mtime).isoformat(sep=" ", timespec="seconds") if backup else ""
    last = f"  last backup   {backup} ({when})" if backup else "  last backup   none"
    if not path.exists():
        return ["store", f"  file          {path} (not made yet: your first tag, list, status or note makes it)", last]
    try:
        counts = library.store.counts()
        version = library.store.version
        orphans = library.orphans()
    except LibraryError as error:
        return ["store", f"  file          {path}", f"  problem       {error}", last]
    return [
        "store",
        f"  file          {path}",
        f"  schema        v{version}",
        f"  tags          {counts['tags']} on {plural(counts['tagged papers'], 'paper')}",
        f"  lists         {counts['lists']} ({plural(counts['list entries'], 'entry', 'entries')})",
        f"  status        {counts['reading']} reading, {counts['read']} read",
        f"  notes         {counts['notes']}",
        f"  citation keys {counts['citation keys']}",
        f"  orphaned      {len(orphans)}" + (f" (kept; not in the listings now): {' '.join(orphans)}" if orphans else ""),
        last,
    ]


COMMANDS = (tag, untag, tags, tag_rename, tag_delete, lists, list_group, status, note, state_group, store_group)


def register(group: click.Group) -> None:
    """Add these commands to the `reader` group."""
    for command in COMMANDS:
        group.add_command(command)
