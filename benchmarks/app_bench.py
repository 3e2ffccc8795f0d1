"""Drive the app with Pilot over a large corpus: keystroke-to-results latency and event-loop stalls.

    python benchmarks/app_bench.py [--papers 100000] [--interval 0.1] [--rounds 3]

Uses benchmarks/corpora/<N>/ from generate.py (runs it when missing), indexes it once into
benchmarks/corpora/<N>.app-data/, then runs the real app headless at 120x40 (searching in
its own process, as `reader` does for a library this big) and types queries one key at a
time, `--interval` seconds apart, through the terminal driver (as keys from a terminal
arrive, not through Pilot.press, which waits for idle).

- keystroke-to-results: from sending a key to the first repaint of the results list
  showing the query as typed up to that key or later (a later key may supersede it);
- stall: how late an asyncio callback, due every millisecond, ran while typing;
- round 1 starts the moment the first results are on screen (the search process may
  still be opening and warming up); later rounds are steady typing, and each figure is
  the median over them. The same typing over the bundled seeds is the baseline: what the
  screen itself costs when searching costs nothing;
- start-up: `reader`'s imports plus the app, in fresh processes, to the first frame
  (interactive) and to the first results, over the seeds and over the corpus; baselines:
  the interpreter alone and a Textual hello world, median of the same runs.

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
HELLO_PROBE = """
import time
t0 = time.perf_counter()
from textual.app import App
from textual.widgets import Static
class Hello(App):
    def compose(self):
        yield Static("Hello, world")
async def probe(pilot):
    print(time.perf_counter() - t0)
    pilot.app.exit()
Hello().run(headless=True, auto_pilot=probe, size=(120, 40))
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


def startup(data: Path, seeds: list[Path], runs: int, interpreter: float) -> dict:
    """Median seconds from process start to the first frame and to the first results."""
    marks = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", STARTUP_PROBE, str(data), *map(str, seeds)],
            check=True, capture_output=True, text=True,
        )
        marks.append([float(x) for x in out.stdout.split()[-2:]])
    return {
        "interactive_s": round(interpreter + statistics.median(m[0] for m in marks), 3),
        "results_s": round(interpreter + statistics.median(m[1] for m in marks), 3),
    }


def python_alone(runs: int) -> float:
    """Median seconds for the interpreter to start and exit (the probes time from their first line)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def baselines(runs: int, interpreter: float) -> dict:
    """The interpreter alone and a Textual hello world to its first frame, medians."""
    hello = [float(subprocess.run([sys.executable, "-c", HELLO_PROBE], check=True, capture_output=True,
                                  text=True).stdout.split()[-1]) for _ in range(runs)]
    return {"interpreter_s": round(interpreter, 3), "hello_world_s": round(interpreter + statistics.median(hello), 3)}


async def type_queries(library, interval: float, rounds: int) -> list[dict]:
    """Type every query `rounds` times; the latencies and stalls (seconds) of each round."""
    from reader.app import create_app  # first: it sets Textual's repaint cap before Textual loads
    from textual import events

    app = create_app(library)
    rounds_out = []
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
                    stalls.append(late)  # the current round's

        watcher = asyncio.create_task(watch_loop())
        await until(pilot, lambda: app.main.result is not None)
        bar = app.main.search_bar
        for _ in range(rounds):
            latencies, stalls = [], []
            rounds_out.append({"latencies": latencies, "stalls": stalls})
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
    return rounds_out


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
    parser.add_argument("--type-into", nargs="+", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.type_into:
        return type_into(args.type_into[0], args.type_into[1:], args.interval, args.rounds)

    import compileall

    import reader
    from reader.library import Library
    from reader.paths import bundled_seeds

    # Bytecode as `pip install .` leaves it (an editable install under PYTHONDONTWRITEBYTECODE
    # would otherwise compile every module of reader on every start).
    compileall.compile_dir(Path(reader.__file__).parent, quiet=1)
    folder, data = corpus(args.papers)
    seeds_data = CORPORA / "seeds.app-data"
    Library.open(seeds_data).close()
    interpreter = python_alone(args.startup_runs)
    report = {
        "when": datetime.now().isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} cores · {platform.processor() or platform.machine()} · Python {platform.python_version()}",
        "papers": args.papers,
        "interval_s": args.interval,
        "startup_runs": args.startup_runs,
        "queries": QUERIES,
        "startup_baselines": baselines(args.startup_runs, interpreter),
        "startup_seeds": startup(seeds_data, [bundled_seeds()], args.startup_runs, interpreter),
        "startup_corpus": startup(data, [folder], args.startup_runs, interpreter),
    }
    typed = typing_session(data, [folder], args)
    baseline = typing_session(seeds_data, [bundled_seeds()], args)
    report["keystrokes"] = sum(len(r["latencies"]) for r in typed)
    report["after_startup"] = summary(typed[:1])
    report["steady"] = summary(typed[1:])
    report["seeds_steady"] = summary(baseline[1:])
    (ROOT / "app_results.json").write_text(json.dumps(report, indent=2) + "\n")
    (ROOT / "app_results.md").write_text(markdown(report))
    print(markdown(report))


def typing_session(data: Path, folders: list[Path], args) -> list[dict]:
    """Type the queries in a fresh process (no heap or caches left over from another run)."""
    command = [sys.executable, __file__, "--type-into", str(data), *map(str, folders),
               "--interval", str(args.interval), "--rounds", str(args.rounds)]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def type_into(data: str, folders: list[str], interval: float, rounds: int) -> None:
    """The child of `typing_session`: open the library as `reader` does and print the rounds as JSON."""
    from reader.library import Library

    with Library.open(data, folders) as library:
        library.use_search_process()  # as `reader` does (it declines for a small library)
        print(json.dumps(asyncio.run(type_queries(library, interval, rounds))))


def summary(rounds: list[dict]) -> dict:
    """Per round: latency p50/p95/max and the longest stall; the median of each over the rounds."""
    figures = []
    for r in rounds:
        ms, stalls = [x * 1000 for x in r["latencies"]], [x * 1000 for x in r["stalls"]]
        figures.append({
            "p50": percentile(ms, 0.5), "p95": percentile(ms, 0.95), "max": max(ms),
            "stall_max": max(stalls), "stall_p99": percentile(stalls, 0.99),
            "stalls_over_16ms": sum(1 for x in stalls if x > 16),
        })
    return {key: round(statistics.median(f[key] for f in figures), 1) for key in figures[0]} | {"rounds": len(rounds)}


def markdown(r: dict) -> str:
    s, c, b = r["startup_seeds"], r["startup_corpus"], r["startup_baselines"]
    rows = [("right after start-up (round 1)", r["after_startup"]), ("steady typing", r["steady"]),
            ("baseline: the same typing over the seeds", r["seeds_steady"])]
    typing = "\n".join(
        f"| {name} | {f['p50']} / {f['p95']} / {f['max']} ms | {f['stall_max']} ms ({f['stall_p99']} ms; {f['stalls_over_16ms']}) |"
        for name, f in rows
    )
    return f"""# App benchmark

{r['when']} · {r['machine']} · `python benchmarks/app_bench.py --papers {r['papers']} --interval {r['interval_s']} --rounds {r['steady']['rounds'] + 1}`

Typing {r['papers']:,} papers ({r['keystrokes']} keys; later rounds: median of {r['steady']['rounds']}):

| when | keystroke to updated results p50 / p95 / max | longest stall (p99 of 1 ms ticks; ticks late > 16 ms) |
|---|---|---|
{typing}

Start-up, median of {r['startup_runs']} fresh processes each:

| to | first frame | first results |
|---|---|---|
| the seeds | {s['interactive_s']} s | {s['results_s']} s |
| {r['papers']:,} papers | {c['interactive_s']} s | {c['results_s']} s |
| baseline: a Textual hello world | {b['hello_world_s']} s | |
| baseline: the Python interpreter alone | {b['interpreter_s']} s | |

Queries typed: {', '.join(f'`{q}`' for q in r['queries'])}.
"""


if __name__ == "__main__":
    main()
