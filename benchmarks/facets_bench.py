"""Facet counts (`Library.facets`) before and after the array counting, in one run.

    python benchmarks/facets_bench.py [--papers 100000 1000000] [--every 1]

For each benchmark library (`benchmarks/corpora/<papers>.app-data`, read only: it is
attached through a data dir under /tmp that links to its index and holds a copy of its
store, where a few tags, a list and statuses are added), the queries are "" and every
prefix of the app benchmark's typed queries. Each query is searched first, as the app
does before it asks for facets, then counted by the reference (the previous algorithm,
`reference_facets` in tests/test_facets_equivalence.py) and by `Library.facets`, in
turn; both answers must be equal. The reference is slow at 1M papers (seconds a call),
so `--every N` gives it one prefix in N there (the new counting still runs every query).
Then every query is typed again (their papers' authors are kept by then); then, with the
library opened afresh, `facet_counting.warm_steps` is run first (the columns and the first
papers' authors) and every query typed once. Prints medians and p95 in ms, the first
call (which builds the columns), the warm-up's steps and the memory (VmRSS).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT.parent)]

from app_typing import QUERIES  # noqa: E402

from reader.library import Library, QueryError  # noqa: E402
from reader.search import syntax  # noqa: E402
from reader.search.facet_counting import warm_steps  # noqa: E402
from tests.test_facets_equivalence import reference_facets  # noqa: E402

CORPORA = ROOT / "corpora"


def prefixes() -> list[str]:
    """"" and every prefix of the typed queries that parses, each once."""
    found = [""]
    for query in QUERIES:
        found += [query[:n].strip() for n in range(1, len(query) + 1)]
    return [query for query in dict.fromkeys(found) if _parses(query)]


def _parses(query: str) -> bool:
    """Whether the query can be searched (`attention year:` cannot: the app shows why instead)."""
    try:
        syntax.parse(query)
    except QueryError:
        return False
    return True


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def attach(papers: int) -> Library:
    """The benchmark library through a data dir of its own: its index linked, its store copied."""
    source = CORPORA / f"{papers}.app-data"
    data = Path(f"/tmp/facets_bench/{papers}")
    data.mkdir(parents=True, exist_ok=True)
    if not (data / "index").exists():
        os.symlink((source / "index").resolve(), data / "index")
    store = data / "state.sqlite3"
    for leftover in data.glob("state.sqlite3*"):
        leftover.unlink()
    with sqlite3.connect(f"file:{source / 'state.sqlite3'}?mode=ro", uri=True) as original, \
            sqlite3.connect(store) as copy:
        original.backup(copy)
    library = Library.attach(data, [CORPORA / str(papers)])
    ids = [hit.paper.id for hit in library.search("learning", limit=3000).hits]
    library.tag(ids[:300], "bench")
    library.tag(ids[::7], "sevens")
    library.create_list("Bench list")
    library.list_add("Bench list", ids[:1000])
    library.set_status(ids[:200], "read")
    library.set_status(ids[200:400], "reading")
    return library


def timed(call, *args) -> tuple[float, object]:
    started = time.perf_counter()
    found = call(*args)
    return (time.perf_counter() - started) * 1000, found


def figures(ms: list[float]) -> str:
    if not ms:
        return "-"
    ordered = sorted(ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered):7.1f} ms  p95 {p95:7.1f} ms  max {ordered[-1]:7.1f} ms  (n={len(ms)})"


def run(papers: int, every: int) -> None:
    library = attach(papers)
    print(f"\n{papers:,} papers ({library.count():,} in the index), {len(prefixes())} queries")
    before_rss = rss_mb()
    library.search("")
    first, _ = timed(library.facets, "")
    print(f"  first call (builds the columns): {first:.0f} ms; VmRSS {before_rss:.0f} -> {rss_mb():.0f} MB")
    old, new, new_all = [], [], []
    for n, query in enumerate(prefixes()):
        library.search(query)  # the app searches, then asks for facets
        ms, found = timed(library.facets, query)
        new_all.append(ms)
        if n % every == 0:
            reference_ms, expected = timed(reference_facets, library, query)
            if found != expected:
                raise SystemExit(f"facets differ for {query!r}:\n  new {found}\n  ref {expected}")
            old.append(reference_ms)
            new.append(ms)
    again = []
    for query in prefixes():  # typed again: their papers' authors are kept now
        library.search(query)
        again.append(timed(library.facets, query)[0])
    print(f"  before (reference):     {figures(old)}")
    print(f"  after, same queries:    {figures(new)}")
    print(f"  after, every query:     {figures(new_all)}")
    print(f"  after, typed again:     {figures(again)}")
    print(f"  answers equal on {len(old)} queries; VmRSS now {rss_mb():.0f} MB")
    library.close()
    warmed(papers)


def warmed(papers: int) -> None:
    """A fresh process's view: the library opened again, `facet_counting.warm_steps` run
    (as an idle search process could), then every query typed once."""
    library = Library.attach(Path(f"/tmp/facets_bench/{papers}"), [CORPORA / str(papers)])
    library.search("")
    before = rss_mb()
    steps = []
    warming = warm_steps(library.index)
    while True:
        ms, more = timed(next, warming, False)
        if more is False:
            break
        steps.append(ms)
    print(f"  warm-up: {len(steps)} steps, {sum(steps) / 1000:.1f} s in all, longest {max(steps):.0f} ms; "
          f"VmRSS {before:.0f} -> {rss_mb():.0f} MB")
    after = []
    for query in prefixes():
        library.search(query)
        after.append(timed(library.facets, query)[0])
    print(f"  after the warm-up:      {figures(after)}")
    library.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--every", type=int, default=0, help="the reference's share of queries: 1 in N "
                        "(default: every query below 1M papers, 1 in 8 at 1M)")
    args = parser.parse_args()
    for papers in args.papers:
        run(papers, args.every or (8 if papers >= 1_000_000 else 1))


if __name__ == "__main__":
    main()
