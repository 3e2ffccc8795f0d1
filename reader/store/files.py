"""The store file on disk: checks made before SQLite touches it, backups, moving aside."""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import time
from pathlib import Path

from reader.store.errors import StoreError

_MAGIC = b"SQLite format 3\x00"
_HEADER = 100


def stamp() -> str:
    """A sortable local timestamp for file names."""
    return time.strftime("%Y%m%dT%H%M%S")


def backups(path: Path) -> list[Path]:
    """Backups of the store, oldest first."""
    found = [p for p in path.parent.glob(f"{path.name}.bak-*") if p.is_file()]
    return sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.name))


def latest_backup(path: Path) -> Path | None:
    found = backups(path)
    return found[-1] if found else None


def fresh_name(path: Path, suffix: str) -> Path:
    """`path` + suffix, with a counter when that name is taken."""
    candidate = path.with_name(path.name + suffix)
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}{suffix}-{n}")
        n += 1
    return candidate


def what_to_do(path: Path) -> str:
    """The recovery advice: restore the last backup if there is one, or start fresh."""
    backup = latest_backup(path)
    restore = f"restore the last backup ({backup.name}) with `reader store restore`, or " if backup else ""
    return f"{restore}start fresh with `reader store reset` (it moves the old file aside)"


def damaged(path: Path, why: str) -> StoreError:
    return StoreError(f"the store {path} {why}: {what_to_do(path)}")


def probe(path: Path) -> None:
    """Refuse a file that is not a whole SQLite database, without opening it in SQLite."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            header = handle.read(_HEADER)
    except PermissionError:
        raise StoreError(f"the store {path} cannot be read: make it readable (chmod u+rw) and retry") from None
    except OSError as error:
        raise StoreError(f"the store {path} cannot be read ({error.strerror}): check the disk and retry") from None
    if size == 0:
        raise damaged(path, "is empty (0 bytes) and holds no tags or lists")
    if header[:16] != _MAGIC and not (len(header) < 16 and _MAGIC.startswith(header)):
        raise damaged(path, "is not a SQLite database (corrupt)")
    if len(header) < _HEADER:
        raise damaged(path, "is truncated")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise damaged(path, "has a corrupt header")
    pages = int.from_bytes(header[28:32], "big")
    header_valid = header[24:28] == header[92:96]
    if size % page_size or (header_valid and pages and size < pages * page_size):
        raise damaged(path, "is truncated")


def writable(path: Path) -> bool:
    """Whether the file and its folder (for SQLite's -wal and -shm files) can be written."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def backup_to(db: sqlite3.Connection, target: Path) -> Path:
    """A consistent copy of the open database through SQLite's backup API (never a file copy)."""
    copy = sqlite3.connect(target)
    try:
        db.backup(copy)
    finally:
        copy.close()
    return target


def make_backup(db: sqlite3.Connection, path: Path, version: int) -> Path:
    """`state.sqlite3.bak-v<N>-<timestamp>` next to the store."""
    return backup_to(db, fresh_name(path, f".bak-v{version}-{stamp()}"))


def discard(path: Path) -> None:
    """Delete a file and any -wal, -shm or -journal file SQLite left beside it."""
    for name in (path.name, *(path.name + side for side in ("-wal", "-shm", "-journal"))):
        path.with_name(name).unlink(missing_ok=True)


UNFINISHED_AFTER = 60.0  # seconds: a new store still unfinished after this was abandoned


def unfinished_name(path: Path, pid: int, tag: str) -> Path:
    """Where a new store is built before it is linked into place: `.state.sqlite3.new-<pid>-<tag>`."""
    return path.with_name(f".{path.name}.new-{pid}-{tag}")


def _alive(pid: int) -> bool:
    """Whether process `pid` runs (True when that cannot be told, as on Windows)."""
    if os.name == "nt" or pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process, say
        return True
    return True


def clear_unfinished(path: Path, now: float | None = None) -> list[Path]:
    """Delete new stores (and their -wal/-shm/-journal) that a killed process left unfinished
    beside `path`: those whose creator is gone, and those older than a minute. What was
    deleted; a file that cannot be deleted (a read-only folder) is left alone."""
    now = time.time() if now is None else now
    pattern = re.compile(rf"\.{re.escape(path.name)}\.new-(\d+)-")
    removed = []
    for leftover in path.parent.glob(f".{path.name}.new-*"):
        match = pattern.match(leftover.name)
        with contextlib.suppress(OSError):
            abandoned = now - leftover.stat().st_mtime > UNFINISHED_AFTER
            if abandoned or (match is not None and not _alive(int(match.group(1)))):
                leftover.unlink()
                removed.append(leftover)
    return removed


def move_aside(path: Path) -> Path:
    """Rename the store (and any -wal/-shm beside it) to `*.corrupt-<timestamp>`; nothing is deleted."""
    target = fresh_name(path, f".corrupt-{stamp()}")
    os.rename(path, target)
    for extra in ("-wal", "-shm"):
        side = path.with_name(path.name + extra)
        if side.exists():
            os.rename(side, target.with_name(target.name + extra))
    return target
