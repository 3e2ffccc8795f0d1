"""`reader add` and `reader reattach`: bring pasted listings in, and move state to its paper."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from reader.cli.common import attempt, echo_json, fail, json_option, open_library, progress
from reader.store.names import plural


@click.command()
@click.argument("source", type=click.Path(path_type=Path, allow_dash=True))
@json_option("{file, format, papers, new, merged, saved, warnings}")
@click.pass_context
def add(ctx, source: Path, as_json: bool) -> None:
    """Copy a listing (FILE, or - for standard input) into the library's inbox and index it."""
    if str(source) == "-":
        data, name = sys.stdin.buffer.read(), "pasted.txt"
    else:
        try:
            data, name = source.read_bytes(), source.name
        except OSError as error:
            fail(f"cannot read {source} ({error.strerror}): check the path")
    library = open_library(ctx)
    intake = attempt(library.add, data, name, progress)
    if as_json:
        echo_json({"file": name, "format": intake.format, "papers": len(intake.papers), "new": intake.new,
                   "merged": intake.merged, "saved": str(intake.saved) if intake.saved else None,
                   "warnings": [str(w) for w in intake.warnings]})
        return
    click.echo(
        f"added {plural(len(intake.papers), 'paper')} from {name} ({intake.format}): {intake.new} new, "
        f"{intake.merged} merged with papers already in the library; saved as {intake.saved}"
    )
    for warning in intake.warnings:
        click.echo(f"warning: {warning}")
    click.echo(f"{plural(len(intake.warnings), 'warning')}")


@click.command()
@click.argument("old")
@click.argument("new")
@json_option("{from, to, moved}")
@click.pass_context
def reattach(ctx, old: str, new: str, as_json: bool) -> None:
    """Move the tags, lists, status, note and key kept for OLD (an orphaned id) to paper NEW."""
    library = open_library(ctx)
    moved = attempt(library.reattach, old, new)
    if as_json:
        echo_json({"from": old.strip().lower(), "to": library.resolve(new), "moved": moved})
        return
    click.echo(f"moved {plural(moved, 'piece')} of state from {old} to {library.resolve(new)}")


COMMANDS = (add, reattach)
