"""Saved searches: a name, the query (its filters included) and its sort, kept in order.

The order is the place each one has (1 for the first), which keys 1-9 recall in the app.
Names and queries are outside text: their control characters are removed where they enter.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime, timezone

from reader.ingest.clean import strip_controls, visible
from reader.search.list_order import SORTS  # relevance, newest, oldest, title, list
from reader.store.errors import StateError
from reader.store.snapshots import capture
from reader.store.values import Change

LONGEST_NAME = 100
_COLUMNS = "name, query, sort, position, created"


@dataclass(frozen=True)
class SavedSearch:
    """One saved search; `position` is its place, 1 for the first."""

    name: str
    query: str
    sort: str
    position: int
    created: float

    def to_json(self) -> dict:
        return {"position": self.position, "name": self.name, "query": self.query, "sort": self.sort,
                "created": _iso(self.created)}


class UnknownSaved(StateError):
    """No saved search has that name."""


def saved_name(text) -> str:
    """A saved search's name: control characters removed, single spaces; refused when empty or too long."""
    name = " ".join(strip_controls(str(text)).split())
    if not name:
        raise StateError("a saved search needs a name: e.g. `reader saved add morning 'cat:CL -status:read'`")
    if len(name) > LONGEST_NAME:
        raise StateError(f"“{name[:40]}…” is too long for a saved search's name: "
                         f"use at most {LONGEST_NAME} characters")
    return name


def saved_query(text) -> str:
    """A query as saved: control characters removed, on one line."""
    return " ".join(strip_controls(str(text)).split())


def sort_name(text) -> str:
    sort = str(text).strip().lower()
    if sort not in SORTS:
        raise StateError(f"unknown sort “{visible(str(text))}”: use one of {', '.join(SORTS)}")
    return sort


def _iso(when: float) -> str:
    return datetime.fromtimestamp(when, timezone.utc).isoformat(timespec="seconds")


def _rows(db: sqlite3.Connection) -> list[SavedSearch]:
    rows = db.execute(f"SELECT {_COLUMNS} FROM saved_searches ORDER BY position, created")
    return [SavedSearch(*row) for row in rows]


def _find(db: sqlite3.Connection, name: str) -> SavedSearch:
    """The saved search of that name (any case), or UnknownSaved naming the ones there are."""
    row = db.execute(f"SELECT {_COLUMNS} FROM saved_searches WHERE name=?", (saved_name(name),)).fetchone()
    if row is None:
        known = [saved.name for saved in _rows(db)]
        hint = (f"saved searches are: {visible(', '.join(known))}" if known
                else "save one with `reader saved add NAME QUERY`")
        raise UnknownSaved(f"no saved search is called “{visible(str(name))}”: {hint}")
    return SavedSearch(*row)


def _renumber(db: sqlite3.Connection) -> None:
    """Places 1, 2, 3… in the present order, with no gaps."""
    names = [saved.name for saved in _rows(db)]
    db.executemany("UPDATE saved_searches SET position=? WHERE name=?",
                   [(n, name) for n, name in enumerate(names, start=1)])


class Saved:
    """Store methods for saved searches (mixed into Store)."""

    def saved_searches(self) -> list[SavedSearch]:
        """Every saved search, in place order."""
        with self.conn.reading() as db:
            return _rows(db)

    def saved_search(self, name: str) -> SavedSearch:
        with self.conn.reading() as db:
            return _find(db, name)

    def save_search(self, name: str, query: str, sort: str = "relevance", replace: bool = False) -> Change:
        """Save `query` under `name` at the end (or, with `replace`, in place of the one so named);
        the value is the SavedSearch."""
        name, query, sort = saved_name(name), saved_query(query), sort_name(sort)
        with self.conn.writing() as db:
            before = capture(db, "saved_searches")
            old = db.execute("SELECT name, position FROM saved_searches WHERE name=?", (name,)).fetchone()
            if old is not None and not replace:
                raise StateError(f"a saved search called “{old[0]}” exists already: choose another name, "
                                 "or replace it (`reader saved add --replace`)")
            now = time.time()
            if old is not None:
                db.execute("UPDATE saved_searches SET name=?, query=?, sort=?, created=? WHERE name=?",
                           (name, query, sort, now, name))
                position, what = old[1], f"Replaced the saved search {name}"
                said = f"Put back the saved search {old[0]}"
            else:
                position = db.execute("SELECT coalesce(max(position), 0) + 1 FROM saved_searches").fetchone()[0]
                db.execute(f"INSERT INTO saved_searches({_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
                           (name, query, sort, position, now))
                what, said = f"Saved the search {name} ({query})", f"Removed the saved search {name}"
            entry = self.record(db, what, said, (before,))
        return Change(1, entry, SavedSearch(name, query, sort, position, now))

    def delete_saved(self, name: str) -> Change:
        """Delete a saved search (the ones after it move up a place); the value is the one deleted."""
        with self.conn.writing() as db:
            before = capture(db, "saved_searches")
            gone = _find(db, name)
            db.execute("DELETE FROM saved_searches WHERE name=?", (gone.name,))
            _renumber(db)
            entry = self.record(db, f"Deleted the saved search {gone.name}", f"Restored the saved search {gone.name}",
                                (before,))
        return Change(1, entry, gone)


# state export and import ------------------------------------------------------
def export_saved(db: sqlite3.Connection) -> list[dict]:
    """The saved searches for a state export, in place order."""
    return [{"name": s.name, "query": s.query, "sort": s.sort, "created": _iso(s.created)} for s in _rows(db)]


def checked_saved(entries, warnings: list[str]) -> list[tuple[str, str, str]]:
    """(name, query, sort) of an export's saved searches; names and queries lose their control
    characters (with a warning each), an unknown sort becomes relevance (with a warning)."""
    if not isinstance(entries, list):
        raise StateError("the state export's “saved_searches” is not a list: make one with `reader state export`")
    found = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise StateError(f"“{visible(str(entry))[:60]}” in saved_searches is not a saved search: "
                             "make the file with `reader state export`")
        raw, query = entry["name"], str(entry.get("query", ""))
        try:
            name = saved_name(raw)
        except StateError as error:
            warnings.append(f"the saved search “{visible(raw)}” was left out: {error}")
            continue
        if name != " ".join(raw.split()) or saved_query(query) != " ".join(query.split()):
            warnings.append(f"the saved search “{visible(raw)}” held control characters: imported as “{name}”")
        try:
            sort = sort_name(entry.get("sort", "relevance"))
        except StateError:
            unknown = visible(str(entry.get("sort")))
            warnings.append(f"the saved search “{name}” had the unknown sort “{unknown}”: "
                            "imported with relevance")
            sort = "relevance"
        found.append((name, saved_query(query), sort))
    return found


def import_saved(db: sqlite3.Connection, entries, now: float, warnings: list[str]) -> int:
    """Add the export's saved searches that are not here, after those that are (inside the caller's
    transaction); one here of the same name is kept, with a warning when the two differ. How many added."""
    added = 0
    for name, query, sort in checked_saved(entries, warnings):
        here = db.execute("SELECT name, query, sort FROM saved_searches WHERE name=?", (name,)).fetchone()
        if here is not None:
            if (here[1], here[2]) != (query, sort):
                warnings.append(f"the saved search “{here[0]}” is different here: kept yours "
                                f"(the import has “{query}”, {sort})")
            continue
        position = db.execute("SELECT coalesce(max(position), 0) + 1 FROM saved_searches").fetchone()[0]
        db.execute(f"INSERT INTO saved_searches({_COLUMNS}) VALUES (?, ?, ?, ?, ?)", (name, query, sort, position, now))
        added += 1
    return added
