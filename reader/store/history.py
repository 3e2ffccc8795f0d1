"""One history of every change to the user's state, kept in the store beside the state itself.

Each entry holds the rows its change touched, before and after, so it can be undone and redone
by any process, after any restart. An entry is written in the same transaction as its change
(`record`), so the state and its history never disagree. States of an entry: done, undone (it
can be redone), dropped (undone, then a new change took its place, so it cannot be redone).
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass, field

from reader.store import tombstones
from reader.store.snapshots import Snapshot, again, widened

DEFAULT_LIMIT = 10_000  # entries kept; the oldest go first


@dataclass(frozen=True, slots=True)
class Entry:
    """One change in the history."""

    seq: int
    at: float
    what: str  # what the change did
    undo: str  # what undoing it does
    undoable: bool
    state: str  # done | undone | dropped
    before: tuple[Snapshot, ...] = ()
    after: tuple[Snapshot, ...] = ()
    set_aside: tuple[dict, ...] = field(default=())  # texts a change did not keep (a note that lost by time)

    def to_json(self) -> dict:
        """The entry as `reader history --json` prints it (its rows left out)."""
        data = {"seq": self.seq, "at": self.at, "what": self.what, "undo": self.undo,
                "undoable": self.undoable, "state": self.state}
        if self.set_aside:
            data["set_aside"] = list(self.set_aside)
        return data

    def touches(self, other: Entry) -> bool:
        """Whether the two changes touched a row in common (a row of one lies in the other's scope)."""
        return _overlap(self, other) or _overlap(other, self)


def _overlap(scoped: Entry, rows: Entry) -> bool:
    for scope in scoped.before:
        for snap in (*rows.before, *rows.after):
            if snap.table == scope.table and any(scope.matches(snap.columns, row) for row in snap.rows):
                return True
    return False


def record(db: sqlite3.Connection, what: str, undo: str, before: tuple[Snapshot, ...],
           limit: int = DEFAULT_LIMIT, undoable: bool = True, set_aside: tuple[dict, ...] = ()) -> int:
    """Write the entry of a change just made (inside its transaction); its number.

    `before` are the snapshots taken before the change; the rows after are read now. A new
    undoable change ends the redos of what was undone before it. The oldest entries beyond
    `limit` are let go."""
    before = widened(db, before)
    after = tuple(again(db, snap) for snap in before)
    now = time.time()
    tombstones.follow(db, before, after, now)
    if undoable:
        db.execute("UPDATE history SET state='dropped' WHERE state='undone'")
    changes = {"set_aside": list(set_aside)} if set_aside else {}  # first: listings read it without the rest
    changes.update({"before": [s.to_json() for s in before], "after": [s.to_json() for s in after]})
    seq = db.execute(
        "INSERT INTO history(at, what, undo, undoable, changes) VALUES (?, ?, ?, ?, ?)",
        (now, what, undo, int(undoable), json.dumps(changes, ensure_ascii=False, separators=(",", ":"))),
    ).lastrowid
    if limit > 0:
        db.execute("DELETE FROM history WHERE seq <= ?", (seq - limit,))
    return seq


_COLUMNS = "seq, at, what, undo, undoable, state"


def _entry(row, changes: str | None = None) -> Entry:
    seq, at, what, undo, undoable, state = row
    if changes is None:
        return Entry(seq, at, what, undo, bool(undoable), state)
    data = json.loads(changes)
    return Entry(seq, at, what, undo, bool(undoable), state,
                 tuple(Snapshot.from_json(s) for s in data["before"]),
                 tuple(Snapshot.from_json(s) for s in data["after"]), tuple(data.get("set_aside", ())))


_ASIDE = "CASE WHEN substr(changes, 1, 13) = '{\"set_aside\":' THEN json_extract(changes, '$.set_aside') END"


def entries(db: sqlite3.Connection, limit: int = 0) -> list[Entry]:
    """The newest `limit` entries (all with 0), newest first, with what they set aside but not their rows."""
    rows = db.execute(f"SELECT {_COLUMNS}, {_ASIDE} FROM history ORDER BY seq DESC LIMIT ?", (limit or -1,))
    return [Entry(seq, at, what, undo, bool(undoable), state, set_aside=tuple(json.loads(aside)) if aside else ())
            for seq, at, what, undo, undoable, state, aside in rows]


def entry(db: sqlite3.Connection, seq: int) -> Entry | None:
    row = db.execute(f"SELECT {_COLUMNS}, changes FROM history WHERE seq=?", (seq,)).fetchone()
    return _entry(row[:6], row[6]) if row else None


def last_done(db: sqlite3.Connection) -> Entry | None:
    """The newest change that can be undone."""
    row = db.execute(f"SELECT {_COLUMNS}, changes FROM history WHERE state='done' AND undoable=1 "
                     "ORDER BY seq DESC LIMIT 1").fetchone()
    return _entry(row[:6], row[6]) if row else None


def last_undone(db: sqlite3.Connection) -> Entry | None:
    """The change undone most recently (what redo does again)."""
    row = db.execute(f"SELECT {_COLUMNS}, changes FROM history WHERE state='undone' "
                     "ORDER BY undone_at DESC, seq ASC LIMIT 1").fetchone()
    return _entry(row[:6], row[6]) if row else None


def later_done(db: sqlite3.Connection, seq: int) -> list[Entry]:
    """Changes made after `seq` that are in force, oldest first."""
    rows = db.execute(f"SELECT {_COLUMNS}, changes FROM history WHERE state='done' AND seq > ? ORDER BY seq", (seq,))
    return [_entry(r[:6], r[6]) for r in rows]


def mark(db: sqlite3.Connection, seq: int, state: str) -> None:
    db.execute("UPDATE history SET state=?, undone_at=? WHERE seq=?",
               (state, time.time() if state == "undone" else None, seq))


def size(db: sqlite3.Connection) -> dict[str, int]:
    """How many entries the history holds, and how many can be undone and redone now."""
    counts = dict(db.execute("SELECT state, count(*) FROM history GROUP BY state").fetchall())
    undoable = db.execute("SELECT count(*) FROM history WHERE state='done' AND undoable=1").fetchone()[0]
    return {"entries": sum(counts.values()), "undoable": undoable, "redoable": counts.get("undone", 0)}
