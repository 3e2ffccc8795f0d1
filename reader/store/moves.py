"""Moving a paper's state to another id (its listing changed its title), and what the store
remembers of papers so that orphaned state can find its paper again."""

from __future__ import annotations

import time

from reader.store.errors import StateError
from reader.store.snapshots import capture
from reader.store.values import Change, marks

# Where a paper's state lives: (table, its id column). Lists are keyed by (list, paper).
_TABLES = ("paper_tags", "list_papers", "status", "notes", "citation_keys")


class Moves:
    """Store methods for re-attaching state (mixed into Store)."""

    def reattach(self, old: str, new: str) -> Change:
        """Move every piece of `old`'s state to `new`, in one transaction, never dropping any:
        tags and lists are joined; `new` keeps its own status, note and citation key where it
        has them, and a note of each side is kept (the old one after the new one)."""
        if old == new:
            raise StateError("a paper cannot be re-attached to itself")
        with self.conn.writing() as db:
            before = tuple(capture(db, table, paper_id=[old, new]) for table in _TABLES)
            moved = sum(1 for snap in before for row in snap.rows if old in row)
            if not moved:
                raise StateError(f"paper {old} has no tags, lists, status, note or key to move")
            db.execute("INSERT OR IGNORE INTO paper_tags SELECT ?, tag, added FROM paper_tags WHERE paper_id=?",
                       (new, old))
            db.execute(
                "INSERT OR IGNORE INTO list_papers SELECT list_id, ?, position, added FROM list_papers "
                "WHERE paper_id=?", (new, old))
            db.execute("INSERT OR IGNORE INTO status SELECT ?, status, changed FROM status WHERE paper_id=?",
                       (new, old))
            old_note = db.execute("SELECT text FROM notes WHERE paper_id=?", (old,)).fetchone()
            new_note = db.execute("SELECT text FROM notes WHERE paper_id=?", (new,)).fetchone()
            if old_note and new_note and old_note[0] != new_note[0]:
                db.execute("UPDATE notes SET text=?, changed=? WHERE paper_id=?",
                           (f"{new_note[0]}\n\n{old_note[0]}", time.time(), new))
            elif old_note and not new_note:
                db.execute("INSERT INTO notes SELECT ?, text, changed FROM notes WHERE paper_id=?", (new, old))
            has_key = db.execute("SELECT 1 FROM citation_keys WHERE paper_id=?", (new,)).fetchone()
            if not has_key:
                db.execute("UPDATE citation_keys SET paper_id=? WHERE paper_id=?", (new, old))
            for table in _TABLES:
                db.execute(f"DELETE FROM {table} WHERE paper_id=?", (old,))
            entry = self.record(db, f"Moved the state of {old} to {new}", f"Moved the state of {new} back to {old}",
                                before)
        return Change(1, entry, value=moved)

    def has_state(self, ids: list[str]) -> set[str]:
        """Which of these ids hold any state."""
        if not ids:
            return set()
        with self.conn.reading() as db:
            found: set[str] = set()
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                rows = db.execute(f"SELECT paper_id FROM state_papers WHERE paper_id IN ({marks(chunk)})", chunk)
                found.update(r[0] for r in rows)
            return found

    def remember(self, papers: list[tuple[str, str, str, str | None, str | None]]) -> None:
        """Keep (id, title, first author, arXiv id, DOI) of papers whose state is about to be orphaned."""
        if papers:
            now = time.time()
            with self.conn.writing() as db:
                db.executemany("INSERT OR REPLACE INTO paper_identities VALUES (?,?,?,?,?,?)",
                               [(*paper, now) for paper in papers])

    def identities(self, ids: list[str]) -> dict[str, tuple[str, str, str | None, str | None]]:
        """What the store remembers of these papers: (title, first author, arXiv id, DOI) by id."""
        out = {}
        with self.conn.reading() as db:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                rows = db.execute(
                    "SELECT paper_id, title, first_author, arxiv, doi FROM paper_identities "
                    f"WHERE paper_id IN ({marks(chunk)})", chunk)
                out.update((r[0], tuple(r[1:])) for r in rows)
        return out
