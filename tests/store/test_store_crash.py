"""SIGKILL at random moments: every acknowledged change is there afterwards and the file is sound."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import textwrap

from reader.store import Store

KILLS = 50

WRITER = textwrap.dedent(
    """
    import sys
    from reader.store import Store

    store = Store.open(sys.argv[1])
    run = sys.argv[2]
    store.create_list("run " + run)
    print("list", run, flush=True)
    for n in range(100000):
        paper = f"{int(run):04x}{n:08x}"
        if n % 2:
            store.list_add("run " + run, [paper])
            print("listed", paper, flush=True)
        else:
            store.tag([paper, "ffffffffffff"], ["r" + run, "shared"])
            print("tagged", paper, flush=True)
    """
)


def test_acknowledged_changes_survive_sigkill(tmp_path):
    path = tmp_path / "state.sqlite3"
    rng = random.Random(20240601)
    for run in range(KILLS):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(run)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        acks = []
        for _ in range(rng.randrange(0, 30)):
            line = writer.stdout.readline()
            if not line:
                break
            acks.append(line.split())
        writer.send_signal(signal.SIGKILL)
        writer.communicate()
        assert writer.returncode == -signal.SIGKILL

        if not path.exists():
            assert acks == []  # killed before the store was made: no half-made file is left
            continue
        check = sqlite3.connect(path)
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        check.close()
        store = Store.open(path)
        lists = dict(store.lists())
        tagged = set(store.tagged(f"r{run}"))
        listed = set(store.list_ids(f"run {run}")) if f"run {run}" in lists else set()
        for kind, value in acks:
            if kind == "list":
                assert f"run {run}" in lists
            elif kind == "tagged":
                assert value in tagged
            else:
                assert value in listed
        store.close()
