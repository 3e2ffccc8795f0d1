"""A process killed while creating the store leaves `.state.sqlite3.new-*` behind; the next
open clears it (creator gone, or older than a minute) and never one still being built."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from reader.store import files
from reader.store.store import STORE_FILE, Store

ROOT = Path(__file__).resolve().parents[2]

# Build a store as Store.open does, but die by SIGKILL just before linking it into place.
KILLED_WHILE_CREATING = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from reader.store import store

    def die(*args):
        os.kill(os.getpid(), signal.SIGKILL)

    store.os.link = die
    store.os.replace = die
    store.Store.open(Path(sys.argv[1]))
    """
)


def leftovers(data: Path) -> list[str]:
    return sorted(p.name for p in data.glob(f".{STORE_FILE}.new-*"))


def kill_while_creating(data: Path) -> None:
    data.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-c", KILLED_WHILE_CREATING, str(data / STORE_FILE)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == -9, done.stderr
    assert leftovers(data), "the killed process left no unfinished store: the test shows nothing"
    assert not (data / STORE_FILE).exists()


def test_a_store_creation_killed_before_linking_leaves_nothing_after_the_next_open(tmp_path):
    data = tmp_path / "data"
    kill_while_creating(data)
    store = Store.open(data / STORE_FILE)
    store.close()
    assert (data / STORE_FILE).exists()
    assert leftovers(data) == []


def test_leftovers_beside_an_existing_store_are_cleared_on_open(tmp_path):
    data = tmp_path / "data"
    Store.open(data / STORE_FILE).close()
    kill_while_creating(data / "elsewhere")  # a dead creator's file, moved beside a store that exists
    for leftover in (data / "elsewhere").iterdir():
        leftover.rename(data / leftover.name)
    assert leftovers(data)
    Store.open(data / STORE_FILE).close()
    assert leftovers(data) == []


def test_an_old_leftover_of_a_live_process_is_cleared_and_a_fresh_one_kept(tmp_path):
    data = tmp_path / "data"
    Store.open(data / STORE_FILE).close()
    path = data / STORE_FILE
    # This process is alive: its new store counts as being built until it is a minute old.
    fresh = files.unfinished_name(path, os.getpid(), "1-1")
    old = files.unfinished_name(path, os.getpid(), "1-2")
    old_wal = old.with_name(old.name + "-wal")
    for leftover in (fresh, old, old_wal):
        leftover.write_bytes(b"")
    past = time.time() - files.UNFINISHED_AFTER - 5
    for leftover in (old, old_wal):
        os.utime(leftover, (past, past))
    Store.open(path).close()
    assert leftovers(data) == [fresh.name]


def test_a_leftover_that_cannot_be_deleted_does_not_stop_the_store_opening(tmp_path, monkeypatch):
    data = tmp_path / "data"
    Store.open(data / STORE_FILE).close()
    dead = files.unfinished_name(data / STORE_FILE, 2**22 + 12345, "1-1")  # above any pid_max
    dead.write_bytes(b"")
    real_unlink = Path.unlink

    def refuse(self, missing_ok=False):  # as in a read-only folder (root ignores chmod)
        if self == dead:
            raise PermissionError(13, "Permission denied", str(self))
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refuse)
    store = Store.open(data / STORE_FILE)
    store.close()
    assert dead.exists()
    monkeypatch.undo()
    assert files.clear_unfinished(data / STORE_FILE) == [dead]
