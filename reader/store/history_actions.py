"""Undo, redo and the history listing, over the history kept in the store (see `history`).

Undo puts back the rows a change touched, redo writes its rows again; each checks first that
the rows are as the change left them (or found them), and a change that a later one in force
touched is never undone: that is refused, naming the later change, so nothing is corrupted."""

from __future__ import annotations

import sqlite3
import time

from reader.store import history, tombstones
from reader.store.errors import StateError
from reader.store.history import Entry
from reader.store.snapshots import again, restore


def _quoted(entry: Entry) -> str:
    return f"#{entry.seq} “{entry.what}”"


def _in_the_way(db: sqlite3.Connection, entry: Entry) -> str:
    """Why `entry` cannot be undone because of a later change in force ('' when none is)."""
    later = [other for other in history.later_done(db, entry.seq) if other.touches(entry)]
    if not later:
        return ""
    first = later[-1]  # the newest: the one to undo first
    more = f" (and {len(later) - 1} more)" if len(later) > 1 else ""
    if not first.undoable:
        return (f"cannot undo {_quoted(entry)}: the later change {_quoted(first)}{more} touched the same "
                "rows and cannot itself be undone")
    return (f"cannot undo {_quoted(entry)}: the later change {_quoted(first)}{more} touched the same rows; "
            f"undo that first (`reader undo {first.seq}`)")


def _as_left(db: sqlite3.Connection, snaps) -> bool:
    """Whether the rows in each snapshot's scope are the snapshot's rows now."""
    return all(snap.same_rows(again(db, snap).rows) for snap in snaps)


def _put(db: sqlite3.Connection, now_snaps, target) -> None:
    """Make the rows in scope `target`'s, keeping tombstones in step."""
    current = tuple(again(db, snap) for snap in now_snaps)
    restore(db, target)
    tombstones.follow(db, current, target, time.time())


class History:
    """Store methods for the history (mixed into Store)."""

    history_limit: int = history.DEFAULT_LIMIT

    def record(self, db: sqlite3.Connection, what: str, undo: str, before, undoable: bool = True,
               set_aside: tuple[dict, ...] = ()) -> int:
        """Record a change just made inside `db`'s open write transaction; the entry's number.

        `before`: the snapshots (`capture`) of the rows the change touched, taken before it."""
        return history.record(db, what, undo, tuple(before), self.history_limit, undoable, set_aside)

    def undo(self, seq: int | None = None) -> str | None:
        """Undo the newest change in force (or change `seq`), in one transaction; what undoing it did,
        or None when there is nothing to undo. StateError when a later change is in the way."""
        with self.conn.writing() as db:
            entry = history.last_done(db) if seq is None else self._entry(db, seq)
            if entry is None:
                return None
            if entry.state != "done":
                raise StateError(f"{_quoted(entry)} is undone already: `reader redo` does it again")
            if not entry.undoable:
                raise StateError(f"{_quoted(entry)} cannot be undone: a pinned citation key never changes")
            blocked = _in_the_way(db, entry)
            if blocked:
                raise StateError(blocked)
            if not _as_left(db, entry.after):
                raise StateError(f"cannot undo {_quoted(entry)}: its rows were changed since, outside the history "
                                 "(by an older reader?)")
            self._restore(db, entry.after, entry.before)
            history.mark(db, entry.seq, "undone")
        return entry.undo

    def redo(self) -> str | None:
        """Do again the change undone most recently, in one transaction; what it did, or None."""
        with self.conn.writing() as db:
            entry = history.last_undone(db)
            if entry is None:
                return None
            if not _as_left(db, entry.before):
                raise StateError(f"cannot redo {_quoted(entry)}: its rows were changed since it was undone")
            self._restore(db, entry.before, entry.after)
            history.mark(db, entry.seq, "done")
        return entry.what

    def _restore(self, db: sqlite3.Connection, now_snaps, target) -> None:
        try:
            _put(db, now_snaps, target)
        except sqlite3.IntegrityError as error:
            raise StateError(f"a later change is in the way ({error}): nothing was changed") from None

    def _entry(self, db: sqlite3.Connection, seq: int) -> Entry:
        found = history.entry(db, seq)
        if found is None:
            raise StateError(f"there is no change #{seq} in the history: `reader history` lists them")
        return found

    def history(self, limit: int = 0) -> list[Entry]:
        """The newest `limit` entries (all with 0), newest first, without their rows."""
        with self.conn.reading() as db:
            return history.entries(db, limit)

    def history_entry(self, seq: int) -> Entry:
        with self.conn.reading() as db:
            return self._entry(db, seq)

    def history_size(self) -> dict[str, int]:
        """Entries kept, how many can be undone and redone, and the limit."""
        with self.conn.reading() as db:
            return {**history.size(db), "limit": self.history_limit}
