"""The catalog: parsed listings and merged papers in SQLite, beside the Whoosh index.

It is a cache of the listing files, so it lives in the index generation and is rebuilt
with it. It remembers each file's hash so unchanged files are never parsed again.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from datetime import date
from pathlib import Path

from reader.models import Listing, Paper, ParseWarning
from reader.search.analysis import surface_words

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, name TEXT NOT NULL, size INTEGER, mtime_ns INTEGER,
    hash TEXT, format TEXT, warnings TEXT NOT NULL DEFAULT '[]');
CREATE TABLE IF NOT EXISTS listings (
    path TEXT NOT NULL, seq INTEGER NOT NULL, key TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (path, seq));
CREATE INDEX IF NOT EXISTS listings_key ON listings(key);
CREATE TABLE IF NOT EXISTS papers (
    id TEXT PRIMARY KEY, key TEXT NOT NULL, published TEXT, title TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS papers_published ON papers(published);
CREATE TABLE IF NOT EXISTS vocab (word TEXT PRIMARY KEY, freq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT);
"""


def _listing_to_json(listing: Listing) -> str:
    data = asdict(listing)
    data["published"] = listing.published.isoformat() if listing.published else None
    return json.dumps(data, ensure_ascii=False)


def _listing_from_json(text: str) -> Listing:
    data = json.loads(text)
    published = data.pop("published")
    for key in ("authors", "orgs"):
        data[key] = tuple(data[key])
    return Listing(**data, published=date.fromisoformat(published) if published else None)


class Catalog:
    """SQLite tables for files, listings, papers and the word list."""

    def __init__(self, path: Path, create: bool = True):
        if not create and not path.is_file():
            raise FileNotFoundError(f"no catalog at {path}")
        self.path = path
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def meta(self, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE name=?", (name,)).fetchone()
        return row[0] if row else None

    def set_meta(self, name: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, value))

    def _rows_in(self, select: str, values: Iterable[str]) -> Iterator[tuple]:
        """The rows of `select … IN` over `values`, asked 500 at a time (SQLite caps the variables)."""
        values = list(values)
        for start in range(0, len(values), 500):
            chunk = values[start : start + 500]
            yield from self.db.execute(f"{select} ({','.join('?' * len(chunk))})", chunk)

    # files -----------------------------------------------------------------
    def files(self) -> dict[str, sqlite3.Row]:
        """Every known file by path: (size, mtime_ns, hash, format, warnings)."""
        rows = self.db.execute("SELECT path, name, size, mtime_ns, hash, format, warnings FROM files")
        return {row[0]: row for row in rows}

    def warnings(self) -> list[ParseWarning]:
        """Parse warnings of every indexed file, in file order."""
        out = []
        for (text,) in self.db.execute("SELECT warnings FROM files ORDER BY path"):
            out.extend(ParseWarning(**w) for w in json.loads(text))
        return out

    def touch_file(self, path: str, size: int, mtime_ns: int) -> None:
        self.db.execute("UPDATE files SET size=?, mtime_ns=? WHERE path=?", (size, mtime_ns, path))

    def put_file(self, path, name, size, mtime_ns, digest, fmt, warnings, listings, key_of) -> set[str]:
        """Replace a file's listings; returns the merge keys it touched, old and new."""
        touched = self.drop_file(path)
        self.db.execute(
            "INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?)",
            (path, name, size, mtime_ns, digest, fmt,
             json.dumps([asdict(w) for w in warnings], ensure_ascii=False)),
        )
        rows = []
        for seq, listing in enumerate(listings):
            key = key_of(listing.title)
            if key:
                touched.add(key)
                rows.append((path, seq, key, _listing_to_json(listing)))
        self.db.executemany("INSERT INTO listings VALUES (?,?,?,?)", rows)
        return touched

    def drop_file(self, path: str) -> set[str]:
        """Forget a file and its listings; returns the merge keys it had."""
        keys = {k for (k,) in self.db.execute("SELECT key FROM listings WHERE path=?", (path,))}
        self.db.execute("DELETE FROM listings WHERE path=?", (path,))
        self.db.execute("DELETE FROM files WHERE path=?", (path,))
        return keys

    def listing_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM listings").fetchone()[0]

    def listings_for(self, keys: Iterable[str], rank: dict[str, int]) -> dict[str, list[Listing]]:
        """Every listing of each key, ordered by file rank then position in the file."""
        found: dict[str, list[tuple]] = {}
        for path, seq, key, data in self._rows_in("SELECT path, seq, key, data FROM listings WHERE key IN", keys):
            found.setdefault(key, []).append((rank.get(path, 1 << 30), seq, data))
        return {k: [_listing_from_json(d) for _, _, d in sorted(v)] for k, v in found.items()}

    # papers ----------------------------------------------------------------
    def put_papers(self, papers: Iterable[tuple[str, Paper]]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO papers VALUES (?,?,?,?,?)",
            (
                (p.id, key, p.published.isoformat() if p.published else None, p.title,
                 json.dumps(p.to_json(), ensure_ascii=False))
                for key, p in papers
            ),
        )

    def drop_papers(self, ids: Iterable[str]) -> None:
        self.db.executemany("DELETE FROM papers WHERE id=?", ((i,) for i in ids))

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM papers").fetchone()[0]

    def get(self, ids: list[str]) -> dict[str, Paper]:
        """Papers by id (missing ids are left out)."""
        out: dict[str, Paper] = {}
        for (data,) in self._rows_in("SELECT data FROM papers WHERE id IN", ids):
            paper = Paper.from_json(json.loads(data))
            out[paper.id] = paper
        return out

    def ids_with_prefix(self, prefix: str, limit: int = 2) -> list[str]:
        rows = self.db.execute(
            "SELECT id FROM papers WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
            (prefix, prefix + "\uffff", limit),
        )
        return [r[0] for r in rows]

    def iter_papers(self) -> Iterator[Paper]:
        for (data,) in self.db.execute("SELECT data FROM papers ORDER BY rowid"):
            yield Paper.from_json(json.loads(data))

    # words -----------------------------------------------------------------
    def add_words(self, papers: Iterable[Paper]) -> None:
        """Count the folded words of titles, abstracts and authors, for prefix and spelling."""
        counts: Counter[str] = Counter()
        for paper in papers:
            counts.update(surface_words(paper.title))
            counts.update(surface_words(paper.abstract))
            counts.update(surface_words(" ".join(paper.authors)))
        self.db.executemany(
            "INSERT INTO vocab VALUES (?, ?) ON CONFLICT(word) DO UPDATE SET freq = freq + excluded.freq",
            counts.items(),
        )

    def words(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT word, freq FROM vocab"))
