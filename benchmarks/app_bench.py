"""Drive the app over large corpora: keystroke-to-results latency, UI stalls and memory.

    python benchmarks/app_bench.py [--papers 100000 1000000] [--interval 0.1] [--rounds 4]

For each size, uses benchmarks/corpora/<N>/ from generate.py (runs it when missing) and an
index of it in benchmarks/corpora/<N>.app-data/ (Library.open reuses it when it is up to
date, else brings it up to date; the time is printed and reported). Then, in one run:

- typing (benchmarks/app_typing.py, a fresh process per session): the real app, started
  as `reader` starts it (it opens the library itself and searches in a process of its
  own for a big library), headless at 120x40, typing the queries one key at a time,
  `--interval` seconds apart, through the terminal driver (as keys from a terminal
  arrive, not through Pilot.press, which waits for idle);
- keystroke-to-results: from sending a key to the first repaint of the results list
  showing the query as typed up to that key or later (a later key may supersede it);
- stall: how late an asyncio callback, due every millisecond, ran while typing;
- round 1 is "from the first key": typing starts the moment the app is interactive
  (first frame painted, search bar focused), so the first keys may arrive while the
  library is opening and the search process is still opening or warming up; their full
  wait counts. Later rounds are steady typing. Latencies are medians over the rounds, the
  longest stall and the count of stalls > 16 ms the worst over them;
- memory: after the last round, the app still running, VmRSS and VmHWM (peak) from
  /proc/<pid>/status of the UI process and of the search process (its child), each and
  together;
- baseline: the same typing over the bundled seeds, same run (what the screen itself
  costs when searching costs nothing);
- start-up: `reader`'s imports plus the app, in fresh processes, to the first frame and
  to the first results; baselines: the interpreter alone and a Textual hello world;
- issue 14's targets, at 100,000 and 1,000,000 papers, met or not (app_report.py).

Writes benchmarks/app_results.json and benchmarks/app_results.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from app_report import markdown, summary, verdicts
from app_typing import QUERIES

ROOT = Path(__file__).resolve().parent
CORPORA = ROOT / "corpora"
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


def corpus(papers: int) -> tuple[Path, Path, dict]:
    """The listing folder and an up-to-date data dir for `papers` papers (generated and
    indexed when missing, reused when up to date), and how long the index step took."""
    folder = CORPORA / str(papers)
    if not any(folder.glob("*.txt")):
        subprocess.run([sys.executable, str(ROOT / "generate.py"), "--papers", str(papers)], check=True)
    data = CORPORA / f"{papers}.app-data"
    from reader.library import Library

    started = time.perf_counter()
    with Library.open(data, [folder]) as library:
        seconds = round(time.perf_counter() - started, 1)
        report = library.report
        how = "built" if report.rebuilt else "updated" if report.added or report.changed or report.removed else "reused"
        print(f"index of {library.count():,} papers {how} in {seconds} s ({data})", flush=True)
    return folder, data, {"how": how, "seconds": seconds}


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


def typing_session(data: Path, folders: list[Path], args) -> dict:
    """Type the queries in a fresh process (no heap or caches left over from another run)."""
    command = [sys.executable, str(ROOT / "app_typing.py"), str(data), *map(str, folders),
               "--interval", str(args.interval), "--rounds", str(args.rounds)]
    typed = json.loads(subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout)
    return {
        "round1": summary(typed["rounds"][:1]),
        "steady": summary(typed["rounds"][1:]),
        "round1_first_results_s": round(typed["first_results_after_first_key_s"], 3),
        "round1_library_open_s": round(typed["library_open_after_first_key_s"], 3),
        "memory": typed["memory"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, nargs="+", default=[100_000], help="library sizes, in one run")
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between keys (0.1 = a fast typist)")
    parser.add_argument("--rounds", type=int, default=4, help="round 1 from the first key, then steady rounds")
    parser.add_argument("--startup-runs", type=int, default=7)
    args = parser.parse_args()
    if args.rounds < 2:
        parser.error("--rounds must be at least 2 (round 1, then steady typing)")

    import compileall

    import reader
    from reader.library import Library
    from reader.paths import bundled_seeds

    # Bytecode as `pip install .` leaves it (an editable install under PYTHONDONTWRITEBYTECODE
    # would otherwise compile every module of reader on every start).
    compileall.compile_dir(Path(reader.__file__).parent, quiet=1)
    load = os.getloadavg()[0]
    corpora = {papers: corpus(papers) for papers in args.papers}
    seeds_data, seeds = CORPORA / "seeds.app-data", [bundled_seeds()]
    Library.open(seeds_data, seeds).close()
    interpreter = python_alone(args.startup_runs)
    report = {
        "when": datetime.now().isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} cores · {platform.processor() or platform.machine()} · Python {platform.python_version()}",
        "load": round(load, 2),
        "interval_s": args.interval,
        "rounds": args.rounds,
        "startup_runs": args.startup_runs,
        "queries": QUERIES,
        "startup_baselines": baselines(args.startup_runs, interpreter),
    }
    print("typing over the seeds (baseline)", flush=True)
    report["seeds"] = typing_session(seeds_data, seeds, args) | {
        "startup": startup(seeds_data, seeds, args.startup_runs, interpreter)}
    report["sizes"] = []
    for papers, (folder, data, index) in corpora.items():
        print(f"start-up and typing over {papers:,} papers", flush=True)
        figures = {"papers": papers, "index": index,
                   "startup": startup(data, [folder], args.startup_runs, interpreter)}
        figures |= typing_session(data, [folder], args)
        figures["targets"] = verdicts(papers, figures)
        report["sizes"].append(figures)
    (ROOT / "app_results.json").write_text(json.dumps(report, indent=2) + "\n")
    (ROOT / "app_results.md").write_text(markdown(report))
    print(markdown(report))


if __name__ == "__main__":
    main()
