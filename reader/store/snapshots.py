"""Undo by snapshot: the rows an action is about to touch, put back exactly as they were."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class Snapshot:
    """The rows of `table` matching `where` (column -> allowed values; empty: every row)."""

    table: str
    where: tuple[tuple[str, tuple], ...]
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]


@dataclass(frozen=True)
class Undo:
    """How to revert one user action, and what reverting it says."""

    description: str
    snapshots: tuple[Snapshot, ...]


def _clause(where) -> tuple[str, list]:
    if not where:
        return "", []
    parts, values = [], []
    for column, allowed in where:
        parts.append(f"{column} IN ({','.join('?' * len(allowed))})")
        values.extend(allowed)
    return " WHERE " + " AND ".join(parts), values


def capture(db: sqlite3.Connection, table: str, **where) -> Snapshot:
    """Snapshot the rows of `table` whose columns take the given values."""
    terms = tuple((column, tuple(values)) for column, values in where.items())
    clause, values = _clause(terms)
    cursor = db.execute(f"SELECT * FROM {table}{clause}", values)
    columns = tuple(d[0] for d in cursor.description)
    return Snapshot(table, terms, columns, tuple(cursor.fetchall()))


def capture_lists(db: sqlite3.Connection, **where) -> tuple[Snapshot, ...]:
    """A list's row and its entries together (deleting a list row cascades to its entries)."""
    lists = capture(db, "lists", **where)
    ids = [row[lists.columns.index("id")] for row in lists.rows]
    return lists, capture(db, "list_papers", list_id=ids)


def restore(db: sqlite3.Connection, snapshots: tuple[Snapshot, ...]) -> None:
    """Delete what matches each snapshot now, then insert its rows (inside the caller's transaction)."""
    for snap in reversed(snapshots):
        clause, values = _clause(snap.where)
        db.execute(f"DELETE FROM {snap.table}{clause}", values)
    for snap in snapshots:
        if snap.rows:
            marks = ",".join("?" * len(snap.columns))
            db.executemany(f"INSERT INTO {snap.table}({','.join(snap.columns)}) VALUES ({marks})", snap.rows)
