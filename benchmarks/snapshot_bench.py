"""Import an arXiv metadata snapshot (JSON lines) and measure time and peak memory.

    python benchmarks/snapshot_bench.py --lines 1000000 [--runs 1] [--keep]

Writes benchmarks/corpora/snapshot-<N>.jsonl (synthetic records in the snapshot's shape, words
from the seeds' abstracts, ~1 KB abstracts as arXiv's are), then runs `reader index` over it in
a fresh data dir, sampling the RSS of reader and every process it starts (summed) every 0.1 s.
The baseline, measured in the same run, is reading the same file and decoding every line as
JSON: what any importer must spend. Results go to benchmarks/snapshot_results.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
SEEDS = ROOT.parent / "seeds"
CORPORA = ROOT / "corpora"
CATEGORIES = ["cs.CL", "cs.LG", "cs.CV", "cs.AI", "stat.ML", "cs.IR", "hep-th", "math.OC", "quant-ph", "cs.RO"]
BASELINE = "import json,sys\nfor line in open(sys.argv[1], 'rb'):\n    json.loads(line)\n"


def vocabulary() -> list[str]:
    words = re.findall(r"[A-Za-z][a-z]{2,}", " ".join(p.read_text() for p in SEEDS.glob("*.txt")))
    return sorted(set(words))


def generate(lines: int, path: Path, seed: int = 7) -> None:
    rng = random.Random(seed)
    words = vocabulary()
    surnames = [w.capitalize() for w in rng.sample(words, 3000)]
    with open(path, "w", encoding="utf-8") as out:
        for n in range(lines):
            month = 1 + n % 12
            year = 2007 + (n * 19) // max(lines, 1)
            ident = f"{year % 100:02d}{month:02d}.{n % 100000:05d}"
            title = " ".join(rng.choice(words) for _ in range(rng.randint(5, 12))).capitalize()
            abstract = " ".join(rng.choice(words) for _ in range(rng.randint(110, 170))) + "."
            people = [(rng.choice(surnames), rng.choice(surnames)[0] + ".") for _ in range(rng.randint(1, 6))]
            record = {
                "id": ident, "submitter": people[0][1] + " " + people[0][0],
                "authors": ", ".join(f"{first} {last}" for last, first in people),
                "title": title, "comments": None, "journal-ref": None, "doi": None,
                "categories": " ".join(rng.sample(CATEGORIES, rng.randint(1, 3))), "license": None,
                "abstract": "  " + abstract, "update_date": f"{year}-{month:02d}-15",
                "versions": [{"version": "v1", "created": f"Mon, 15 {time.strftime('%b', (0, month, 1, 0, 0, 0, 0, 1, 0))} {year} 10:00:00 GMT"}],
                "authors_parsed": [[last, first, ""] for last, first in people],
            }
            out.write(json.dumps(record) + "\n")


def _tree(pid: int) -> list[int]:
    """pid and every process below it."""
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(c) for c in children)
    return out


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def measure(command: list[str]) -> tuple[float, int]:
    """Wall seconds and the peak of the summed RSS of the command's process tree."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        peak = max(peak, sum(_rss(pid) for pid in _tree(process.pid)))
        time.sleep(0.1)
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed with exit code {process.returncode}")
    return time.perf_counter() - started, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the generated file")
    args = parser.parse_args()
    CORPORA.mkdir(parents=True, exist_ok=True)
    path = CORPORA / f"snapshot-{args.lines}.jsonl"
    if not path.exists():
        print(f"generating {path} …", flush=True)
        generate(args.lines, path)
    size = path.stat().st_size
    runs = []
    for run in range(args.runs):
        data = Path(tempfile.mkdtemp(prefix="snapshot-bench-"))
        try:
            base = measure([sys.executable, "-c", BASELINE, str(path)])
            got = measure([sys.executable, "-m", "reader", "--seeds", str(path), "--data-dir", str(data), "index"])
        finally:
            shutil.rmtree(data, ignore_errors=True)
        runs.append((got, base))
        print(f"run {run + 1}: reader index {got[0]:.1f} s, peak {got[1] / 2**20:.0f} MB; "
              f"baseline (decode every line) {base[0]:.1f} s, peak {base[1] / 2**20:.0f} MB", flush=True)
    wall = statistics.median(r[0][0] for r in runs)
    peak = statistics.median(r[0][1] for r in runs)
    base_wall = statistics.median(r[1][0] for r in runs)
    base_peak = statistics.median(r[1][1] for r in runs)
    report = (
        f"# Snapshot import\n\n{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, Python "
        f"{sys.version.split()[0]}; {args.lines:,} lines ({size / 2**20:,.0f} MB); medians of {args.runs} run(s).\n\n"
        "| measure | reader index | baseline: decode every line |\n|---|---|---|\n"
        f"| wall time | {wall:,.0f} s ({args.lines / wall:,.0f} papers/s) | {base_wall:,.1f} s |\n"
        f"| peak RSS, all processes | {peak / 2**20:,.0f} MB | {base_peak / 2**20:,.0f} MB |\n"
    )
    (ROOT / "snapshot_results.md").write_text(report)
    print(report)
    if not args.keep:
        path.unlink()


if __name__ == "__main__":
    main()
