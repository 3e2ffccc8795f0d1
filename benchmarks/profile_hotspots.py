"""Profile a full build and the slowest queries of the benchmark mix with cProfile.

    python benchmarks/profile_hotspots.py build --papers 10000            # single process
    python benchmarks/profile_hotspots.py build --papers 10000 --parallel # main process only
    python benchmarks/profile_hotspots.py queries --papers 100000 --top 4

`build` forces the single-process writer by default so cProfile sees all the indexing work
(with --parallel, the sub-writers' work is invisible). `queries` needs the index that
bench.py built under benchmarks/corpora/<N>.data. Stats are printed and saved, with the
.prof files, under benchmarks/corpora/profiles/.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import time

import bench
from reader.library import Library
from reader.search import index as search_index

PROFILES = bench.CORPORA / "profiles"


def report(profile: cProfile.Profile, name: str, lines: int) -> None:
    """Print and save the top functions by own time and by cumulative time."""
    PROFILES.mkdir(parents=True, exist_ok=True)
    profile.dump_stats(PROFILES / f"{name}.prof")
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).strip_dirs()
    for key in ("tottime", "cumulative"):
        stats.sort_stats(key).print_stats(lines)
    text = out.getvalue()
    (PROFILES / f"{name}.txt").write_text(text)
    print(text)


def profile_build(papers: int, parallel: bool, lines: int) -> None:
    corpus, data = bench.CORPORA / str(papers), bench.CORPORA / f"{papers}.profile-data"
    shutil.rmtree(data, ignore_errors=True)
    if not parallel:
        search_index._PARALLEL_FROM = float("inf")
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.runcall(Library.open, data_dir=data, seeds=[corpus], rebuild=True)
    print(f"build of {papers:,} papers: {time.perf_counter() - started:.1f} s under the profiler")
    report(profile, f"build-{papers}-{'parallel' if parallel else 'serial'}", lines)
    shutil.rmtree(data, ignore_errors=True)


def profile_queries(papers: int, top: int, runs: int, lines: int) -> None:
    lib = Library.open(data_dir=bench.CORPORA / f"{papers}.data", seeds=[bench.CORPORA / str(papers)])
    medians = {}
    for label, query, _, _ in bench.QUERIES:
        times, _ = bench.timed(lambda: lib.search(query, limit=20), 3)
        medians[query] = bench.med(times)
    for query, seconds in sorted(medians.items(), key=lambda kv: -kv[1])[:top]:
        print(f"=== {query}: median {seconds * 1000:.1f} ms")
        profile = cProfile.Profile()
        for _ in range(runs):
            profile.runcall(lib.search, query, limit=20)
        slug = "".join(c if c.isalnum() else "_" for c in query).strip("_")
        report(profile, f"query-{papers}-{slug}", lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["build", "queries"])
    parser.add_argument("--papers", type=int, default=10000)
    parser.add_argument("--parallel", action="store_true", help="build: keep the multi-process writer")
    parser.add_argument("--top", type=int, default=4, help="queries: how many of the slowest")
    parser.add_argument("--runs", type=int, default=5, help="queries: profiled runs of each")
    parser.add_argument("--lines", type=int, default=30, help="functions listed per sort order")
    args = parser.parse_args()
    if args.what == "build":
        profile_build(args.papers, args.parallel, args.lines)
    else:
        profile_queries(args.papers, args.top, args.runs, args.lines)


if __name__ == "__main__":
    main()
