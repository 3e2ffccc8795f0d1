"""`reader state` and `reader store`: all user state as a JSON file, and looking after the store file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from reader import paths
from reader.cli.common import attempt, echo, echo_json, fail, json_option, json_text, open_library
from reader.files import write_atomically
from reader.store.names import plural
from reader.store.store import STORE_FILE, reset, restore_backup


# all state as a file -----------------------------------------------------------
@click.group("state")
def state_group() -> None:
    """Export or import all your tags, lists, status, notes and citation keys as JSON."""


@state_group.command("export")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True))
@click.pass_context
def state_export(ctx, file: Path) -> None:
    """Write all user state to FILE (atomically; `-` for stdout)."""
    data = attempt(open_library(ctx).export_state)
    text = json_text(data) + "\n"
    if str(file) == "-":
        click.echo(text, nl=False)  # json_text escapes every control character
        return
    try:
        write_atomically(file, text)
    except OSError as error:
        fail(f"cannot write {file} ({error.strerror}): choose another path")
    echo(f"wrote the state of {plural(len(_papers_in(data)), 'paper')} to {file}", err=True)


def _papers_in(data: dict) -> set[str]:
    ids = {i for group in data["tags"].values() for i in group}
    ids |= {i for entry in data["lists"] for i in entry["papers"]}
    return ids | set(data["status"]) | set(data["notes"]) | set(data["citation_keys"])


@state_group.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True))
@json_option("{imported: {what: count}, warnings}")
@click.pass_context
def state_import(ctx, file: Path, as_json: bool) -> None:
    """Merge a state export into yours, by time: newer removals and notes win; nothing is lost (`reader history`)."""
    try:
        text = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
        data = json.loads(text)
    except OSError as error:
        fail(f"cannot read {file} ({error.strerror}): check the path")
    except (ValueError, UnicodeDecodeError) as error:
        fail(f"{file} is not JSON ({error}): give a file made by `reader state export`")
    summary = dict(attempt(open_library(ctx).import_state, data))
    warnings = summary.pop("warnings", [])
    if as_json:
        echo_json({"imported": summary, "warnings": [str(w) for w in warnings]})
        return
    echo("imported: " + ", ".join(f"{n} {what}" for what, n in summary.items()))
    if summary.get("note conflicts"):
        echo("of two different notes on a paper the newer was kept; the other is in `reader history`", err=True)
    for warning in warnings:  # one per value whose control characters were removed
        echo(f"reader: warning: {warning}", err=True)


# the store file ----------------------------------------------------------------
@click.group("store")
def store_group() -> None:
    """Look after the store file: back it up, restore a backup, or start fresh."""


def _store_path(ctx) -> Path:
    """The store file, found without opening the library (restore and reset must work on a broken one)."""
    return paths.data_dir(ctx.find_root().obj["data_dir"]) / STORE_FILE


@store_group.command("backup")
@json_option("{backup}")
@click.pass_context
def store_backup(ctx, as_json: bool) -> None:
    """Copy the store (SQLite's backup API) to state.sqlite3.bak-v<N>-<time>."""
    library = open_library(ctx)
    made = attempt(lambda: library.store.backup())
    echo_json({"backup": str(made)}) if as_json else echo(f"backed up to {made}")


@store_group.command("restore")
@click.argument("backup", required=False, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@json_option("{restored, moved_aside}")
@click.pass_context
def store_restore(ctx, backup: Path | None, as_json: bool) -> None:
    """Replace the store by BACKUP (default: the newest); the old file is moved aside, not deleted."""
    used, moved = attempt(restore_backup, _store_path(ctx), backup)
    if as_json:
        echo_json({"restored": str(used), "moved_aside": str(moved) if moved else None})
        return
    aside = f"; the old file is now {moved}" if moved else ""
    echo(f"restored {used}{aside}")


@store_group.command("reset")
@click.option("--force", is_flag=True, help="Start fresh even though the store is healthy.")
@json_option("{moved_aside}")
@click.pass_context
def store_reset(ctx, force: bool, as_json: bool) -> None:
    """Start a fresh store, moving the old file aside as state.sqlite3.corrupt-<time>."""
    moved = attempt(reset, _store_path(ctx), force)
    if as_json:
        echo_json({"moved_aside": str(moved)})
        return
    echo(f"moved the old store to {moved}; a fresh one is made on next use")


COMMANDS = (state_group, store_group)
