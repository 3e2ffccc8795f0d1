"""`reader` with no command: open the full-screen app."""

from __future__ import annotations

import sys

from reader.cli.common import fail
from reader.config import load_config
from reader.library import Library


def run_app(options: dict) -> None:
    """Open the full-screen app; it opens the library itself, showing progress."""
    from reader.app import create_app  # textual loads only here, so commands stay light

    config, _ = load_config(options.get("config"))  # the app shows the config's problems itself
    app = create_app(lambda progress: Library.open(options["data_dir"], options["seeds"], progress,
                                                   listings=config.listings, bundled=config.bundled),
                     config_path=options.get("config"))
    app.run()
    if app.library is not None:
        app.library.close()
    if app.error:
        fail(app.error)
    if app.return_code:
        sys.exit(app.return_code)
