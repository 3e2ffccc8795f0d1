"""Reading lists: named, ordered; papers are added, removed and moved up or down."""

from __future__ import annotations

import sqlite3
import time

from reader.ingest.clean import visible
from reader.store.errors import StateError, UnknownList
from reader.store.names import list_name, plural
from reader.store.snapshots import capture_lists
from reader.store.values import Change, marks


def _list_id(db: sqlite3.Connection, name: str) -> tuple[int, str]:
    """The id and stored name of a list (names match without regard to case)."""
    row = db.execute("SELECT id, name FROM lists WHERE name=?", (list_name(name),)).fetchone()
    if row is None:
        known = [r[0] for r in db.execute("SELECT name FROM lists ORDER BY name")]
        hint = f"lists are: {visible(', '.join(known))}" if known else "create one with `reader list create NAME`"
        raise UnknownList(f"no reading list is called “{visible(str(name))}”: {hint}")
    return row[0], row[1]


def ordered(db: sqlite3.Connection, list_id: int) -> list[str]:
    """The ids on a list, in order."""
    rows = db.execute("SELECT paper_id FROM list_papers WHERE list_id=? ORDER BY position, added", (list_id,))
    return [r[0] for r in rows]


def append(db: sqlite3.Connection, list_id: int, ids: list[str], now: float) -> list[str]:
    """Put the papers not on the list yet at its end, in the order given; the ids added."""
    rows = db.execute("SELECT paper_id, position FROM list_papers WHERE list_id=?", (list_id,)).fetchall()
    present = {r[0] for r in rows}
    start = max((r[1] for r in rows), default=-1) + 1
    new = [pid for pid in dict.fromkeys(ids) if pid not in present]
    db.executemany(
        "INSERT INTO list_papers(list_id, paper_id, position, added) VALUES (?, ?, ?, ?)",
        [(list_id, pid, start + n, now) for n, pid in enumerate(new)],
    )
    return new


class Lists:
    """Store methods for reading lists (mixed into Store)."""

    def lists(self) -> list[tuple[str, int]]:
        """Every list with its number of papers, in the order they were created."""
        with self.conn.reading() as db:
            rows = db.execute(
                "SELECT l.name, count(p.paper_id) FROM lists l LEFT JOIN list_papers p ON p.list_id = l.id "
                "GROUP BY l.id ORDER BY l.created, l.id"
            )
            return [(r[0], r[1]) for r in rows]

    def list_ids(self, name: str) -> list[str]:
        """The ids on a list, in order."""
        with self.conn.reading() as db:
            return ordered(db, _list_id(db, name)[0])

    def create_list(self, name: str) -> Change:
        name = list_name(name, new=True)
        with self.conn.writing() as db:
            if db.execute("SELECT 1 FROM lists WHERE name=?", (name,)).fetchone():
                raise StateError(f"a list called “{name}” exists already: choose another name")
            before = capture_lists(db, name=[name])
            db.execute("INSERT INTO lists(name, created) VALUES (?, ?)", (name, time.time()))
            entry = self.record(db, f"Created the list {name}", f"Removed the new list {name}", before)
        return Change(1, entry)

    def rename_list(self, old: str, new: str) -> Change:
        new = list_name(new, new=True)
        with self.conn.writing() as db:
            list_id, stored = _list_id(db, old)
            if stored == new:
                return Change(0, None)
            clash = db.execute("SELECT id FROM lists WHERE name=?", (new,)).fetchone()
            if clash and clash[0] != list_id:
                raise StateError(f"a list called “{new}” exists already: choose another name")
            before = capture_lists(db, id=[list_id])
            db.execute("UPDATE lists SET name=? WHERE id=?", (new, list_id))
            entry = self.record(db, f"Renamed list {stored} to {new}", f"Renamed list {new} back to {stored}", before)
        return Change(1, entry)

    def delete_list(self, name: str) -> Change:
        """Delete a list (its papers keep their tags, status and notes); the count is its papers."""
        with self.conn.writing() as db:
            list_id, stored = _list_id(db, name)
            before = capture_lists(db, id=[list_id])
            db.execute("DELETE FROM lists WHERE id=?", (list_id,))
            count = len(before[1].rows)
            entry = self.record(db, f"Deleted list {stored} ({plural(count, 'paper')})",
                                f"Restored list {stored} ({plural(count, 'paper')})", before)
        return Change(count, entry)

    def list_add(self, name: str, ids: list[str]) -> Change:
        """Append papers not on the list yet, in the order given; the count is papers added."""
        with self.conn.writing() as db:
            list_id, stored = _list_id(db, name)
            before = capture_lists(db, id=[list_id])
            count = len(append(db, list_id, ids, time.time()))
            entry = self.record(db, f"Added {plural(count, 'paper')} to {stored}",
                                f"Took {plural(count, 'paper')} off {stored}", before) if count else None
        return Change(count, entry)

    def list_remove(self, name: str, ids: list[str]) -> Change:
        with self.conn.writing() as db:
            list_id, stored = _list_id(db, name)
            before = capture_lists(db, id=[list_id])
            ids = list(dict.fromkeys(ids))
            cursor = db.execute(
                f"DELETE FROM list_papers WHERE list_id=? AND paper_id IN ({marks(ids)})", [list_id, *ids]
            )
            count = cursor.rowcount
            entry = self.record(db, f"Removed {plural(count, 'paper')} from {stored}",
                                f"Put {plural(count, 'paper')} back on {stored}", before) if count else None
        return Change(count, entry)

    def list_move(self, name: str, paper_id: str, delta: int) -> Change:
        """Move a paper `delta` places (negative: up), stopping at the ends; the value is its new index."""
        with self.conn.writing() as db:
            list_id, stored = _list_id(db, name)
            order = ordered(db, list_id)
            if paper_id not in order:
                raise StateError(f"paper {paper_id} is not on {stored}: add it with `reader list add`")
            before = capture_lists(db, id=[list_id])
            old = order.index(paper_id)
            new = max(0, min(len(order) - 1, old + delta))
            if new == old:
                return Change(0, None, new)
            order.insert(new, order.pop(old))
            db.executemany(
                "UPDATE list_papers SET position=? WHERE list_id=? AND paper_id=?",
                [(n, list_id, pid) for n, pid in enumerate(order)],
            )
            entry = self.record(db, f"Moved {paper_id} to place {new + 1} on {stored}",
                                f"Moved {paper_id} back to place {old + 1} on {stored}", before)
        return Change(1, entry, new)
