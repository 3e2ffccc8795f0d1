"""`reader` with no command: open the full-screen app."""

from __future__ import annotations

import sys

from reader.cli.common import fail, permission_problem
from reader.config import load_config
from reader.library import Library


def missing_terminal() -> str | None:
    """'output' or 'input' when that side is not a terminal (the app needs both), else None."""
    if not sys.stdout.isatty():
        return "output"
    if not sys.stdin.isatty():
        return "input"
    return None


def run_app(options: dict) -> None:
    """Open the full-screen app; it opens the library itself, showing progress.
    Without a terminal on both sides it only says how to use reader (`reader > file` must not hang)."""
    missing = missing_terminal()
    if missing:
        fail(f"no command given and the {missing} is not a terminal; run `reader --help` for commands, "
             "or run reader in a terminal")
    from reader.app import create_app  # textual loads only here, so commands stay light

    config, _ = load_config(options.get("config"))  # the app shows the config's problems itself

    def open_library(progress) -> Library:
        try:
            library = Library.open(options["data_dir"], options["seeds"], progress,
                                   listings=config.listings, bundled=config.bundled)
            library.history_limit = config.history_limit
            return library
        except PermissionError as error:  # the app shows the message: name the file and what to do
            raise permission_problem(error) from error

    app = create_app(open_library, config_path=options.get("config"))
    app.run()
    if app.library is not None:
        app.library.close()
    if app.error:
        fail(app.error)
    if app.return_code:
        sys.exit(app.return_code)
