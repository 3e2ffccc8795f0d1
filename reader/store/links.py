"""Reading lists linked to files: which file, in which format, and what reader last wrote there.

Plain functions over a Store (the `list_links` table, schema v6). A link names its list by id
and creation time: a rename keeps it, and a new list that happens to reuse a deleted list's id
does not inherit it. The logic that writes the files is `reader.list_links`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from reader.ingest.clean import visible
from reader.store.errors import StateError
from reader.store.lists import _list_id

_COLUMNS = "k.list_id, k.list_created, l.name, k.path, k.format, k.with_state, k.browser_url, k.written_hash"


@dataclass(frozen=True)
class ListLink:
    """One list's file. `name` is the list's name now, None once the list is gone."""

    list_id: int
    list_created: float
    name: str | None
    path: Path
    format: str
    with_state: bool
    browser_url: str | None
    written_hash: str | None  # sha256 of the bytes reader last wrote there


def _link(row) -> ListLink:
    return ListLink(row[0], row[1], row[2], Path(row[3]), row[4], bool(row[5]), row[6], row[7])


def _select(where: str = "") -> str:
    return (f"SELECT {_COLUMNS} FROM list_links k "
            f"LEFT JOIN lists l ON l.id = k.list_id AND l.created = k.list_created {where} ORDER BY k.list_id")


def any_links(store) -> bool:
    """Whether any list is linked to a file (one cheap read)."""
    with store.conn.reading() as db:
        return db.execute("SELECT 1 FROM list_links LIMIT 1").fetchone() is not None


def list_links(store) -> list[ListLink]:
    """Every link, its list's current name or None for a list that is gone."""
    with store.conn.reading() as db:
        return [_link(row) for row in db.execute(_select())]


def link_of(store, name: str) -> ListLink | None:
    """The link of the list called `name` (UnknownList if there is no such list), or None."""
    with store.conn.reading() as db:
        list_id, _ = _list_id(db, name)
        row = db.execute(_select("WHERE k.list_id=? AND l.id IS NOT NULL"), (list_id,)).fetchone()
        return _link(row) if row else None


def save_link(store, name: str, path: Path, fmt: str, with_state: bool, browser_url: str | None,
              written_hash: str, size: int, mtime: float) -> ListLink:
    """Link the list `name` to `path` (replacing its link, if any), with what was just written there.

    A file linked to another list is refused (StateError)."""
    path = str(path)
    with store.conn.writing() as db:
        list_id, stored = _list_id(db, name)
        created = db.execute("SELECT created FROM lists WHERE id=?", (list_id,)).fetchone()[0]
        other = db.execute(
            "SELECT l.name FROM list_links k LEFT JOIN lists l ON l.id = k.list_id AND l.created = k.list_created "
            "WHERE k.path=? AND k.list_id != ?", (path, list_id),
        ).fetchone()
        if other is not None and other[0] is not None:
            raise StateError(f"{visible(path)} is linked to the list “{visible(other[0])}” already: "
                             f"unlink it first with `reader list unlink \"{visible(other[0])}\"`")
        db.execute("DELETE FROM list_links WHERE path=? OR list_id=?", (path, list_id))
        now = time.time()
        db.execute(
            "INSERT INTO list_links(list_id, list_created, path, format, with_state, browser_url, linked, "
            "written_hash, written_size, written_mtime, written) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (list_id, created, path, fmt, int(with_state), browser_url, now, written_hash, size, mtime, now),
        )
    return ListLink(list_id, created, stored, Path(path), fmt, with_state, browser_url, written_hash)


def remove_link(store, name: str) -> ListLink | None:
    """Unlink the list called `name`; its link, or None if it had none."""
    found = link_of(store, name)
    if found is not None:
        drop_link(store, found)
    return found


def drop_link(store, link: ListLink) -> None:
    """Forget a link (e.g. of a list that is gone)."""
    with store.conn.writing() as db:
        db.execute("DELETE FROM list_links WHERE list_id=? AND list_created=?", (link.list_id, link.list_created))


def record_written(store, link: ListLink, written_hash: str, size: int, mtime: float) -> None:
    """Remember what reader just wrote to a linked file, to tell a later hand edit from its own."""
    with store.conn.writing() as db:
        db.execute(
            "UPDATE list_links SET written_hash=?, written_size=?, written_mtime=?, written=? "
            "WHERE list_id=? AND list_created=?",
            (written_hash, size, mtime, time.time(), link.list_id, link.list_created),
        )
