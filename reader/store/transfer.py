"""All user state as one JSON document, and merging such a document back in (never dropping).

An import is outside text: control characters in tag and list names, notes and citation keys
are removed, with one warning per value cleaned (in the summary's "warnings")."""

from __future__ import annotations

import re
import time
from datetime import datetime, timezone

from reader.models import STATUSES
from reader.ingest.clean import strip_controls, visible
from reader.store.errors import StateError
from reader.store.lists import append, ordered
from reader.store.names import imported_name, list_name, status_name, tag_name
from reader.store.saved import export_saved, import_saved
from reader.store.schema import VERSION
from reader.store.snapshots import Undo, capture
from reader.store.values import Change

FORMAT = "reader-state"
_ID = re.compile(r"[0-9a-f]{12}")
_TABLES = ("paper_tags", "lists", "list_papers", "status", "notes", "citation_keys", "saved_searches")


def _ids(values, where: str) -> list[str]:
    ids = list(values)
    bad = [i for i in ids if not isinstance(i, str) or not _ID.fullmatch(i)]
    if bad:
        raise StateError(f"“{visible(str(bad[0]))}” in {visible(where)} is not a paper id: this is not a reader state export")
    return ids


def _by_id(mapping, where: str, convert) -> dict:
    mapping = dict(mapping)
    return {pid: convert(value) for pid, value in zip(_ids(mapping, where), mapping.values())}


def _cleaned_text(what: str, warnings: list[str]):
    """A converter for notes or citation keys that removes control characters, saying so."""

    def convert(value) -> str:
        text = str(value).replace("\r\n", "\n")
        cleaned = strip_controls(text)
        if cleaned != text:
            warnings.append(f"{what} held control characters: they were removed")
        return cleaned

    return convert


def _checked(data, warnings: list[str]) -> dict:
    """The export's values, checked and cleaned; a warning for each value cleaned."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StateError(f"not a reader state export (no \"format\": \"{FORMAT}\"): make one with `reader state export`")
    try:
        tags: dict[str, list[str]] = {}
        for raw, ids in dict(data.get("tags", {})).items():
            ids = _ids(ids, f"tag {raw}")
            name = imported_name(raw, "tag", tag_name, warnings)
            if name:
                tags.setdefault(name, []).extend(ids)
        lists = []
        for entry in data.get("lists", []):
            ids = _ids(entry.get("papers", []), f"list {entry['name']}")
            name = imported_name(entry["name"], "list", list_name, warnings)
            if name:
                lists.append((name, ids))
        notes = {pid: _cleaned_text(f"the note on {pid}", warnings)(text)
                 for pid, text in _by_id(data.get("notes", {}), "notes", str).items()}
        keys = {pid: _cleaned_text(f"the citation key of {pid}", warnings)(key)
                for pid, key in _by_id(data.get("citation_keys", {}), "citation_keys", str).items()}
        return {
            "tags": tags, "lists": lists, "status": _by_id(data.get("status", {}), "status", status_name),
            "notes": notes, "citation_keys": keys,
        }
    except (TypeError, ValueError, KeyError, AttributeError) as error:
        raise StateError(
            f"the state export is malformed ({type(error).__name__}: {visible(str(error))}): "
            "make one with `reader state export`"
        ) from None


class Transfer:
    """Store methods for exporting and importing state (mixed into Store)."""

    def export_state(self) -> dict:
        """Every tag, list, status, note and citation key, as plain JSON-ready data."""
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
        return {
            "format": FORMAT, "schema": VERSION, "exported": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "tags": tags, "lists": lists, "status": status, "notes": notes, "citation_keys": keys,
            "saved_searches": saved,
        }

    def import_state(self, data) -> Change:
        """Merge an export in one transaction; nothing already here is removed or overwritten.

        Tags and list entries are added; missing lists are created; a status only moves
        forward (unread → reading → read); a different note is appended to the one here;
        a citation key is pinned only where the paper has none and the key is free.
        The value is a summary of counts, with "warnings" (one line per value whose control
        characters were removed) when there are any.
        """
        warnings: list[str] = []
        state = _checked(data, warnings)
        now = time.time()
        summary = dict.fromkeys(("tags", "lists", "list entries", "status", "notes", "citation keys", "key conflicts"), 0)
        with self.conn.writing() as db:
            before = tuple(capture(db, table) for table in _TABLES)
            summary["tags"] = db.executemany(
                "INSERT OR IGNORE INTO paper_tags(paper_id, tag, added) VALUES (?, ?, ?)",
                [(pid, tag, now) for tag, ids in state["tags"].items() for pid in ids],
            ).rowcount
            for name, ids in state["lists"]:
                row = db.execute("SELECT id FROM lists WHERE name=?", (name,)).fetchone()
                if row is None:
                    row = (db.execute("INSERT INTO lists(name, created) VALUES (?, ?)", (name, now)).lastrowid,)
                    summary["lists"] += 1
                summary["list entries"] += len(append(db, row[0], ids, now))
            here = dict(db.execute("SELECT paper_id, status FROM status"))
            forward = [
                (pid, status, now) for pid, status in state["status"].items()
                if STATUSES.index(status) > STATUSES.index(here.get(pid, "unread"))
            ]
            db.executemany("INSERT OR REPLACE INTO status(paper_id, status, changed) VALUES (?, ?, ?)", forward)
            summary["status"] = len(forward)
            here = dict(db.execute("SELECT paper_id, text FROM notes"))
            merged = []
            for pid, text in state["notes"].items():
                text, old = text.rstrip(), here.get(pid)
                if text and not (old is not None and text in old):
                    merged.append((pid, text if old is None else f"{old}\n\n{text}", now))
            db.executemany("INSERT OR REPLACE INTO notes(paper_id, text, changed) VALUES (?, ?, ?)", merged)
            summary["notes"] = len(merged)
            pinned = dict(db.execute("SELECT paper_id, key FROM citation_keys"))
            owners = {key: pid for pid, key in pinned.items()}
            for pid, key in state["citation_keys"].items():
                mine, taken = pinned.get(pid), owners.get(key)
                if mine is None and taken is None and key:
                    db.execute("INSERT INTO citation_keys(paper_id, key) VALUES (?, ?)", (pid, key))
                    owners[key] = pid
                    summary["citation keys"] += 1
                elif (mine is not None and mine != key) or (taken is not None and taken != pid):
                    summary["key conflicts"] += 1
            summary["saved searches"] = import_saved(db, data.get("saved_searches", []), now, warnings)
        count = sum(v for k, v in summary.items() if k != "key conflicts")
        if warnings:
            summary["warnings"] = warnings
        return Change(count, Undo("Undid the state import", before) if count else None, summary)
