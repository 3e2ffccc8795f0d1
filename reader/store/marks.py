"""Read status (unread, reading, read) and one text note per paper."""

from __future__ import annotations

import time

from reader.models import STATUSES
from reader.store.names import plural, status_name
from reader.store.snapshots import capture
from reader.store.values import Change, marks


class Marks:
    """Store methods for status and notes (mixed into Store)."""

    def status(self, paper_id: str) -> str:
        with self.conn.reading() as db:
            row = db.execute("SELECT status FROM status WHERE paper_id=?", (paper_id,)).fetchone()
            return row[0] if row else "unread"

    def set_status(self, ids: list[str], status: str) -> Change:
        """Set the status of every paper; unread removes the row. The count is papers changed."""
        status, ids = status_name(status), list(dict.fromkeys(ids))
        with self.conn.writing() as db:
            before = capture(db, "status", paper_id=ids)
            old = {r[0]: r[1] for r in before.rows}
            changed = [pid for pid in ids if old.get(pid, "unread") != status]
            if status == "unread":
                db.execute(f"DELETE FROM status WHERE paper_id IN ({marks(changed)})", changed)
            else:
                now = time.time()
                db.executemany(
                    "INSERT INTO status(paper_id, status, changed) VALUES (?, ?, ?) "
                    "ON CONFLICT(paper_id) DO UPDATE SET status=excluded.status, changed=excluded.changed",
                    [(pid, status, now) for pid in changed],
                )
            count = len(changed)
            previous = {old.get(pid, "unread") for pid in changed}
            said = f"Marked {plural(count, 'paper')} {previous.pop()} again" if len(previous) == 1 else (
                f"Put back the status of {plural(count, 'paper')}"
            )
            entry = self.record(db, f"Marked {plural(count, 'paper')} {status}", said, (before,)) if count else None
        return Change(count, entry, status)

    def cycle_status(self, ids: list[str]) -> Change:
        """unread → reading → read → unread, from the first paper's status, for every paper."""
        current = self.status(ids[0]) if ids else "unread"
        following = STATUSES[(STATUSES.index(current) + 1) % len(STATUSES)]
        return self.set_status(ids, following)

    def note(self, paper_id: str) -> str:
        with self.conn.reading() as db:
            row = db.execute("SELECT text FROM notes WHERE paper_id=?", (paper_id,)).fetchone()
            return row[0] if row else ""

    def set_note(self, paper_id: str, text: str) -> Change:
        """Replace the note (empty text removes it); the count is 1 if it changed."""
        text = text.rstrip()
        with self.conn.writing() as db:
            before = capture(db, "notes", paper_id=[paper_id])
            old = before.rows[0][1] if before.rows else ""
            if old == text:
                return Change(0, None)
            if text:
                db.execute(
                    "INSERT INTO notes(paper_id, text, changed) VALUES (?, ?, ?) "
                    "ON CONFLICT(paper_id) DO UPDATE SET text=excluded.text, changed=excluded.changed",
                    (paper_id, text, time.time()),
                )
            else:
                db.execute("DELETE FROM notes WHERE paper_id=?", (paper_id,))
            did = "Wrote a note on" if not old else "Edited the note on" if text else "Removed the note on"
            what = "Restored the note on" if old else "Removed the new note on"
            entry = self.record(db, f"{did} {paper_id}", f"{what} {paper_id}", (before,))
        return Change(1, entry)
