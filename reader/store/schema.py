"""The schema as numbered migration steps, applied through `PRAGMA user_version`.

Step N takes a store from version N-1 to N. An existing store is backed up (SQLite's
backup API) before its first step runs; each step is one transaction.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from reader.store.errors import StoreError
from reader.store.files import make_backup


@dataclass(frozen=True)
class Migration:
    version: int
    what: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "tags, reading lists, status and notes", (
        """CREATE TABLE paper_tags(
            paper_id TEXT NOT NULL, tag TEXT NOT NULL, added REAL NOT NULL,
            PRIMARY KEY (paper_id, tag)) WITHOUT ROWID""",
        "CREATE INDEX paper_tags_by_tag ON paper_tags(tag, paper_id)",
        """CREATE TABLE lists(
            id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE, created REAL NOT NULL)""",
        """CREATE TABLE list_papers(
            list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
            paper_id TEXT NOT NULL, position INTEGER NOT NULL, added REAL NOT NULL,
            PRIMARY KEY (list_id, paper_id)) WITHOUT ROWID""",
        "CREATE INDEX list_papers_in_order ON list_papers(list_id, position)",
        "CREATE INDEX list_papers_by_paper ON list_papers(paper_id)",
        """CREATE TABLE status(
            paper_id TEXT PRIMARY KEY, status TEXT NOT NULL CHECK (status IN ('reading', 'read')),
            changed REAL NOT NULL) WITHOUT ROWID""",
        "CREATE TABLE notes(paper_id TEXT PRIMARY KEY, text TEXT NOT NULL, changed REAL NOT NULL) WITHOUT ROWID",
        "INSERT INTO lists(name, created) VALUES ('Reading list', CAST(strftime('%s', 'now') AS REAL))",
    )),
    Migration(2, "pinned citation keys, and one view of every paper with state", (
        "CREATE TABLE citation_keys(paper_id TEXT PRIMARY KEY, key TEXT UNIQUE NOT NULL) WITHOUT ROWID",
        """CREATE VIEW state_papers(paper_id) AS
            SELECT paper_id FROM paper_tags UNION SELECT paper_id FROM list_papers
            UNION SELECT paper_id FROM status UNION SELECT paper_id FROM notes
            UNION SELECT paper_id FROM citation_keys""",
    )),
    Migration(3, "what the store remembers of papers whose state was orphaned, to re-attach it", (
        """CREATE TABLE paper_identities(
            paper_id TEXT PRIMARY KEY, title TEXT NOT NULL, first_author TEXT NOT NULL,
            arxiv TEXT, doi TEXT, seen REAL NOT NULL) WITHOUT ROWID""",
    )),
    Migration(4, "saved searches: a name, the query with its filters, the sort, and a place (keys 1-9)", (
        """CREATE TABLE saved_searches(
            name TEXT PRIMARY KEY COLLATE NOCASE, query TEXT NOT NULL, sort TEXT NOT NULL,
            position INTEGER NOT NULL, created REAL NOT NULL)""",
    )),
    Migration(5, "one history of every change (undo and redo across processes), and tombstones of removals", (
        """CREATE TABLE history(
            seq INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, what TEXT NOT NULL, undo TEXT NOT NULL,
            undoable INTEGER NOT NULL DEFAULT 1,
            state TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone', 'dropped')),
            undone_at REAL, changes TEXT NOT NULL)""",
        "CREATE INDEX history_by_state ON history(state, seq)",
        """CREATE TABLE tombstones(
            kind TEXT NOT NULL CHECK (kind IN ('tag', 'list', 'list entry', 'note')),
            name TEXT NOT NULL, paper_id TEXT NOT NULL, removed REAL NOT NULL,
            PRIMARY KEY (kind, name, paper_id)) WITHOUT ROWID""",
    )),
    Migration(6, "reading lists linked to files that reader keeps up to date", (
        # keyed by the list's id and creation time, so a rename keeps the link and a new list that
        # reuses a deleted one's id does not inherit it; no foreign key, since undo puts a list's
        # row back by deleting and re-inserting it (a cascade would drop the link)
        """CREATE TABLE list_links(
            list_id INTEGER PRIMARY KEY, list_created REAL NOT NULL, path TEXT NOT NULL UNIQUE, format TEXT NOT NULL,
            with_state INTEGER NOT NULL, browser_url TEXT, linked REAL NOT NULL,
            written_hash TEXT, written_size INTEGER, written_mtime REAL, written REAL)""",
    )),
)
VERSION = MIGRATIONS[-1].version


def version_of(db: sqlite3.Connection) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def refuse_newer(path: Path, version: int) -> None:
    if version > VERSION:
        raise StoreError(
            f"the store {path} was written by a newer reader (schema v{version}; this one knows "
            f"v{VERSION}): upgrade reader, or use another --data-dir"
        )


def migrate(db: sqlite3.Connection, path: Path, target: int = VERSION) -> Path | None:
    """Bring the store to `target`; returns the backup made first, if any."""
    current = version_of(db)
    refuse_newer(path, current)
    if current >= target:
        return None
    backup = make_backup(db, path, current) if current > 0 else None
    for step in MIGRATIONS[current:target]:
        db.execute("BEGIN IMMEDIATE")
        try:
            if version_of(db) == step.version - 1:  # another process may have run this step
                for statement in step.statements:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {step.version}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    return backup
