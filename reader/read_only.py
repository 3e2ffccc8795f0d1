"""Reading a data dir, index or store that reader may not write: the check, the note, the error,
and a SQLite connection that never writes."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from reader.models import LibraryError

MAKE_WRITABLE = "make it writable with chmod u+w, or use another --data-dir"


class ReadOnly(LibraryError):
    """A change asked of a folder or file that cannot be written."""


def can_write(path: Path) -> bool:
    """Whether files can be made, replaced and deleted in folder `path` (or `path` written, for a file)."""
    mode = os.W_OK | os.X_OK if path.is_dir() else os.W_OK
    return os.access(path, mode)


def cannot_rebuild(index_dir: Path) -> ReadOnly:
    return ReadOnly(f"the index {index_dir} is read-only: it cannot be rebuilt ({MAKE_WRITABLE})")


def cannot_open(index_dir: Path, error: Exception) -> ReadOnly:
    return ReadOnly(f"the index {index_dir} is read-only and cannot be opened ({type(error).__name__}: {error}), "
                    f"so it cannot be rebuilt either ({MAKE_WRITABLE})")


def note(data_dir: Path, index_dir: Path, store: Path) -> str | None:
    """The one-line note that edits or index updates are off, or None when everything can be written.
    Edits are off when the store or its folder (the data dir) is read-only, updates when the index is."""
    folder_locked = not can_write(data_dir)
    edits_off = folder_locked or (store.exists() and os.access(store, os.R_OK) and not can_write(store))
    updates_off = index_dir.is_dir() and not can_write(index_dir)
    if not (edits_off or updates_off):
        return None
    if folder_locked:
        subject = f"the data dir {data_dir} is"
    else:
        named = [f"the index {index_dir}"] * updates_off + [f"the store {store}"] * edits_off
        subject = " and ".join(named) + (" are" if len(named) > 1 else " is")
    off = " and ".join(["edits"] * edits_off + ["index updates"] * updates_off)
    return f"{subject} read-only: searching works, {off} are off ({MAKE_WRITABLE})"


def connect(path: Path, timeout: float = 5.0) -> sqlite3.Connection:
    """A connection that only reads `path`. SQLite reads a WAL database only when it can open or
    make the `-shm` file beside it; in a read-only folder without one the file is opened as
    immutable (SQLite then assumes nobody writes it, which nobody can)."""
    try:
        return _opened(path, "mode=ro", timeout)
    except sqlite3.OperationalError as error:
        if "locked" in str(error):
            raise
        return _opened(path, "mode=ro&immutable=1", timeout)


def _opened(path: Path, options: str, timeout: float) -> sqlite3.Connection:
    db = sqlite3.connect(f"file:{path}?{options}", uri=True, isolation_level=None,
                         check_same_thread=False, timeout=timeout)
    try:
        db.execute("PRAGMA schema_version").fetchone()  # SQLite opens lazily: fail here, not later
    except BaseException:
        db.close()
        raise
    return db
