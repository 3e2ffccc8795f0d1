"""`reader undo`, `reader redo` and `reader history`: the one history of changes that the app shares."""

from __future__ import annotations

from datetime import datetime, timezone

import click

from reader.cli.common import attempt, echo, echo_json, json_option, nothing, open_library
from reader.store.history import Entry

SHOWN = 20  # entries `reader history` lists unless told


def _iso(when: float) -> str:
    return datetime.fromtimestamp(when, timezone.utc).isoformat(timespec="seconds")


def entry_json(entry: Entry) -> dict:
    """An entry as `reader history --json` prints it."""
    return {**entry.to_json(), "at": _iso(entry.at)}


def entry_lines(entry: Entry) -> list[str]:
    """An entry as lines: number, local time, state, what it did; a text it set aside below it."""
    when = datetime.fromtimestamp(entry.at).strftime("%Y-%m-%d %H:%M:%S")
    state = entry.state if entry.undoable else "kept"
    lines = [f"{entry.seq:>6}  {when}  {state:<7}  {entry.what}"]
    for aside in entry.set_aside:
        text = " ".join(str(aside.get("text", "")).split())
        newer = "the imported note is newer" if aside.get("kept") == "imported" else "the note here is newer"
        lines.append(f"{'':>8}set aside: the note on {aside.get('paper')} ({newer}): "
                     f"{text[:200]}{'…' if len(text) > 200 else ''}")
    return lines


@click.command()
@click.argument("seq", required=False, type=click.IntRange(min=1))
@json_option("{undone}")
@click.pass_context
def undo(ctx, seq: int | None, as_json: bool) -> None:
    """Undo the newest change (made here, in the app or by another command), or change SEQ of `reader history`."""
    _step(ctx, as_json, "undone", "Nothing to undo.", lambda library: library.undo(seq))


@click.command()
@json_option("{redone}")
@click.pass_context
def redo(ctx, as_json: bool) -> None:
    """Do again the change undone most recently."""
    _step(ctx, as_json, "redone", "Nothing to redo.", lambda library: library.redo())


def _step(ctx, as_json: bool, done: str, none_left: str, act) -> None:
    """Undo or redo one change and say what it did (no store yet: nothing to do)."""
    library = open_library(ctx)
    said = attempt(act, library) if library.store_path.exists() else None
    if as_json:
        echo_json({done: said})
    if said is None:
        nothing(none_left)
    if not as_json:
        echo(f"{done}: {said}")


@click.command()
@click.option("-n", "--limit", type=click.IntRange(min=0), default=SHOWN, show_default=True,
              help="How many of the newest changes to list (0: all).")
@json_option("an array of {seq, at, what, undo, undoable, state} (with set_aside where a note lost),")
@click.pass_context
def history(ctx, limit: int, as_json: bool) -> None:
    """The newest changes to your tags, lists, status, notes and keys, by anyone: `reader undo SEQ` undoes one."""
    library = open_library(ctx)
    found = attempt(library.store.history, limit) if library.store_path.exists() else []
    if as_json:
        echo_json([entry_json(e) for e in found])
    else:
        for entry in found:
            for line in entry_lines(entry):
                echo(line)
    if not found:
        nothing("No changes yet: your first tag, list, status or note starts the history.")


COMMANDS = (undo, redo, history)
