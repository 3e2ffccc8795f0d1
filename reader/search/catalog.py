"""The catalog: parsed listings and merged papers in SQLite, beside the Whoosh index.

It is a cache of the listing files, so it lives in the index generation and is rebuilt
with it. It remembers each file's hash so unchanged files are never parsed again.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, fields
from datetime import date
from pathlib import Path

from reader.ingest.merge import merge_keys
from reader.models import Listing, Paper, ParseWarning
from reader.search.analysis import surface_words

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, name TEXT NOT NULL, size INTEGER, mtime_ns INTEGER,
    hash TEXT, format TEXT, warnings TEXT NOT NULL DEFAULT '[]');
CREATE TABLE IF NOT EXISTS listings (
    path TEXT NOT NULL, seq INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (path, seq));
CREATE TABLE IF NOT EXISTS listing_keys (key TEXT NOT NULL, path TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS listing_keys_key ON listing_keys(key);
CREATE INDEX IF NOT EXISTS listing_keys_path ON listing_keys(path);
CREATE TABLE IF NOT EXISTS papers (
    id TEXT PRIMARY KEY, published TEXT, title TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS papers_published ON papers(published);
CREATE TABLE IF NOT EXISTS paper_keys (key TEXT NOT NULL, id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS paper_keys_key ON paper_keys(key);
CREATE INDEX IF NOT EXISTS paper_keys_id ON paper_keys(id);
CREATE TABLE IF NOT EXISTS vocab (word TEXT PRIMARY KEY, freq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT);
"""


_LISTING_FIELDS = [field.name for field in fields(Listing)]


def _listing_to_json(listing: Listing) -> str:
    data = {name: getattr(listing, name) for name in _LISTING_FIELDS}  # asdict() copies deeply: slow
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

    def for_building(self) -> Catalog:
        """A bigger page cache for a build (16 MB): with SQLite's 2 MB the same index pages spill into the
        write-ahead log again and again (4 GB of log at a million papers)."""
        self.db.execute("PRAGMA cache_size=-16384")
        return self

    def commit_so_far(self) -> None:
        """Commit a build's transaction so far and go on in a new one (the log can then be reused)."""
        self.db.execute("COMMIT")
        self.db.execute("BEGIN")

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

    def put_file(self, path, name, size, mtime_ns, digest, fmt, warnings, listings) -> set[str]:
        """Replace a file's listings; returns the merge keys it touched, old and new."""
        touched = self.drop_file(path)
        self.db.execute(
            "INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?)",
            (path, name, size, mtime_ns, digest, fmt,
             json.dumps([asdict(w) for w in warnings], ensure_ascii=False)),
        )
        return touched | self.add_listings(path, 0, listings)

    def add_listings(self, path: str, start: int, listings: Iterable[Listing]) -> set[str]:
        """Append listings to a file, numbered from `start`; the merge keys they hold."""
        rows, keys = [], []
        for seq, listing in enumerate(listings, start):
            mine = merge_keys(listing)
            if mine:
                rows.append((path, seq, _listing_to_json(listing)))
                keys.extend((key, path, seq) for key in mine)
        self.db.executemany("INSERT INTO listings VALUES (?,?,?)", rows)
        self.db.executemany("INSERT INTO listing_keys VALUES (?,?,?)", keys)
        return {key for key, _, _ in keys}

    def finish_file(self, path: str, digest: str, warnings: list[ParseWarning]) -> None:
        """Record the hash and warnings of a file read a batch at a time."""
        self.db.execute("UPDATE files SET hash=?, warnings=? WHERE path=?",
                        (digest, json.dumps([asdict(w) for w in warnings], ensure_ascii=False), path))

    def iter_listings(self, path: str) -> Iterator[tuple[int, Listing]]:
        """A file's listings in order, read a batch at a time."""
        cursor = self.db.execute("SELECT seq, data FROM listings WHERE path=? ORDER BY seq", (path,))
        while rows := cursor.fetchmany(2000):
            yield from ((seq, _listing_from_json(data)) for seq, data in rows)

    def shared_listings(self) -> list[tuple[str, int, Listing]]:
        """(path, seq, listing) of every listing that shares a merge key with another."""
        rows = self.db.execute(
            "SELECT DISTINCT k.path, k.seq, l.data FROM listing_keys k JOIN listings l "
            "ON l.path = k.path AND l.seq = k.seq WHERE k.key IN "
            "(SELECT key FROM listing_keys GROUP BY key HAVING count(*) > 1)")
        return [(path, seq, _listing_from_json(data)) for path, seq, data in rows]

    def has_ids(self, ids: list[str]) -> set[str]:
        """Which of these ids are papers here."""
        return {i for (i,) in self._rows_in("SELECT id FROM papers WHERE id IN", ids)}

    def drop_file(self, path: str) -> set[str]:
        """Forget a file and its listings; returns the merge keys it had."""
        keys = {k for (k,) in self.db.execute("SELECT key FROM listing_keys WHERE path=?", (path,))}
        self.db.execute("DELETE FROM listing_keys WHERE path=?", (path,))
        self.db.execute("DELETE FROM listings WHERE path=?", (path,))
        self.db.execute("DELETE FROM files WHERE path=?", (path,))
        return keys

    def listing_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM listings").fetchone()[0]

    def connected(self, keys: set[str]) -> tuple[set[str], set[str]]:
        """Everything a change to `keys` can re-merge: every key reachable through listings or
        papers that share one, and the ids of the papers holding any of them."""
        keys, ids, frontier = set(keys), set(), set(keys)
        while frontier:
            found_ids = {i for (i,) in self._rows_in("SELECT id FROM paper_keys WHERE key IN", frontier)} - ids
            ids |= found_ids
            reached = {k for (k,) in self._rows_in("SELECT key FROM paper_keys WHERE id IN", found_ids)}
            reached.update(k for (k,) in self._rows_in(
                "SELECT k2.key FROM listing_keys k1 JOIN listing_keys k2 ON k2.path = k1.path AND k2.seq = k1.seq "
                "WHERE k1.key IN", frontier))
            frontier = reached - keys
            keys |= frontier
        return keys, ids

    def listings_with(self, keys: Iterable[str], rank: dict[str, int]) -> list[Listing]:
        """Every listing holding any of `keys`, ordered by file rank then position in the file."""
        places = set(self._rows_in("SELECT path, seq FROM listing_keys WHERE key IN", keys))
        found = []
        for path, seq in places:
            (data,) = self.db.execute("SELECT data FROM listings WHERE path=? AND seq=?", (path, seq)).fetchone()
            found.append((rank.get(path, 1 << 30), path, seq, data))
        return [_listing_from_json(d) for *_, d in sorted(found)]

    # papers ----------------------------------------------------------------
    def put_papers(self, papers: Iterable[tuple[Paper, Iterable[str]]]) -> None:
        """Store papers, each with the merge keys of its listings."""
        rows, keys = [], []
        for p, merge_keys_of_p in papers:
            rows.append((p.id, p.published.isoformat() if p.published else None, p.title,
                         json.dumps(p.to_json(), ensure_ascii=False)))
            keys.extend((key, p.id) for key in set(merge_keys_of_p))
        self.db.executemany("INSERT OR REPLACE INTO papers VALUES (?,?,?,?)", rows)
        self.db.executemany("INSERT INTO paper_keys VALUES (?,?)", keys)

    def drop_papers(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        self.db.executemany("DELETE FROM papers WHERE id=?", ((i,) for i in ids))
        self.db.executemany("DELETE FROM paper_keys WHERE id=?", ((i,) for i in ids))

    def ids_for_key(self, key: str) -> list[str]:
        """Ids of the papers matched on one merge key (`arxiv:…`, `doi:…`, `title:…`)."""
        return [i for (i,) in self.db.execute("SELECT id FROM paper_keys WHERE key=?", (key,))]

    def count(self) -> int:
        """The number of papers, as noted by the last write (a million-row count takes ~50 ms)."""
        noted = self.meta("papers")
        return int(noted) if noted is not None else self.count_rows()

    def count_rows(self) -> int:
        return self.db.execute("SELECT count(*) FROM papers").fetchone()[0]

    def note_count(self) -> None:
        """Note the number of papers for count(); called inside each write's transaction."""
        self.set_meta("papers", str(self.count_rows()))

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
