"""Connections to the store: one per thread, WAL, a busy timeout, `BEGIN IMMEDIATE` writes."""

from __future__ import annotations

import contextlib
import random
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from reader import read_only as unwritable
from reader.store.errors import StoreError
from reader.store.files import damaged

BUSY_TIMEOUT = 10.0  # seconds a write waits for other writers before saying the store is locked
_RETRY_MS = 2  # SQLite's own wait per `BEGIN IMMEDIATE` attempt


def busy(error: sqlite3.Error) -> bool:
    """Whether another connection holds the lock SQLite wanted."""
    text = str(error).lower()
    return "locked" in text or "busy" in text


def read_only_error(path: Path) -> StoreError:
    return StoreError(f"the store {path} is read-only: make it and its folder writable (chmod u+w) and retry, "
                      "or choose another --data-dir")


def translate(path: Path, error: sqlite3.Error) -> StoreError:
    """The one-line message for an SQLite error on the store."""
    text = str(error).lower()
    if busy(error):
        return StoreError(f"the store {path} is locked by another program: close it or retry in a moment")
    if "readonly" in text or "read-only" in text:
        return read_only_error(path)
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return damaged(path, "is corrupt")
    if "disk" in text or "full" in text or "i/o" in text:
        return StoreError(f"the store {path} cannot be written ({error}): free disk space and retry")
    return StoreError(f"the store {path} failed ({error}): retry, or run `reader doctor`")


def connect(path: Path, timeout: float = BUSY_TIMEOUT, create: bool = False,
            read_only: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit) with the store's pragmas.

    `timeout` is SQLite's busy timeout (sqlite3.connect sets it).
    """
    if read_only:
        return unwritable.connect(path, timeout)
    mode = "rwc" if create else "rw"
    db = sqlite3.connect(
        f"file:{path}?mode={mode}", uri=True, isolation_level=None, check_same_thread=False, timeout=timeout
    )
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA synchronous = FULL")
    except BaseException:
        db.close()
        raise
    return db


class Connections:
    """One connection per thread (the app calls the Library from worker threads)."""

    def __init__(self, path: Path, timeout: float, read_only: bool = False):
        self.path = path
        self.timeout = timeout
        self.read_only = read_only  # then every write is refused before it starts
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        self._closed = False

    def get(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            if self._closed:
                raise StoreError(f"the store {self.path} was closed: reopen the library")
            try:
                db = connect(self.path, self.timeout, read_only=self.read_only)
            except sqlite3.Error as error:
                raise translate(self.path, error) from None
            self._local.db = db
            with self._guard:
                self._all.append(db)
        return db

    def close(self) -> None:
        with self._guard:
            self._closed = True
            for db in self._all:
                with contextlib.suppress(sqlite3.Error):
                    db.close()
            self._all.clear()

    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A connection for reads; SQLite errors become StoreError."""
        try:
            yield self.get()
        except sqlite3.Error as error:
            raise translate(self.path, error) from None

    @contextlib.contextmanager
    def read_transaction(self) -> Iterator[sqlite3.Connection]:
        """`reading` in one read transaction, so several queries see the same state."""
        with self.reading() as db:
            db.execute("BEGIN")
            try:
                yield db
            finally:
                db.execute("COMMIT")

    def _begin(self, db: sqlite3.Connection) -> None:
        """`BEGIN IMMEDIATE`, retried every millisecond or two until the timeout.

        SQLite's own busy handler backs off to 100 ms sleeps, so a process that writes in a
        tight loop can starve another for longer than any timeout; short jittered retries
        take turns fairly.
        """
        deadline = time.monotonic() + self.timeout
        db.execute(f"PRAGMA busy_timeout = {_RETRY_MS}")
        try:
            while True:
                try:
                    db.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.Error as error:
                    if not busy(error) or time.monotonic() >= deadline:
                        raise translate(self.path, error) from None
                    time.sleep(random.uniform(0.0005, 0.002))
        finally:
            db.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")

    @contextlib.contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """One `BEGIN IMMEDIATE` transaction: committed on success, rolled back on any error."""
        if self.read_only:
            raise read_only_error(self.path)
        db = self.get()
        self._begin(db)
        try:
            yield db
            db.execute("COMMIT")
        except BaseException as error:
            if db.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise translate(self.path, error) from None
            raise
