"""Where a full build's time and memory go, phase by phase, in every process.

    python benchmarks/profile_build.py --papers 100000

Builds benchmarks/corpora/<N> from scratch in a fresh data dir with the real code path
(worker processes included) and times each phase where it runs: parsing (in the parse
workers), catalog writes of listings and of papers, merging, and in the segment workers
adding documents (analysis and grouping postings) and writing the segment (Whoosh's block
writer: pickling and zlib). Each worker reports its CPU time and peak RSS (VmHWM) per job.
Phases overlap (workers index while the parent merges), so the wall times do not add up.
Writes benchmarks/profile_results.md.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import generate
from reader.library import Library
from reader.search import bulk, rebuild
from reader.search.catalog import Catalog

HERE = Path(__file__).resolve().parent
LOG = Path(tempfile.gettempdir()) / f"profile-build-{os.getpid()}.jsonl"


def _peak_kb() -> int:
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0])


PARENT: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0])  # phase: calls, wall, CPU


def timed(owner, name: str, phase: str, in_workers: bool = False) -> None:
    """Wrap owner.name so each call adds its wall and CPU time to `phase`: in this process in
    memory, in a worker (whose memory is lost when it exits) as a line in the log."""
    inner = getattr(owner, name)

    @functools.wraps(inner)
    def wrapper(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            if in_workers:
                with open(LOG, "a") as handle:
                    handle.write(json.dumps({"phase": phase, "pid": os.getpid(), "wall": wall, "cpu": cpu,
                                             "peak_kb": _peak_kb()}) + "\n")
            else:
                totals = PARENT[phase]
                totals[0] += 1
                totals[1] += wall
                totals[2] += cpu

    setattr(owner, name, wrapper)


def profile(papers: int) -> str:
    corpus = generate.CORPORA / str(papers)
    if not any(corpus.glob("*.txt")):
        generate.generate(papers, 7, 1000, generate.Vocabulary())
    data = generate.CORPORA / f"{papers}.profile-data"
    shutil.rmtree(data, ignore_errors=True)
    LOG.unlink(missing_ok=True)
    timed(rebuild, "read_file", "parse a file", in_workers=True)
    timed(Catalog, "put_file", "catalog: store listings")
    timed(rebuild, "merge_group", "merge: listings into papers")
    timed(Catalog, "put_papers", "catalog: store papers")
    timed(Catalog, "add_words", "catalog: count words")
    timed(rebuild, "write_papers", "merge and store papers (whole)")
    timed(bulk.FastSegmentWriter, "_flush_segment", "segment: write blocks (pickle, zlib)", in_workers=True)
    timed(bulk, "_catalog_segment", "segment: whole job (read papers, analyse, write)", in_workers=True)
    started = time.perf_counter()
    with Library.open(data_dir=data, seeds=[corpus], rebuild=True) as library:
        total, count = time.perf_counter() - started, library.count()
    shutil.rmtree(data, ignore_errors=True)
    lines = [json.loads(line) for line in LOG.read_text().splitlines()] if LOG.exists() else []
    LOG.unlink(missing_ok=True)
    phases: dict[str, dict] = defaultdict(lambda: {"calls": 0, "wall": 0.0, "cpu": 0.0, "pids": set()})
    for name, (calls, wall, cpu) in PARENT.items():
        phases[name] = {"calls": calls, "wall": wall, "cpu": cpu, "pids": {os.getpid()}}
    peaks: dict[int, int] = {os.getpid(): _peak_kb()}
    for line in lines:
        phase = phases[line["phase"]]
        phase["calls"] += 1
        phase["wall"] += line["wall"]
        phase["cpu"] += line["cpu"]
        phase["pids"].add(line["pid"])
        peaks[line["pid"]] = max(peaks.get(line["pid"], 0), line["peak_kb"])
    rows = [f"| {name} | {p['calls']:,} | {p['wall']:.1f} | {p['cpu']:.1f} | {len(p['pids'])} |"
            for name, p in phases.items()]
    text = "\n".join([
        "# Build profile",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M')} · {os.cpu_count()} cores · load average "
        f"{os.getloadavg()[0]:.1f} · `python benchmarks/profile_build.py {' '.join(sys.argv[1:])}`",
        "",
        f"{count:,} papers built in {total:.1f} s ({count / total:,.0f} papers/s). Wall and CPU seconds summed "
        "over calls; phases in different processes overlap. Segment adding and writing run inside "
        "the segment jobs; the add-document time includes analysing the text.",
        "",
        "| phase | calls | wall s | CPU s | processes |",
        "|---|---|---|---|---|",
        *rows,
        "",
        "Peak RSS (VmHWM) of each process that ran a phase: "
        + ", ".join(f"{'main' if pid == os.getpid() else 'worker'} {peaks[pid] / 1024:.0f} MB" for pid in sorted(peaks))
        + ".",
        "",
    ])
    (HERE / "profile_results.md").write_text(text)
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=100000)
    print(profile(parser.parse_args().papers))


if __name__ == "__main__":
    main()
