"""A damaged, locked, read-only, old or too-new store file: clear messages, and the file is never touched."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reader.store import Store, StoreError
from reader.store import connection, files
from reader.store.schema import VERSION, migrate
from reader.store.store import reset, restore_backup

ID = "0123456789ab"


def make_store(path: Path) -> Path:
    store = Store.open(path)
    store.tag([ID], ["ml"])
    store.set_note(ID, "keep me")
    store.close()
    return path


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file in the folder with its mtime and bytes."""
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(folder.iterdir()) if p.is_file()}


def garbage(path: Path) -> None:
    path.write_bytes(b"this is not a database, just some text that got here\n" * 300)


def truncated(path: Path) -> None:
    make_store(path)
    path.write_bytes(path.read_bytes()[:6000])


def truncated_header(path: Path) -> None:
    make_store(path)
    path.write_bytes(path.read_bytes()[:40])


def zero_length(path: Path) -> None:
    path.write_bytes(b"")


def bad_pages(path: Path) -> None:
    make_store(path)
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[100:page] = bytes(range(256)) * ((page - 100) // 256) + bytes((page - 100) % 256)  # the schema page
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "damage, says",
    [
        (garbage, "is not a SQLite database (corrupt)"),
        (truncated, "is truncated"),
        (truncated_header, "is truncated"),
        (zero_length, "is empty (0 bytes)"),
        (bad_pages, "is corrupt"),
    ],
    ids=["garbage", "truncated", "truncated-header", "zero-length", "corrupt-pages"],
)
def test_a_damaged_store_gets_one_line_and_stays_byte_identical(tmp_path, damage, says):
    path = tmp_path / "state.sqlite3"
    damage(path)
    before = snapshot(tmp_path)
    with pytest.raises(StoreError) as raised:
        Store.open(path)
    message = str(raised.value)
    assert "\n" not in message and str(path) in message and says in message
    assert "start fresh with `reader store reset` (it moves the old file aside)" in message
    assert snapshot(tmp_path) == before  # no -wal/-shm left beside it, not a byte changed


def test_the_message_offers_the_last_backup_when_there_is_one(tmp_path):
    path = make_store(tmp_path / "state.sqlite3")
    store = Store.open(path)
    backup = store.backup()
    store.close()
    garbage(path)
    with pytest.raises(StoreError, match=f"restore the last backup \\({backup.name}\\) with `reader store restore`"):
        Store.open(path)


def test_a_read_only_store_is_read_and_each_change_refused_untouched(tmp_path, monkeypatch):
    path = make_store(tmp_path / "state.sqlite3")
    before = path.read_bytes()
    monkeypatch.setattr(files, "writable", lambda p: False)  # root ignores chmod: simulate what it reports
    store = Store.open(path)
    assert store.read_only and store.ids_for("tag", "ml") == (frozenset({ID}), False)
    with pytest.raises(StoreError, match=r"the store .*state\.sqlite3 is read-only: make it and its folder writable"):
        store.tag([ID], ["new"])
    store.close()
    assert path.read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write read-only files")
def test_a_chmod_read_only_store_is_read_and_never_written(tmp_path):
    path = make_store(tmp_path / "state.sqlite3")
    path.chmod(0o444)
    before = path.read_bytes()
    store = Store.open(path)
    with pytest.raises(StoreError, match="is read-only"):
        store.tag([ID], ["new"])
    store.close()
    assert path.read_bytes() == before


def test_writable_checks_the_file_and_its_folder(tmp_path, monkeypatch):
    path = make_store(tmp_path / "state.sqlite3")
    asked = []
    monkeypatch.setattr(os, "access", lambda p, mode: asked.append((Path(p), mode)) or Path(p) != path)
    assert files.writable(path) is False and asked[0] == (path, os.W_OK)


LOCKER = textwrap.dedent(
    """
    import sqlite3, sys
    db = sqlite3.connect(sys.argv[1], isolation_level=None)
    db.execute("PRAGMA locking_mode = EXCLUSIVE")
    db.execute("BEGIN EXCLUSIVE")
    db.execute("UPDATE notes SET text = text")
    print("locked", flush=True)
    sys.stdin.readline()
    db.execute("ROLLBACK")
    """
)


def test_a_locked_store_says_retry_and_is_untouched(tmp_path):
    path = make_store(tmp_path / "state.sqlite3")
    locker = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert locker.stdout.readline().strip() == "locked"
        before = snapshot(tmp_path)
        with pytest.raises(StoreError) as raised:
            Store.open(path, timeout=0.2)
        assert str(raised.value) == (
            f"the store {path} is locked by another program: close it or retry in a moment"
        )
        assert snapshot(tmp_path) == before
        with pytest.raises(StoreError, match="in use by another program: close it first"):
            reset(path)
    finally:
        locker.communicate("\n", timeout=10)
    store = Store.open(path)  # once the other program lets go, it opens
    assert store.note(ID) == "keep me"
    store.close()


def test_a_store_from_a_newer_reader_is_refused_untouched(tmp_path):
    path = make_store(tmp_path / "state.sqlite3")
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {VERSION + 1}")
    db.commit()
    db.close()
    before = snapshot(tmp_path)
    with pytest.raises(StoreError) as raised:
        Store.open(path)
    assert str(raised.value) == (
        f"the store {path} was written by a newer reader (schema v{VERSION + 1}; this one knows v{VERSION}): "
        "upgrade reader, or use another --data-dir"
    )
    assert snapshot(tmp_path) == before


def build_v1(path: Path) -> None:
    """A store as the first schema version made it, with some state in it."""
    db = connection.connect(path, create=True)
    db.execute("PRAGMA journal_mode = WAL")
    migrate(db, path, target=1)
    db.execute("INSERT INTO paper_tags VALUES (?, 'ml', 1.0)", (ID,))
    db.execute("INSERT INTO list_papers VALUES (1, ?, 0, 1.0)", (ID,))
    db.execute("INSERT INTO status VALUES (?, 'read', 1.0)", (ID,))
    db.execute("INSERT INTO notes VALUES (?, 'from v1', 1.0)", (ID,))
    db.close()


def test_an_older_store_is_backed_up_then_migrated(tmp_path):
    path = tmp_path / "state.sqlite3"
    build_v1(path)
    store = Store.open(path)
    assert store.version == VERSION >= 3
    backup = store.backup_made
    assert backup is not None and backup.name.startswith("state.sqlite3.bak-v1-")
    assert files.latest_backup(path) == backup
    state = store.state(ID)
    assert (state.tags, state.lists, state.status, state.note) == (("ml",), ("Reading list",), "read", "from v1")
    assert store.pin_keys({ID: "smith2024"}) == 1  # the v2 table
    assert store.paper_ids() == {ID}  # the v2 view
    store.close()
    copy = sqlite3.connect(f"file:{backup}?mode=ro&immutable=1", uri=True)
    assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT text FROM notes").fetchall() == [("from v1",)]
    assert copy.execute("SELECT name FROM sqlite_master WHERE name='citation_keys'").fetchall() == []
    copy.close()
    reopened = Store.open(path)  # already current: no second backup
    assert reopened.backup_made is None and files.backups(path) == [backup]
    reopened.close()


def test_a_new_store_needs_no_backup_and_is_in_wal_mode(tmp_path):
    path = tmp_path / "state.sqlite3"
    store = Store.open(path)
    assert store.backup_made is None and files.backups(path) == []
    with store.conn.reading() as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] == int(connection.BUSY_TIMEOUT * 1000)
    store.close()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_reset_moves_a_bad_store_aside_and_a_fresh_one_follows(tmp_path):
    path = tmp_path / "state.sqlite3"
    garbage(path)
    bad = path.read_bytes()
    moved = reset(path)
    assert moved.name.startswith("state.sqlite3.corrupt-") and moved.read_bytes() == bad
    store = Store.open(path)
    assert store.lists() == [("Reading list", 0)]
    store.close()
    with pytest.raises(Exception, match="is healthy: to start fresh anyway add --force"):
        reset(path)
    assert reset(path, force=True).exists() and not path.exists()


def test_restore_brings_back_the_last_backup(tmp_path):
    path = make_store(tmp_path / "state.sqlite3")
    store = Store.open(path)
    store.backup()
    store.close()
    zero_length(path)
    used, moved = restore_backup(path)
    assert used == files.latest_backup(path) and moved.read_bytes() == b""
    store = Store.open(path)
    assert store.note(ID) == "keep me" and store.tags() == [("ml", 1)]
    store.close()
