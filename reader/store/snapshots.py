"""Snapshots: the rows a change is about to touch, so it can be put back (undo) or done again (redo)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Snapshot:
    """The rows of `table` matching `where` (column -> allowed values; empty: every row)."""

    table: str
    where: tuple[tuple[str, tuple], ...]
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]

    def matches(self, columns: tuple[str, ...], row: tuple) -> bool:
        """Whether a row of this table (with these columns) lies in this snapshot's scope."""
        return all(row[columns.index(column)] in allowed for column, allowed in self.where)

    def same_rows(self, rows) -> bool:
        """Whether `rows` are this snapshot's rows, in any order."""
        return sorted(map(repr, rows)) == sorted(map(repr, self.rows))

    def to_json(self) -> dict:
        return {"table": self.table, "where": [[c, list(v)] for c, v in self.where], "columns": list(self.columns),
                "rows": [list(r) for r in self.rows]}

    @classmethod
    def from_json(cls, data: dict) -> Snapshot:
        return cls(data["table"], tuple((c, tuple(v)) for c, v in data["where"]), tuple(data["columns"]),
                   tuple(tuple(r) for r in data["rows"]))


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
    return again(db, Snapshot(table, terms, (), ()))


def again(db: sqlite3.Connection, snap: Snapshot) -> Snapshot:
    """The same scope as `snap`, with the rows it holds now."""
    clause, values = _clause(snap.where)
    cursor = db.execute(f"SELECT * FROM {snap.table}{clause}", values)
    columns = tuple(d[0] for d in cursor.description)
    return Snapshot(snap.table, snap.where, columns, tuple(cursor.fetchall()))


def capture_lists(db: sqlite3.Connection, **where) -> tuple[Snapshot, ...]:
    """A list's row and its entries together (deleting a list row cascades to its entries)."""
    lists = capture(db, "lists", **where)
    ids = [row[lists.columns.index("id")] for row in lists.rows]
    return lists, capture(db, "list_papers", list_id=ids)


def widened(db: sqlite3.Connection, snapshots: tuple[Snapshot, ...]) -> tuple[Snapshot, ...]:
    """The scopes after a change: a list's entries follow the list rows in scope now (a list just made
    has an id its snapshot could not name before)."""
    out = list(snapshots)
    for n, snap in enumerate(out):
        if snap.table != "list_papers" or n == 0 or out[n - 1].table != "lists":
            continue
        where = dict(snap.where)
        if "list_id" not in where:
            continue
        now = again(db, out[n - 1])
        ids = tuple(dict.fromkeys((*where["list_id"], *(r[now.columns.index("id")] for r in now.rows))))
        out[n] = replace(snap, where=tuple((c, ids if c == "list_id" else v) for c, v in snap.where))
    return tuple(out)


def restore(db: sqlite3.Connection, snapshots: tuple[Snapshot, ...]) -> None:
    """Delete what matches each snapshot now, then insert its rows (inside the caller's transaction)."""
    for snap in reversed(snapshots):
        clause, values = _clause(snap.where)
        db.execute(f"DELETE FROM {snap.table}{clause}", values)
    for snap in snapshots:
        if snap.rows:
            marks = ",".join("?" * len(snap.columns))
            db.executemany(f"INSERT INTO {snap.table}({','.join(snap.columns)}) VALUES ({marks})", snap.rows)

