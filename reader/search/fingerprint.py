"""What a generation's files looked like when reader last wrote them, to notice damage on open.

Garbage written inside a Whoosh segment loses hits silently, and inside a catalog page it
shows only when a search reaches that page. So every build and update ends by recording the
size and modification time of each file; opening compares them (a few `stat` calls). A
changed Whoosh file means damage (segments are never rewritten in place); a changed catalog
may just be SQLite checkpointing its log, so it is checked with `PRAGMA quick_check` first.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

MANIFEST = "files.json"
CATALOG = "catalog.sqlite"


class Damaged(ValueError):
    """A generation's files are not the ones reader wrote."""


def _files(generation: Path) -> dict[str, list[int]]:
    found = {}
    for path in [generation / CATALOG, *sorted((generation / "whoosh").iterdir())]:
        if path.name.endswith("WRITELOCK"):  # Whoosh's lock file, touched by every writer
            continue
        stat = path.stat()
        found[path.relative_to(generation).as_posix()] = [stat.st_size, stat.st_mtime_ns]
    return found


def record(generation: Path, db: sqlite3.Connection) -> None:
    """Fold the catalog's log into it, then note every file's size and time (atomically), unless
    the note already says so (an open that changed nothing writes nothing)."""
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    found = _files(generation)
    try:
        if json.loads((generation / MANIFEST).read_text()) == found:
            return
    except (OSError, ValueError):
        pass  # no note yet, or a damaged one: write it
    temporary = generation / (MANIFEST + ".tmp")
    temporary.write_text(json.dumps(found))
    os.replace(temporary, generation / MANIFEST)


def verify(generation: Path, db: sqlite3.Connection) -> None:
    """Raise `Damaged` when a file differs from what `record` saw (a catalog that only moved
    on is accepted once SQLite finds it whole, and noted again when the folder is writable)."""
    try:
        expected = json.loads((generation / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise Damaged(f"its list of files is missing or unreadable ({error})") from None
    found = _files(generation)
    changed = sorted(name for name in expected.keys() | found.keys() if expected.get(name) != found.get(name))
    if not changed:
        return
    if changed != [CATALOG]:
        raise Damaged(f"{', '.join(name for name in changed if name != CATALOG) or CATALOG} changed since reader "
                      "wrote it")
    try:
        verdict = db.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise Damaged(f"its catalog is damaged ({error})") from None
    if verdict != "ok":
        raise Damaged(f"its catalog is damaged ({verdict})")
    if os.access(generation, os.W_OK):
        try:
            record(generation, db)
        except (OSError, sqlite3.Error):
            pass  # checked whole; noting it again only saves the next check
