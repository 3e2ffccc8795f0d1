"""The search process's entry point: serve a read-only Library over the pipe it was given.

Run as `python -m reader.search_server FD DATA_DIR [LISTING_FOLDER...]` by
`reader.search_process.SearchProcess`. It opens the index as it is (it never scans the
listings or changes the index) and reads the user's store as any second `reader` would.
"""

from __future__ import annotations

import sys
from multiprocessing.connection import Connection

from reader.library import Library
from reader.search_process import serve


def main(argv: list[str]) -> None:
    serve(Connection(int(argv[1])), lambda: _prepared(Library.attach(argv[2], argv[3:])))


def _prepared(library: Library) -> Library:
    """The library, ready for its first search before the process says it is ready (until then
    the app searches itself, with its own evaluator made)."""
    library.prepare_search()
    return library


if __name__ == "__main__":
    main(sys.argv)
