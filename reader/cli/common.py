"""What every `reader` command shares: exit codes, one-line failures, opening the library, output helpers."""

from __future__ import annotations

import json
import shutil
import sys

import click

from reader.config import Config, load_config
from reader.library import Library, LibraryError, QueryError
from reader.models import Paper

EXIT_OK, EXIT_NOTHING, EXIT_USAGE = 0, 1, 2


def fail(message: str, code: int = EXIT_USAGE) -> None:
    """One line on stderr, then exit."""
    click.echo(f"reader: {message}", err=True)
    sys.exit(code)


def nothing(message: str) -> None:
    """Say on stderr that there was nothing to show, then exit 1."""
    click.echo(message, err=True)
    sys.exit(EXIT_NOTHING)


def attempt(action, *args):
    """Run a Library call; its errors become one line and exit 2."""
    try:
        return action(*args)
    except (LibraryError, QueryError) as error:
        fail(str(error))


def progress(stage: str, done: int, total: int) -> None:
    """Progress on stderr, only when it is a terminal."""
    if sys.stderr.isatty():
        end = "\n" if done >= total else ""
        click.echo(f"\r{stage} {done}/{total}", err=True, nl=False)
        click.echo(end, err=True, nl=False)


def open_library(ctx: click.Context, rebuild: bool = False) -> Library:
    """Open the Library from the global options, turning its errors into one-line messages."""
    options = ctx.find_root().obj
    try:
        library = Library.open(options["data_dir"], options["seeds"], progress, rebuild=rebuild)
    except (LibraryError, TimeoutError) as error:
        fail(str(error))
    except PermissionError as error:
        fail(f"permission denied: {error.filename}: check the file's permissions or choose another --data-dir")
    ctx.call_on_close(library.close)
    return library


def load_settings(ctx: click.Context) -> Config:
    """The config from `--config`/READER_CONFIG/the platform dir; each problem one line on stderr."""
    options = ctx.find_root().obj or {}
    config, warnings = load_config(options.get("config"))
    for warning in warnings:
        click.echo(f"reader: warning: {warning}", err=True)
    return config


def echo_json(data) -> None:
    """Print data as indented JSON (non-ASCII kept, control characters escaped by json)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def output_width() -> int | None:
    """The terminal's width when stdout is one, else None (a pipe gets whole lines)."""
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


def fit(text: str, room: int | None) -> str:
    """The text cut to `room` characters with an ellipsis (all of it when room is None)."""
    return text if room is None or len(text) <= room else text[: room - 1] + "…"


def paper_line(paper: Paper, width: int | None, author: str = "") -> str:
    """One paper as `id  year  category title[  — author]`, the title cut to the width."""
    head = f"{paper.id}  {paper.year or '----'}  {(paper.category or '-'):<5} "
    tail = f"  — {author}" if author else ""
    return f"{head}{fit(paper.title, max(20, width - len(head) - len(tail)) if width else None)}{tail}"
