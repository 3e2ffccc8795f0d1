"""Tombstones: a removed tag, list, list entry or note, with when it was removed.

They are kept up to date from every change's rows before and after (by `record`, undo and
redo), so a state export can carry deletions to another machine."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from reader.store.snapshots import Snapshot

KINDS = ("tag", "list", "list entry", "note")


def _list_names(db: sqlite3.Connection, snaps: Iterable[Snapshot]) -> dict[int, str]:
    names = {}
    for snap in snaps:
        if snap.table == "lists":
            names.update((row[snap.columns.index("id")], row[snap.columns.index("name")]) for row in snap.rows)
    return names


def _keys(db: sqlite3.Connection, snaps: tuple[Snapshot, ...]) -> set[tuple[str, str, str]]:
    """(kind, name, paper id) of every row these snapshots hold that a tombstone can stand for."""
    names = _list_names(db, snaps)
    keys = set()
    for snap in snaps:
        column = snap.columns.index
        if snap.table == "paper_tags":
            keys.update(("tag", row[column("tag")], row[column("paper_id")]) for row in snap.rows)
        elif snap.table == "notes":
            keys.update(("note", "", row[column("paper_id")]) for row in snap.rows)
        elif snap.table == "lists":
            keys.update(("list", row[column("name")], "") for row in snap.rows)
        elif snap.table == "list_papers":
            for row in snap.rows:
                list_id = row[column("list_id")]
                if list_id not in names:
                    found = db.execute("SELECT name FROM lists WHERE id=?", (list_id,)).fetchone()
                    names[list_id] = found[0] if found else ""
                if names[list_id]:
                    keys.add(("list entry", names[list_id], row[column("paper_id")]))
    return keys


def follow(db: sqlite3.Connection, before: tuple[Snapshot, ...], after: tuple[Snapshot, ...], now: float) -> None:
    """A tombstone for each row that went from `before` to `after`; none for a row that came back."""
    old, new = _keys(db, before), _keys(db, after)
    db.executemany("INSERT OR REPLACE INTO tombstones(kind, name, paper_id, removed) VALUES (?, ?, ?, ?)",
                   [(*key, now) for key in old - new])
    db.executemany("DELETE FROM tombstones WHERE kind=? AND name=? AND paper_id=?", list(new - old))


def every(db: sqlite3.Connection) -> list[dict]:
    """Every tombstone, for a state export."""
    rows = db.execute("SELECT kind, name, paper_id, removed FROM tombstones ORDER BY kind, name, paper_id")
    return [{"kind": kind, "name": name, "paper": pid, "removed": removed} for kind, name, pid, removed in rows]


def removed_at(db: sqlite3.Connection) -> dict[tuple[str, str, str], float]:
    """When each (kind, name, paper id) was removed here."""
    return {(k, n, p): t for k, n, p, t in db.execute("SELECT kind, name, paper_id, removed FROM tombstones")}


def keep(db: sqlite3.Connection, stones: Iterable[tuple[str, str, str, float]]) -> None:
    """Keep tombstones that came from elsewhere (the later time of two wins)."""
    db.executemany(
        "INSERT INTO tombstones(kind, name, paper_id, removed) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(kind, name, paper_id) DO UPDATE SET removed=max(removed, excluded.removed)", list(stones))
