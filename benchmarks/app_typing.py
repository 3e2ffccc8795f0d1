"""One typing session of the app benchmark, in a fresh process: start the app as `reader`
starts it, type the queries, print latencies, stalls and memory as JSON.

    python benchmarks/app_typing.py DATA_DIR LISTING_FOLDER... [--interval 0.1] [--rounds 4]

The app opens the library itself (create_app with an opener, as `reader` does), which
moves searches to a process of its own for a big library. Round 1 starts typing the
moment the app is interactive: its first frame is painted and the search bar has the
focus. The library may still be opening then, and the search process still opening or
warming up; every key's wait counts in full. Later rounds type the same queries again.

After the last round, before the app closes, the memory of the app is read from /proc:
VmRSS (now) and VmHWM (peak) of this process (the UI) and of its child running
`reader.search_server` (the search process), if there is one. MB are 2**20 bytes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from pathlib import Path

QUERIES = [
    "language models",
    "diffusion",
    "reinforcement learning agents",
    "graph neural network",
    "attention year:2024",
    "author:cohen",
    "retrieval OR rag",
    "lang* -vision",
]
SEARCH_SERVER = "reader.search_server"
WAIT_S = 600.0  # the longest the app may take to show a query's results (round 1 at 1M opens the library)


def memory_of(pid: int) -> dict:
    """VmRSS and VmHWM of a process, in MB, from /proc/<pid>/status."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = round(int(value.split()[0]) / 1024, 1)  # kB
    return {"pid": pid, "rss_mb": fields["VmRSS"], "peak_mb": fields["VmHWM"]}


def children_of(pid: int) -> list[int]:
    """The child processes of `pid`, from every thread's /proc/<pid>/task/<tid>/children
    (a child belongs to the thread that started it: here the library-opening worker)."""
    found = []
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(c) for c in children.read_text().split()]
        except OSError:
            continue  # that thread ended meanwhile
    return sorted(set(found))


def search_process_of(pid: int) -> int | None:
    """The pid of the child of `pid` running the search server, or None (a small library has none)."""
    for child in children_of(pid):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if SEARCH_SERVER.encode() in command:
            return child
    return None


def app_memory() -> dict:
    """The UI process (this one) and the search process, each and together."""
    ui = memory_of(os.getpid())
    child = search_process_of(os.getpid())
    search = memory_of(child) if child is not None else None
    total = {key: round(ui[key] + (search[key] if search else 0), 1) for key in ("rss_mb", "peak_mb")}
    return {"ui": ui, "search": search, "total": total}


def key_of(char: str) -> str:
    """The Textual key name a terminal sends for `char`."""
    from textual.keys import _character_to_key

    return "space" if char == " " else char if char.isalnum() else _character_to_key(char)


async def type_queries(data: str, folders: list[str], interval: float, rounds: int) -> dict:
    """Start the app over the library, type every query `rounds` times from its first frame."""
    from reader.app import create_app  # first: it sets Textual's repaint cap before Textual loads
    from reader.library import Library
    from reader.widgets.results_list import ResultsList
    from textual import events

    paints: list[tuple[float, str]] = []  # (when a results list reached the screen, the query it shows)
    show = ResultsList.show

    def shown(self, *args, **kwargs):  # patched on the class: the first results may come at any time
        query = self.screen.result.query
        show(self, *args, **kwargs)
        self.call_after_refresh(lambda: paints.append((time.perf_counter(), query)))

    ResultsList.show = shown
    app = create_app(lambda progress: Library.open(data, folders, progress))  # as `reader` opens it
    out: dict = {"rounds": []}
    stalls: list[float] | None = None  # the current round's, while a query is being typed
    opened: list[float] = []  # when the app had the library open (its opening worker done)

    async def watch_loop():
        while True:
            due = time.perf_counter() + 0.001
            await asyncio.sleep(0.001)
            if stalls is not None:
                stalls.append(time.perf_counter() - due)
            if not opened and app.library is not None:
                opened.append(time.perf_counter())

    async with app.run_test(size=(120, 40)) as pilot:
        await until(lambda: app.main.search_bar.has_focus)
        painted = asyncio.Event()
        app.call_after_refresh(painted.set)
        await painted.wait()  # interactive: the first frame is on screen, the search bar focused
        first_key = time.perf_counter()
        if app.library is not None:
            opened.append(first_key)  # already open at the first frame
        watcher = asyncio.create_task(watch_loop())
        bar = app.main.search_bar
        for round_no in range(rounds):
            latencies: list[float] = []
            round_stalls: list[float] = []
            out["rounds"].append({"latencies": latencies, "stalls": round_stalls})
            for n, query in enumerate(QUERIES):
                if round_no or n:  # the very first query is typed into the empty bar at once
                    bar.value = ""
                    await until(lambda: app.main.result is not None and app.main.result.query == ""
                                and paints and paints[-1][1] == "")
                    await pilot.pause()
                sent = []
                stalls = round_stalls
                for i, char in enumerate(query, 1):
                    sent.append((time.perf_counter(), query[:i].strip()))
                    app._driver.send_message(events.Key(key_of(char), char))
                    await asyncio.sleep(interval)
                await until(lambda: paints and paints[-1][1] == query)
                stalls = None
                latencies += keystroke_latencies(sent, paints)
        out["memory"] = app_memory()  # after typing every query, the app still running
        out["first_results_after_first_key_s"] = next(t for t, _ in paints if t >= first_key) - first_key
        out["library_open_after_first_key_s"] = opened[0] - first_key
        watcher.cancel()
    if app.library is not None:
        app.library.close()
    return out


def keystroke_latencies(sent: list[tuple[float, str]], paints: list[tuple[float, str]]) -> list[float]:
    """For each key: time to the first paint of the text typed so far or of a later prefix."""
    out = []
    prefixes = [text for _, text in sent]
    for i, (at, _) in enumerate(sent):
        newer = set(prefixes[i:])
        first = next((t for t, shown in paints if t >= at and shown in newer), None)
        if first is None:  # cannot happen once the whole query is painted; never drop a key silently
            raise RuntimeError(f"no results painted for key {i + 1} of {prefixes[-1]!r}")
        out.append(first - at)
    return out


async def until(condition, timeout: float = WAIT_S) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there in time")
        await asyncio.sleep(0.002)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data")
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--interval", type=float, default=0.1)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(type_queries(args.data, args.folders, args.interval, args.rounds))))


if __name__ == "__main__":
    main()
