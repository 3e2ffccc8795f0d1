"""The Store: opens `state.sqlite3` safely (checks first, never altering a bad file) and joins the parts."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

from reader.store import connection, files
from reader.store.errors import StateError, StoreError
from reader.store.history import DEFAULT_LIMIT
from reader.store.history_actions import History
from reader.store.keys import Keys
from reader.store.lists import Lists
from reader.store.marks import Marks
from reader.store.moves import Moves
from reader.store.saved import Saved
from reader.store.schema import VERSION, migrate, refuse_newer, version_of
from reader.store.tags import Tags
from reader.store.transfer import Transfer
from reader.store.values import Change
from reader.store.views import Views

STORE_FILE = "state.sqlite3"
__all__ = ["STORE_FILE", "Change", "Store"]


_read_only = connection.read_only_error


def examine(path: Path, timeout: float | None = None, read_only: bool = False) -> int:
    """Check an existing store without changing it; its schema version, or StoreError saying what to do.

    A store that cannot be written is refused, unless `read_only` asks to read it as it is."""
    files.probe(path)
    if not read_only and not files.writable(path):
        raise _read_only(path)
    try:
        db = connection.connect(path, connection.BUSY_TIMEOUT if timeout is None else timeout, read_only=read_only)
    except sqlite3.Error as error:
        raise connection.translate(path, error) from None
    try:
        version = version_of(db)
        refuse_newer(path, version)
        if db.execute("PRAGMA quick_check(1)").fetchone()[0] != "ok":
            raise files.damaged(path, "is corrupt")
        return version
    except sqlite3.Error as error:
        raise connection.translate(path, error) from None
    finally:
        db.close()


def _create(path: Path) -> None:
    """Build a new store beside `path` and link it into place whole, so no half-made file is ever seen."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"cannot create {path.parent} ({error.strerror}): choose another --data-dir") from None
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise _read_only(path.parent)
    temporary = files.unfinished_name(path, os.getpid(), f"{threading.get_ident()}-{time.time_ns()}")
    try:
        db = connection.connect(temporary, create=True)
        try:
            db.execute("PRAGMA journal_mode = WAL")
            migrate(db, temporary)
        finally:
            db.close()
        try:
            os.link(temporary, path)  # fails if another process made it first: then theirs is used
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not path.exists():
                os.replace(temporary, path)
    except sqlite3.Error as error:
        raise connection.translate(path, error) from None
    except OSError as error:
        raise StoreError(f"cannot create the store {path} ({error.strerror}): choose another --data-dir") from None
    finally:
        files.discard(temporary)


class Store(Tags, Lists, Marks, Keys, Views, Transfer, Moves, Saved, History):
    """Tags, reading lists, status, notes and citation keys in one SQLite file."""

    def __init__(self, path: Path, timeout: float | None = None, read_only: bool = False,
                 history_limit: int = DEFAULT_LIMIT):
        self.path = Path(path)
        self.history_limit = history_limit  # entries the history keeps (0: no limit)
        self.read_only = read_only  # a store reader may not write: read as it is, every change refused
        self.conn = connection.Connections(self.path, connection.BUSY_TIMEOUT if timeout is None else timeout,
                                           read_only)
        self.backup_made: Path | None = None
        self._watch: sqlite3.Connection | None = None
        self._seen: int | None = None
        self._watch_lock = threading.Lock()

    @classmethod
    def open(cls, path: str | os.PathLike, timeout: float | None = None,
             history_limit: int = DEFAULT_LIMIT) -> Store:
        """Open the store, creating it if missing and migrating it (after a backup) if older.

        A store that cannot be written (or whose folder cannot) is opened to be read as it is."""
        path = Path(path)
        files.clear_unfinished(path)  # new stores a process killed while creating left behind
        if not path.exists():
            _create(path)
        read_only = not files.writable(path)
        version = examine(path, timeout, read_only)
        store = cls(path, timeout, read_only, history_limit)
        if read_only:
            if version < VERSION:
                raise StoreError(f"the store {path} is read-only and was made by an older reader, which this one "
                                 "must update: make it and its folder writable (chmod u+w) and retry")
            return store
        with store.conn.reading() as db:
            if version < VERSION:
                store.backup_made = migrate(db, path)
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode = WAL")  # e.g. a store restored from a backup
        return store

    def close(self) -> None:
        self.conn.close()
        with self._watch_lock:
            if self._watch is not None:
                self._watch.close()
                self._watch = None

    @property
    def version(self) -> int:
        with self.conn.reading() as db:
            return version_of(db)

    def changed(self) -> bool:
        """Whether anyone (another process, or another thread here) wrote since the last call."""
        with self._watch_lock:
            try:
                if self._watch is None:
                    self._watch = connection.connect(self.path, self.conn.timeout, read_only=self.read_only)
                value = self._watch.execute("PRAGMA data_version").fetchone()[0]
            except sqlite3.Error as error:
                raise connection.translate(self.path, error) from None
            changed = self._seen is not None and value != self._seen
            self._seen = value
            return changed

    def backup(self) -> Path:
        """A consistent copy next to the store, named after the schema version and the time."""
        if not os.access(self.path.parent, os.W_OK | os.X_OK):
            raise StoreError(f"cannot back up the store {self.path}: its folder is read-only "
                             "(make it writable with chmod u+w)")
        with self.conn.reading() as db:
            return files.make_backup(db, self.path, version_of(db))


def _usable(path: Path) -> bool:
    """Whether the store can be used as it is; StoreError if another program has it locked."""
    try:
        examine(path, timeout=0.5)
    except StoreError as error:
        if "locked" in str(error):
            raise StoreError(f"the store {path} is in use by another program: close it first") from None
        return False
    return True


def reset(path: Path, force: bool = False) -> Path:
    """Move a store that cannot be used aside as `*.corrupt-<timestamp>`; a new one is made on next use."""
    if not path.exists():
        raise StateError(f"there is no store at {path} to reset")
    if not force and _usable(path):
        raise StateError(f"the store {path} is healthy: to start fresh anyway add --force (the old file is kept)")
    return _moved_aside(path)


def _moved_aside(path: Path) -> Path:
    """`files.move_aside`, with a folder that refuses it said in one line."""
    try:
        return files.move_aside(path)
    except OSError as error:
        raise StoreError(f"cannot move the store {path} aside ({error.strerror}): make its folder writable "
                         "(chmod u+w) and retry") from None


def restore_backup(path: Path, backup: Path | None = None) -> tuple[Path, Path | None]:
    """Replace the store by a backup (the newest by default); the old file is moved aside, not deleted."""
    backup = backup or files.latest_backup(path)
    if backup is None or not backup.is_file():
        raise StateError(f"there is no backup of {path} to restore: start fresh with `reader store reset`")
    files.probe(backup)
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise StoreError(f"cannot restore {backup}: the folder {path.parent} is read-only (make it writable with "
                         "chmod u+w) and retry")
    if path.exists():
        _usable(path)  # refuses a store another program has open; a damaged one is replaced
    temporary = path.with_name(f".{path.name}.restore-{os.getpid()}-{time.time_ns()}")
    try:
        source = sqlite3.connect(f"file:{backup}?mode=ro&immutable=1", uri=True)
        target = connection.connect(temporary, create=True)
        try:
            source.backup(target)
            if target.execute("PRAGMA quick_check(1)").fetchone()[0] != "ok":
                raise StateError(f"the backup {backup} is damaged too: choose another with `reader store restore FILE`")
            refuse_newer(backup, version_of(target))
            target.execute("PRAGMA journal_mode = WAL")
        finally:
            source.close()
            target.close()
        moved = _moved_aside(path) if path.exists() else None
        os.replace(temporary, path)
    except sqlite3.Error as error:
        raise StoreError(f"cannot restore {backup} ({error}): choose another backup") from None
    finally:
        files.discard(temporary)
    return backup, moved
