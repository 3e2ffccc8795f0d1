"""Time the listing parser: parse_file over every file of a corpus, then merge() of the result.

    python benchmarks/parse_bench.py                      # the code on PYTHONPATH (this checkout)
    python benchmarks/parse_bench.py --baseline 24bb507   # also a `git archive` of that commit, same run

Single process, median of `--runs` passes over benchmarks/corpora/<papers> (100 files of
format-1 listings; run benchmarks/generate.py first). With `--baseline`, each pass times
the baseline and then this checkout, each in a fresh process, so that both see the same
load on a shared machine; the table gives the medians and the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "benchmarks" / "corpora"


def one_pass(corpus: Path) -> dict:
    """Parse and merge the corpus once in this process; the seconds of each step."""
    from reader.ingest import merge, parse_file

    files = sorted(corpus.glob("*.txt"))
    started, started_cpu = time.perf_counter(), time.process_time()
    listings = []
    for path in files:
        listings.extend(parse_file(path).listings)
    parsed, parsed_cpu = time.perf_counter(), time.process_time()
    papers = merge(listings)
    merged, merged_cpu = time.perf_counter(), time.process_time()
    return {"files": len(files), "listings": len(listings), "papers": len(papers),
            "parse": parsed - started, "merge": merged - parsed,
            "parse_cpu": parsed_cpu - started_cpu, "merge_cpu": merged_cpu - parsed_cpu}


def timed_pass(python_path: Path, corpus: Path) -> dict:
    """One pass in a fresh process with `python_path` first on the import path."""
    env = dict(os.environ, PYTHONPATH=str(python_path))
    done = subprocess.run(
        [sys.executable, __file__, "--one-pass", str(corpus)],
        env=env, check=True, capture_output=True, text=True, cwd=tempfile.gettempdir(),
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def snapshot(rev: str, into: Path) -> Path:
    archive = into / "old.tar"
    with archive.open("wb") as sink:
        subprocess.run(["git", "-C", str(ROOT), "archive", rev, "reader"], stdout=sink, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into / "old", filter="data")
    return into / "old"


def summary(label: str, passes: list[dict], clock: str) -> dict:
    """Medians of one version's passes on one clock ("" for wall time, "_cpu" for CPU time)."""
    parse = statistics.median(p["parse" + clock] for p in passes)
    merge = statistics.median(p["merge" + clock] for p in passes)
    listings = passes[0]["listings"]
    row = {"label": label, "listings": listings, "papers": passes[0]["papers"], "parse_s": parse,
           "merge_s": merge, "parse_per_s": listings / parse, "total_per_s": listings / (parse + merge)}
    print(
        f"{label:>22}: parse {parse:6.2f} s ({row['parse_per_s']:7,.0f} papers/s)   "
        f"merge {merge:5.2f} s   parse+merge {row['total_per_s']:7,.0f} papers/s"
    )
    return row


def compare(rows: list[dict]) -> None:
    old, new = rows
    print(f"{'speed-up':>22}: parse {old['parse_s'] / new['parse_s']:.2f}×   "
          f"merge {old['merge_s'] / new['merge_s']:.2f}×   "
          f"parse+merge {new['total_per_s'] / old['total_per_s']:.2f}×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=100000, help="which generated corpus")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", help="a commit to time in the same run")
    parser.add_argument("--one-pass", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_pass:
        print(json.dumps(one_pass(args.one_pass)))
        return
    corpus = CORPORA / str(args.papers)
    if not any(corpus.glob("*.txt")):
        sys.exit(f"{corpus} holds no listings: run benchmarks/generate.py --papers {args.papers} first")
    with tempfile.TemporaryDirectory(prefix="parse-bench-") as tmp:
        versions = {"this checkout": ROOT}
        if args.baseline:
            versions = {f"baseline {args.baseline}": snapshot(args.baseline, Path(tmp)), **versions}
        passes: dict[str, list[dict]] = {label: [] for label in versions}
        for _ in range(args.runs):
            for label, path in versions.items():
                passes[label].append(timed_pass(path, corpus))
    print(f"{corpus.relative_to(ROOT)}: median of {args.runs} single-process passes; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for clock, name in (("", "wall-clock time"), ("_cpu", "CPU time of the process (less swayed by load)")):
        print(f"{name}:")
        rows = [summary(label, runs, clock) for label, runs in passes.items()]
        if len(rows) == 2:
            compare(rows)
    if len(rows) == 2:
        old, new = rows
        if (old["listings"], old["papers"]) != (new["listings"], new["papers"]):
            print("the two versions found different numbers of listings or papers: see parse_equivalence.py")
            sys.exit(1)


if __name__ == "__main__":
    main()
