"""What every `reader` command shares: exit codes, one-line failures, opening the library, output helpers."""

from __future__ import annotations

import json
import re
import shutil
import sys

import click

from reader.config import Config, load_config
from reader.library import Library, LibraryError, QueryError
from reader.library_intake import opening_notes
from reader.models import Paper
from reader.render import display_title
from reader.render import safe as terminal_safe

EXIT_OK, EXIT_NOTHING, EXIT_USAGE = 0, 1, 2

# What json.dumps(ensure_ascii=False) leaves raw but a terminal may obey: DEL, C1, bidi controls.
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def echo(text: str = "", err: bool = False, nl: bool = True) -> None:
    """Print human output; text from outside (titles, names, notes, queries) never reaches
    the terminal as control characters or escape sequences."""
    click.echo(terminal_safe(text), err=err, nl=nl)


def one_line(message: str) -> str:
    """A message for stderr: control characters removed, line breaks of echoed data made spaces."""
    return " ".join(terminal_safe(message).splitlines())


def fail(message: str, code: int = EXIT_USAGE) -> None:
    """One line on stderr, then exit."""
    click.echo(f"reader: {one_line(message)}", err=True)
    sys.exit(code)


def nothing(message: str) -> None:
    """Say in one line on stderr that there was nothing to show, then exit 1."""
    click.echo(one_line(message), err=True)
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


def permission_problem(error: PermissionError) -> LibraryError:
    """A file reader may not read or write (the index lock, the store, a listing) as a
    LibraryError that names it and says what to do; the CLI and the app show it as is."""
    return LibraryError(
        f"permission denied: {error.filename or error}: make it readable and writable by you "
        "(chmod u+rw, and u+rwx on its folder) or choose another --data-dir"
    )


def open_library(ctx: click.Context, rebuild: bool = False) -> Library:
    """Open the Library from the global options, turning its errors into one-line messages."""
    options = ctx.find_root().obj
    config = load_settings(ctx)
    try:
        library = Library.open(options["data_dir"], options["seeds"], progress, rebuild=rebuild,
                               listings=config.listings, bundled=config.bundled)
    except (LibraryError, TimeoutError) as error:
        fail(str(error))
    except PermissionError as error:
        fail(str(permission_problem(error)))
    ctx.call_on_close(library.close)
    library.history_limit = config.history_limit
    ctx.call_on_close(lambda: _say_link_notices(library))  # runs first: the last registered runs first
    for line in opening_notes(library):
        echo(f"reader: note: {line}", err=True)
    return library


def _say_link_notices(library: Library) -> None:
    """Say on stderr which linked list files a command's changes could not write, and why."""
    for line in library.take_link_notices():
        echo(f"reader: warning: {line}", err=True)


def load_settings(ctx: click.Context) -> Config:
    """The config from `--config`/READER_CONFIG/the platform dir; each problem one line on stderr."""
    options = ctx.find_root().obj
    if options is None:
        options = ctx.find_root().obj = {}
    if "_config" not in options:  # read once a run, so each problem is said once
        config, warnings = load_config(options.get("config"))
        for warning in warnings:
            echo(f"reader: warning: {warning}", err=True)
        options["_config"] = config
    return options["_config"]


def json_text(data) -> str:
    """Data as indented JSON: non-ASCII kept as is, every control character escaped
    (json escapes C0 and ESC itself; DEL, C1 and bidi controls are escaped here)."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _RAW_IN_JSON.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def echo_json(data) -> None:
    """Print data as indented JSON (see json_text)."""
    click.echo(json_text(data))


def output_width() -> int | None:
    """The terminal's width when stdout is one, else None (a pipe gets whole lines)."""
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


def fit(text: str, room: int | None) -> str:
    """The text cut to `room` characters with an ellipsis (all of it when room is None)."""
    return text if room is None or len(text) <= room else text[: room - 1] + "…"


def paper_line(paper: Paper, width: int | None, author: str = "", extra: str = "", raw: bool = False) -> str:
    """One paper as `id  year  category title[  — author][  extra]`, the title cut to the width (terminal-safe)
    and its LaTeX rendered unless `raw`."""
    head = terminal_safe(f"{paper.id}  {paper.year or '----'}  {(paper.category or '-'):<5} ")
    tail = terminal_safe((f"  — {author}" if author else "") + (f"  {extra}" if extra else ""))
    title = terminal_safe(paper.title if raw else display_title(paper.title).text)
    return f"{head}{fit(title, max(20, width - len(head) - len(tail)) if width else None)}{tail}"


def json_option(what: str):
    """The `--json` flag of a command: print `what` as JSON, in the shape the README documents."""
    return click.option("--json", "as_json", is_flag=True, help=f"Print {what} as JSON (shapes: see the README).")
