"""All user state as one JSON document, and merging such a document back in without loss.

The document carries times (when each tag and list entry was added, each list made, each note
written) and tombstones (when a tag, list, list entry or note was removed), so two copies of
the state merge by time: a removal newer than the addition wins, and of two different notes on
one paper the newer wins, the other's text kept in the history (`reader history`).
An import is outside text: control characters in names, notes and keys are removed, with one
warning per value cleaned (in the summary's "warnings")."""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone

from reader.models import STATUSES
from reader.store import tombstones
from reader.store.lists import ordered
from reader.store.saved import export_saved, import_saved
from reader.store.schema import VERSION
from reader.store.snapshots import Snapshot, capture, capture_lists
from reader.store.transfer_check import FORMAT, checked
from reader.store.values import Change

SUMMARY = ("tags", "lists", "list entries", "status", "notes", "citation keys", "removed", "note conflicts",
           "key conflicts")


def _times(db) -> dict:
    """When each tag, list, list entry, status and note came to be, for merging by time."""
    tags: dict[str, dict[str, float]] = {}
    for tag, pid, added in db.execute("SELECT tag, paper_id, added FROM paper_tags ORDER BY tag, added, paper_id"):
        tags.setdefault(tag, {})[pid] = added
    entries: dict[str, dict[str, float]] = {}
    for name, pid, added in db.execute("SELECT l.name, p.paper_id, p.added FROM list_papers p JOIN lists l "
                                       "ON l.id = p.list_id ORDER BY l.created, l.id, p.position"):
        entries.setdefault(name, {})[pid] = added
    return {
        "tags": tags, "lists": dict(db.execute("SELECT name, created FROM lists ORDER BY created, id")),
        "list entries": entries, "status": dict(db.execute("SELECT paper_id, changed FROM status ORDER BY paper_id")),
        "notes": dict(db.execute("SELECT paper_id, changed FROM notes ORDER BY paper_id")),
    }


class _Merge:
    """One import, inside the store's write transaction."""

    def __init__(self, db, state: dict, now: float):
        self.db, self.state, self.now = db, state, now
        self.gone = tombstones.removed_at(db)  # removals here, before the import
        self.summary = dict.fromkeys(SUMMARY, 0)
        self.set_aside: list[dict] = []

    def _removed_here(self, key: tuple[str, str, str], when: float | None) -> bool:
        """Whether this was removed here after the import's copy of it came to be."""
        removed = self.gone.get(key)
        return removed is not None and (when is None or removed >= when)

    def tags(self) -> None:
        times = self.state["times"]["tags"]
        rows = []
        for tag, ids in self.state["tags"].items():
            for pid in ids:
                when = times.get(tag, {}).get(pid)
                if not self._removed_here(("tag", tag, pid), when):
                    rows.append((pid, tag, when or self.now))
        self.summary["tags"] = self.db.executemany(
            "INSERT OR IGNORE INTO paper_tags(paper_id, tag, added) VALUES (?, ?, ?)", rows).rowcount

    def lists(self) -> None:
        times = self.state["times"]
        for name, ids in self.state["lists"]:
            added = times["list entries"].get(name, {})
            wanted = [pid for pid in ids if not self._removed_here(("list entry", name, pid), added.get(pid))]
            row = self.db.execute("SELECT id FROM lists WHERE name=?", (name,)).fetchone()
            if row is None:
                if self._removed_here(("list", name, ""), times["lists"].get(name)) and not wanted:
                    continue
                created = times["lists"].get(name) or self.now
                row = (self.db.execute("INSERT INTO lists(name, created) VALUES (?, ?)", (name, created)).lastrowid,)
                self.summary["lists"] += 1
            present = set(ordered(self.db, row[0]))
            start = self.db.execute("SELECT coalesce(max(position), -1) + 1 FROM list_papers WHERE list_id=?",
                                    row).fetchone()[0]
            new = [pid for pid in dict.fromkeys(wanted) if pid not in present]
            self.db.executemany("INSERT INTO list_papers(list_id, paper_id, position, added) VALUES (?, ?, ?, ?)",
                                [(row[0], pid, start + n, added.get(pid) or self.now) for n, pid in enumerate(new)])
            self.summary["list entries"] += len(new)

    def status(self) -> None:
        """A status only moves forward (unread → reading → read)."""
        here = dict(self.db.execute("SELECT paper_id, status FROM status"))
        times = self.state["times"]["status"]
        forward = [(pid, status, times.get(pid) or self.now) for pid, status in self.state["status"].items()
                   if STATUSES.index(status) > STATUSES.index(here.get(pid, "unread"))]
        self.db.executemany("INSERT OR REPLACE INTO status(paper_id, status, changed) VALUES (?, ?, ?)", forward)
        self.summary["status"] = len(forward)

    def notes(self) -> None:
        """Of two different notes on a paper the newer is kept; the other is set aside in the history."""
        here = {pid: (text, changed) for pid, text, changed in self.db.execute("SELECT paper_id, text, changed FROM notes")}
        times = self.state["times"]["notes"]
        for pid, text in self.state["notes"].items():
            text, when = text.rstrip(), times.get(pid)
            old = here.get(pid)
            if not text or (old is not None and old[0] == text):
                continue
            if old is None:
                if not self._removed_here(("note", "", pid), when):
                    self._write_note(pid, text, when)
                continue
            self.summary["note conflicts"] += 1
            if when is not None and when > old[1]:
                self.set_aside.append({"paper": pid, "text": old[0], "changed": old[1], "kept": "imported"})
                self._write_note(pid, text, when)
            elif not self._in_history(text):
                self.set_aside.append({"paper": pid, "text": text, "changed": when, "kept": "here"})

    def _in_history(self, text: str) -> bool:
        """Whether the history holds this text already (set aside by an earlier import, or once here)."""
        found = self.db.execute("SELECT 1 FROM history WHERE instr(changes, ?) LIMIT 1",
                                (json.dumps(text, ensure_ascii=False),)).fetchone()
        return found is not None

    def _write_note(self, pid: str, text: str, when: float | None) -> None:
        self.db.execute("INSERT OR REPLACE INTO notes(paper_id, text, changed) VALUES (?, ?, ?)",
                        (pid, text, when or self.now))
        self.summary["notes"] += 1

    def keys(self) -> None:
        """A citation key is pinned only where the paper has none and the key is free."""
        pinned = dict(self.db.execute("SELECT paper_id, key FROM citation_keys"))
        owners = {key: pid for pid, key in pinned.items()}
        for pid, key in self.state["citation_keys"].items():
            mine, taken = pinned.get(pid), owners.get(key)
            if mine is None and taken is None and key:
                self.db.execute("INSERT INTO citation_keys(paper_id, key) VALUES (?, ?)", (pid, key))
                owners[key] = pid
                self.summary["citation keys"] += 1
            elif (mine is not None and mine != key) or (taken is not None and taken != pid):
                self.summary["key conflicts"] += 1

    def removals(self) -> None:
        """The import's tombstones remove what was here before the removal (not what came after)."""
        db, removed = self.db, 0
        for kind, name, pid, when in self.state["tombstones"]:
            if kind == "tag":
                removed += db.execute("DELETE FROM paper_tags WHERE paper_id=? AND tag=? AND added < ?",
                                      (pid, name, when)).rowcount
            elif kind == "note":
                removed += db.execute("DELETE FROM notes WHERE paper_id=? AND changed < ?", (pid, when)).rowcount
            elif kind == "list entry":
                removed += db.execute("DELETE FROM list_papers WHERE paper_id=? AND added < ? AND list_id IN "
                                      "(SELECT id FROM lists WHERE name=?)", (pid, when, name)).rowcount
        for kind, name, pid, when in self.state["tombstones"]:
            if kind == "list":
                removed += db.execute("DELETE FROM lists WHERE name=? AND created < ? AND NOT EXISTS "
                                      "(SELECT 1 FROM list_papers p WHERE p.list_id = lists.id)", (name, when)).rowcount
        self.summary["removed"] = removed

    def keep_tombstones(self) -> None:
        """Tombstones of what is not here now, at the earlier of the two removals' latest times."""
        live = {("tag", t, p) for p, t in self.db.execute("SELECT paper_id, tag FROM paper_tags")}
        live |= {("note", "", p) for (p,) in self.db.execute("SELECT paper_id FROM notes")}
        live |= {("list", n, "") for (n,) in self.db.execute("SELECT name FROM lists")}
        live |= {("list entry", n, p) for n, p in self.db.execute(
            "SELECT l.name, p.paper_id FROM list_papers p JOIN lists l ON l.id = p.list_id")}
        stones = {}
        for kind, name, pid, when in self.state["tombstones"]:
            key = (kind, name, pid)
            if key not in live:
                stones[key] = max(when, self.gone.get(key, 0.0), stones.get(key, 0.0))
        self.db.executemany("INSERT OR REPLACE INTO tombstones(kind, name, paper_id, removed) VALUES (?, ?, ?, ?)",
                            [(*key, when) for key, when in stones.items()])


_MOST_IN_SCOPE = 30_000  # ids a snapshot names (SQLite allows 32,766 values); more: the whole table


def _scoped(db, table: str, column: str, values) -> tuple[Snapshot, ...]:
    """The rows an import may touch in `table`: those whose `column` is one of `values`."""
    values = sorted(set(values))
    if table == "lists":
        return capture_lists(db, name=values) if len(values) <= _MOST_IN_SCOPE else capture_lists(db)
    return (capture(db, table, **{column: values}) if len(values) <= _MOST_IN_SCOPE else capture(db, table),)


def _before(db, state: dict, saved: bool) -> tuple[Snapshot, ...]:
    """Snapshots of just the rows an import may touch, so it conflicts with no later change elsewhere."""
    stones = state["tombstones"]
    gone = lambda kind, part: {stone[part] for stone in stones if stone[0] == kind}  # noqa: E731
    list_names = {name for name, _ in state["lists"]} | gone("list", 1) | gone("list entry", 1)
    return (
        *_scoped(db, "paper_tags", "paper_id", {p for ids in state["tags"].values() for p in ids} | gone("tag", 2)),
        *_scoped(db, "lists", "name", list_names),
        *_scoped(db, "status", "paper_id", state["status"]),
        *_scoped(db, "notes", "paper_id", set(state["notes"]) | gone("note", 2)),
        *_scoped(db, "citation_keys", "paper_id", state["citation_keys"]),
        *((capture(db, "saved_searches"),) if saved else ()),
    )


class Transfer:
    """Store methods for exporting and importing state (mixed into Store)."""

    def export_state(self) -> dict:
        """Every tag, list, status, note and citation key, with their times and the tombstones of
        what was removed, as plain JSON-ready data."""
        with self.conn.read_transaction() as db:
            tags: dict[str, list[str]] = {}
            for tag, pid in db.execute("SELECT tag, paper_id FROM paper_tags ORDER BY tag, added, paper_id"):
                tags.setdefault(tag, []).append(pid)
            lists = [
                {"name": name, "papers": ordered(db, list_id)}
                for list_id, name in db.execute("SELECT id, name FROM lists ORDER BY created, id").fetchall()
            ]
            status = dict(db.execute("SELECT paper_id, status FROM status ORDER BY paper_id"))
            notes = dict(db.execute("SELECT paper_id, text FROM notes ORDER BY paper_id"))
            keys = dict(db.execute("SELECT paper_id, key FROM citation_keys ORDER BY paper_id"))
            saved = export_saved(db)
            times, stones = _times(db), tombstones.every(db)
        return {
            "format": FORMAT, "schema": VERSION, "exported": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "tags": tags, "lists": lists, "status": status, "notes": notes, "citation_keys": keys,
            "saved_searches": saved, "times": times, "tombstones": stones,
        }

    def import_state(self, data) -> Change:
        """Merge an export in one transaction, recorded in the history as one change (undoable).

        Tags and list entries are added unless removed here after they were added there; missing
        lists are created; a status only moves forward (unread → reading → read); of two different
        notes the newer is kept and the other set aside in the history; a citation key is pinned
        only where the paper has none and the key is free; the export's tombstones remove what
        was added here before the removal there. The value is a summary of counts, with
        "warnings" (one line per value whose control characters were removed) when there are any.
        """
        warnings: list[str] = []
        state = checked(data, warnings)
        with self.conn.writing() as db:
            before = _before(db, state, bool(data.get("saved_searches")))
            merge = _Merge(db, state, time.time())
            merge.tags()
            merge.lists()
            merge.status()
            merge.notes()
            merge.keys()
            merge.removals()
            summary = merge.summary
            summary["saved searches"] = import_saved(db, data.get("saved_searches", []), merge.now, warnings)
            count = sum(v for k, v in summary.items() if not k.endswith("conflicts"))
            entry = None
            if count or merge.set_aside:
                said = ", ".join(f"{n} {k}" for k, n in summary.items() if n)
                entry = self.record(db, f"Imported state ({said})", "Undid the state import", before,
                                    set_aside=tuple(merge.set_aside))
            merge.keep_tombstones()
        if warnings:
            summary["warnings"] = warnings
        return Change(count, entry, summary)
