"""Drive the app with Pilot over a large corpus: keystroke-to-results latency and event-loop stalls.

    python benchmarks/app_bench.py [--papers 100000] [--interval 0.1] [--rounds 3]

Uses benchmarks/corpora/<N>/ from generate.py (runs it when missing), indexes it once into
benchmarks/corpora/<N>.app-data/, then runs the real app headless at 120x40 and types
queries one key at a time, `--interval` seconds apart, through the terminal driver (as
keys from a terminal arrive, not through Pilot.press, which waits for idle).

- keystroke-to-results: from sending a key to the first repaint of the results list
  showing the query as typed up to that key or later (a later key may supersede it);
- stall: the longest an asyncio callback, due every millisecond, ran late while typing;
- start-up: `reader`'s imports plus the app, in fresh processes, to the first frame
  (interactive) and to the first results, over the seeds and over the corpus.

Writes benchmarks/app_results.json and benchmarks/app_results.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent
CORPORA = ROOT / "corpora"
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
STARTUP_PROBE = """
import sys, time
t0 = time.perf_counter()
from reader.cli import cli  # what `reader` imports before it opens the app
from reader.library import Library
from reader.app import create_app
from reader.widgets.results_list import ResultsList
marks = {}
show = ResultsList.show
def shown(self, *a, **k):
    show(self, *a, **k)
    self.call_after_refresh(lambda: marks.setdefault("results", time.perf_counter()))
ResultsList.show = shown
async def probe(pilot):
    marks["interactive"] = time.perf_counter()
    while "results" not in marks:
        await pilot.pause()
    pilot.app.exit()
app = create_app(lambda progress: Library.open(sys.argv[1], sys.argv[2:] or None, progress))
app.run(headless=True, auto_pilot=probe, size=(120, 40))
print(marks["interactive"] - t0, marks["results"] - t0)
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def corpus(papers: int) -> tuple[Path, Path]:
    """The listing folder and an indexed data dir for `papers` papers, made when missing."""
    folder = CORPORA / str(papers)
    if not any(folder.glob("*.txt")):
        subprocess.run([sys.executable, str(ROOT / "generate.py"), "--papers", str(papers)], check=True)
    data = CORPORA / f"{papers}.app-data"
    from reader.library import Library

    started = time.perf_counter()
    with Library.open(data, [folder]) as library:
        print(f"index of {library.count():,} papers ready in {time.perf_counter() - started:.1f} s")
    return folder, data


def startup(data: Path, seeds: list[Path], runs: int) -> dict:
    """Median seconds from process start to the first frame and to the first results."""
    python_alone = []
    marks = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        python_alone.append(time.perf_counter() - started)
        out = subprocess.run(
            [sys.executable, "-c", STARTUP_PROBE, str(data), *map(str, seeds)],
            check=True, capture_output=True, text=True,
        )
        marks.append([float(x) for x in out.stdout.split()[-2:]])
    interpreter = statistics.median(python_alone)
    return {
        "interactive_s": round(interpreter + statistics.median(m[0] for m in marks), 3),
        "results_s": round(interpreter + statistics.median(m[1] for m in marks), 3),
        "interpreter_s": round(interpreter, 3),
    }


async def type_queries(library, interval: float, rounds: int) -> dict:
    """Type every query `rounds` times; returns latencies and stalls."""
    from textual import events

    from reader.app import create_app

    app = create_app(library)
    latencies, stalls = [], []
    paints: list[tuple[float, str]] = []
    typing = False

    async with app.run_test(size=(120, 40)) as pilot:
        results = app.main.results
        show = results.show

        def shown(*args, **kwargs):
            query = app.main.result.query
            show(*args, **kwargs)
            results.call_after_refresh(lambda: paints.append((time.perf_counter(), query)))

        results.show = shown

        async def watch_loop():
            while True:
                due = time.perf_counter() + 0.001
                await asyncio.sleep(0.001)
                late = time.perf_counter() - due
                if typing:
                    stalls.append(late)

        watcher = asyncio.create_task(watch_loop())
        await until(pilot, lambda: app.main.result is not None)
        bar = app.main.search_bar
        for _ in range(rounds):
            for query in QUERIES:
                bar.value = ""
                await until(pilot, lambda: app.main.result.query == "" and paints and paints[-1][1] == "")
                await pilot.pause()
                sent = []
                typing = True
                for n, char in enumerate(query, 1):
                    key = "space" if char == " " else char
                    if not char.isalnum() and char != " ":
                        from textual.keys import _character_to_key

                        key = _character_to_key(char)
                    sent.append((time.perf_counter(), query[:n].strip()))
                    app._driver.send_message(events.Key(key, char))
                    await asyncio.sleep(interval)
                await until(pilot, lambda: paints and paints[-1][1] == query, timeout=60)
                typing = False
                latencies += keystroke_latencies(sent, paints, query)
        watcher.cancel()
    return {"latencies": latencies, "stalls": stalls}


def keystroke_latencies(sent: list[tuple[float, str]], paints: list[tuple[float, str]], query: str) -> list[float]:
    """For each key: time to the first paint of the text typed so far or of a later prefix."""
    out = []
    prefixes = [text for _, text in sent]
    for i, (at, _) in enumerate(sent):
        newer = set(prefixes[i:])
        first = next((t for t, shown in paints if t >= at and shown in newer), None)
        if first is not None:
            out.append(first - at)
    return out


async def until(pilot, condition, timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there in time")
        await asyncio.sleep(0.002)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between keys (0.1 = a fast typist)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--startup-runs", type=int, default=7)
    args = parser.parse_args()

    from reader.library import Library
    from reader.paths import bundled_seeds

    folder, data = corpus(args.papers)
    seeds_data = CORPORA / "seeds.app-data"
    Library.open(seeds_data).close()
    report = {
        "when": datetime.now().isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} cores · {platform.processor() or platform.machine()} · Python {platform.python_version()}",
        "papers": args.papers,
        "interval_s": args.interval,
        "queries": QUERIES,
        "startup_seeds": startup(seeds_data, [bundled_seeds()], args.startup_runs),
        "startup_corpus": startup(data, [folder], args.startup_runs),
    }
    with Library.open(data, [folder]) as library:
        library.use_search_process()  # as `reader` does for a library this big
        typed = asyncio.run(type_queries(library, args.interval, args.rounds))
    ms = [x * 1000 for x in typed["latencies"]]
    stalls = [x * 1000 for x in typed["stalls"]]
    report["keystrokes"] = len(ms)
    report["latency_ms"] = {"p50": round(percentile(ms, 0.5), 1), "p95": round(percentile(ms, 0.95), 1),
                            "max": round(max(ms), 1)}
    report["stall_ms"] = {"max": round(max(stalls), 1), "p99": round(percentile(stalls, 0.99), 1),
                          "over_16ms": sum(1 for s in stalls if s > 16)}
    (ROOT / "app_results.json").write_text(json.dumps(report, indent=2) + "\n")
    (ROOT / "app_results.md").write_text(markdown(report))
    print(markdown(report))


def markdown(r: dict) -> str:
    s, c, lat, stall = r["startup_seeds"], r["startup_corpus"], r["latency_ms"], r["stall_ms"]
    return f"""# App benchmark

{r['when']} · {r['machine']} · `python benchmarks/app_bench.py --papers {r['papers']} --interval {r['interval_s']}`

| measure | value |
|---|---|
| keystroke to updated results, p50 / p95 / max ({r['keystrokes']} keys, {r['papers']:,} papers) | {lat['p50']} / {lat['p95']} / {lat['max']} ms |
| longest event-loop stall while typing (p99 of 1 ms ticks; ticks late by > 16 ms) | {stall['max']} ms ({stall['p99']} ms; {stall['over_16ms']}) |
| start-up on the seeds: first frame / first results | {s['interactive_s']} / {s['results_s']} s |
| start-up on {r['papers']:,} papers: first frame / first results | {c['interactive_s']} / {c['results_s']} s |
| Python interpreter alone | {s['interpreter_s']} s |

Queries typed: {', '.join(f'`{q}`' for q in r['queries'])}.
"""


if __name__ == "__main__":
    main()
