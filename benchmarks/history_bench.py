"""How fast the history stays with 10,000 changes in it: recording, undo, redo and listing.

    python benchmarks/history_bench.py [--changes 10000] [--runs 7] [--dir DIR]

Fills a store (in a temporary folder, or --dir) with `--changes` real changes (tags, untags,
notes, status) over 500 papers, through the Store as the CLI and the app make them, then times,
median over `--runs` runs, each beside its same-run baseline:

- record: one tag change with the history full (it writes the entry and lets the oldest go);
  baseline: the same change on a store whose `record` writes nothing (the change alone);
- undo / redo: the newest change undone, then redone; baseline: the same rows changed back and
  forth by plain untag/tag without history;
- history: listing all the entries (`reader history -n 0`) and the newest 20 (`reader history`);
  baseline: the bare SQL read of the same rows (no entries made of them).

Writes benchmarks/history_results.json and .md.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

from reader.store import Store

ROOT = Path(__file__).resolve().parent


class PlainStore(Store):
    """The same store with no history written: the baseline for a change."""

    def record(self, db, what, undo, before, undoable=True, set_aside=()):
        return None


def _ids(n: int) -> list[str]:
    return [f"{i:012x}" for i in range(n)]


def fill(store: Store, changes: int, ids: list[str]) -> float:
    """Make `changes` changes (each one changing something) of four kinds; the seconds it took."""
    started, made, n = time.perf_counter(), 0, 0
    while made < changes:
        paper = ids[n % len(ids)]
        kind = n % 4
        if kind == 0:
            change = store.tag([paper], f"t{n % 7}")
        elif kind == 1:
            change = store.set_note(paper, f"note {n}")
        elif kind == 2:
            change = store.set_status([paper], ("reading", "read", "unread")[n % 3])
        else:
            change = store.untag([paper], f"t{(n - 3) % 7}")
        made += bool(change.count)
        n += 1
    return time.perf_counter() - started


def timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def one_run(store: Store, plain: Store, ids: list[str], run: int) -> dict[str, float]:
    paper, tag = ids[run % len(ids)], f"bench{run}"
    out = {
        "record": timed(lambda: store.tag([paper], tag)),
        "record_baseline": timed(lambda: plain.tag([paper], tag)),
        "undo": timed(store.undo),
        "undo_baseline": timed(lambda: plain.untag([paper], tag)),
        "redo": timed(store.redo),
        "redo_baseline": timed(lambda: plain.tag([paper], tag)),
        "history_all": timed(lambda: store.history(0)),
        "history_20": timed(lambda: store.history(20)),
    }
    with store.conn.reading() as db:
        out["history_baseline"] = timed(lambda: db.execute(
            "SELECT seq, at, what, undo, undoable, state FROM history ORDER BY seq DESC").fetchall())
    plain.untag([paper], tag)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="history-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    ids = _ids(500)
    store = Store.open(folder / "history.sqlite3", history_limit=args.changes)
    plain = PlainStore.open(folder / "plain.sqlite3")
    filled = fill(store, args.changes, ids)
    fill(plain, min(args.changes, 2_000), ids)  # the plain tables about as full (500 papers' worth)
    runs = [one_run(store, plain, ids, n) for n in range(args.runs)]
    medians = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    size = store.history_size()
    result = {
        "when": datetime.now().isoformat(timespec="seconds"), "machine": platform.platform(),
        "python": platform.python_version(), "changes": args.changes, "runs": args.runs,
        "history": size, "fill_seconds": round(filled, 2),
        "store_bytes": (folder / "history.sqlite3").stat().st_size,
        "median_ms": {key: round(value * 1000, 3) for key, value in medians.items()},
    }
    store.close()
    plain.close()
    (ROOT / "history_results.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    ms = result["median_ms"]
    lines = [
        f"# History with {args.changes:,} changes ({result['when']}, {result['machine']}, Python {result['python']})",
        "",
        f"Median of {args.runs} runs, each beside its same-run baseline; the store held {size['entries']:,} "
        f"entries ({result['store_bytes'] / 1e6:.1f} MB with the state); filling it took {filled:.1f} s.",
        "",
        "| operation | with the history | baseline | baseline is |",
        "| --- | --- | --- | --- |",
        f"| record a change (tag 1 paper) | {ms['record']:.2f} ms | {ms['record_baseline']:.2f} ms | the change without history |",
        f"| undo the newest change | {ms['undo']:.2f} ms | {ms['undo_baseline']:.2f} ms | plain untag |",
        f"| redo it | {ms['redo']:.2f} ms | {ms['redo_baseline']:.2f} ms | plain tag |",
        f"| list all {size['entries']:,} entries | {ms['history_all']:.2f} ms | {ms['history_baseline']:.2f} ms | "
        "the bare SQL read of the same rows |",
        f"| list the newest 20 | {ms['history_20']:.2f} ms | | |",
    ]
    (ROOT / "history_results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
