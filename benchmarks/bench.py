"""Benchmark the Library (Whoosh) on generated corpora, with SQLite FTS5 as a reference.

    python benchmarks/bench.py                 # 1k, 10k and 100k papers
    python benchmarks/bench.py --quick         # 1k only
    python benchmarks/bench.py --papers 10000 --builds 3 --runs 7

Per size: full build (fresh data dir, in a subprocess, with its peak RSS), reopen of the
built index in fresh subprocesses, query latency over a fixed mix, and incremental
add/remove of a 1k-paper file. The same mix runs against an FTS5 table of the same
papers. Corpora missing under benchmarks/corpora/ are generated first. Writes
benchmarks/results.md and benchmarks/results.json.

To measure a commit rather than a working tree that is being edited, put a snapshot first
on the path (results.md records where `reader` was imported from):

    SRC=$PWD/benchmarks/corpora/src-$(git rev-parse --short HEAD)
    mkdir -p $SRC && git archive HEAD reader | tar -x -C $SRC
    PYTHONPATH=$SRC python benchmarks/bench.py
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import math
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import generate
import reader
from reader import paths
from reader.ingest import merge, parse_file
from reader.library import Library

HERE = Path(__file__).resolve().parent
CORPORA = generate.CORPORA

# label, reader query, FTS5 MATCH (None: no full-text part), extra SQL condition.
# FTS5 has no fuzzy matching: `transfomer~` becomes the word the vocabulary finds for it.
QUERIES = [
    ("1 word", "language", "language", ""),
    ("2 words", "diffusion models", "diffusion models", ""),
    ("3 words", "neural network training", "neural network training", ""),
    ("phrase", '"large language models"', '"large language models"', ""),
    ("prefix", "lang*", "lang*", ""),
    ("fuzzy", "transfomer~", "transformer", ""),
    ("typo, 0 hits", "transfomer", "transfomer", ""),
    ("OR", "retrieval OR rag", "retrieval OR rag", ""),
    ("NOT", "language -vision", "language NOT vision", ""),
    ("author:", "author:Cohen", "authors:cohen", ""),
    ("org:", "org:deepmind", "orgs:deepmind", ""),
    ("cat:", "cat:CL", "category:CL", ""),
    ("title:", "title:transformer", "title:transformer", ""),
    ("abstract:", "abstract:reward", "abstract:reward", ""),
    ("year:", "year:2024", None, "year = 2024"),
    ("year range", "year:2022..2024", None, "year BETWEEN 2022 AND 2024"),
    ("word + year", "attention year:2024", "attention", "year = 2024"),
    ("word + filters", "reasoning org:deepmind cat:CL", "reasoning AND orgs:deepmind AND category:CL", ""),
]
FTS_SCHEMA = """
CREATE VIRTUAL TABLE papers USING fts5(
    title, authors, orgs, abstract, category, year UNINDEXED,
    tokenize = 'porter unicode61 remove_diacritics 2');
INSERT INTO papers(papers, rank) VALUES ('rank', 'bm25(3.0, 1.0, 1.0, 1.0, 1.0)');
"""


def peak_rss_mb() -> dict:
    """Peak RSS of this process and of its largest child (Whoosh's sub-writers)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"rss_mb": round(own, 1), "child_rss_mb": round(child, 1)}


# workers: each runs in a fresh interpreter and prints one JSON line --------------------
def work_build(corpus: str, data: str) -> dict:
    shutil.rmtree(data, ignore_errors=True)
    started = time.perf_counter()
    lib = Library.open(data_dir=data, seeds=[corpus], progress=None, rebuild=True)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "papers": lib.count(), **peak_rss_mb()}


def work_reopen(corpus: str, data: str) -> dict:
    started = time.perf_counter()
    lib = Library.open(data_dir=data, seeds=[corpus], progress=None)
    opened = time.perf_counter()
    lib.search("language models", limit=20)
    assert lib.report.rebuilt is False and not lib.report.added
    return {"open": opened - started, "first_query": time.perf_counter() - opened}


def work_fts_build(corpus: str, db: str) -> dict:
    Path(db).unlink(missing_ok=True)
    started = time.perf_counter()
    files = paths.listing_files([Path(corpus)])
    papers = merge(li for path in files for li in parse_file(path).listings)
    parsed = time.perf_counter()
    con = sqlite3.connect(db)
    con.executescript(FTS_SCHEMA)
    with con:
        con.executemany(
            "INSERT INTO papers VALUES (?,?,?,?,?,?)",
            ((p.title, ", ".join(p.authors), ", ".join(p.orgs), p.abstract, p.category, p.year)
             for p in papers),
        )
    con.close()
    done = time.perf_counter()
    return {"seconds": done - started, "parse": parsed - started, "index": done - parsed,
            "papers": len(papers), **peak_rss_mb()}


WORKERS = {"build": work_build, "reopen": work_reopen, "fts-build": work_fts_build}


def spawn(kind: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--worker", kind, *args],
                         check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# measurements ------------------------------------------------------------------------
def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def latency(samples: dict[str, list[float]]) -> dict:
    every = [s for runs in samples.values() for s in runs]
    return {"p50": percentile(every, 50), "p95": percentile(every, 95), "max": max(every)}


def timed(fn, runs: int) -> tuple[list[float], object]:
    """Run `fn` once to warm up, then `runs` timed times; the timings and the last result."""
    result = fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return times, result


def whoosh_queries(lib: Library, runs: int) -> tuple[dict, dict]:
    samples, totals = {}, {}
    for label, query, _, _ in QUERIES:
        samples[label], result = timed(lambda: lib.search(query, limit=20), runs)
        totals[label] = result.total
    return samples, totals


def fts_queries(db: Path, runs: int) -> tuple[dict, dict, dict]:
    """Top-20 timings, top-20 plus count(*) timings (Whoosh reports a total too), totals."""
    con = sqlite3.connect(db)
    samples, with_count, totals = {}, {}, {}
    for label, _, match, cond in QUERIES:
        where = " AND ".join(filter(None, ["papers MATCH ?" if match else "", cond]))
        params = (match,) if match else ()
        top = (f"SELECT rowid, title, authors, orgs, abstract, category, year FROM papers "
               f"WHERE {where}" + (" ORDER BY rank" if match else "") + " LIMIT 20")
        count = f"SELECT count(*) FROM papers WHERE {where}"
        samples[label], _ = timed(lambda: con.execute(top, params).fetchall(), runs)
        with_count[label], totals[label] = timed(
            lambda: (con.execute(top, params).fetchall(), con.execute(count, params).fetchone()[0])[1], runs)
    con.close()
    return samples, with_count, totals


def incremental(lib: Library, corpus: Path, extra: Path, expected: int, repeats: int) -> dict:
    """Time lib.update() after adding the 1k-paper extra file, and after removing it again."""
    added, removed = [], []
    target = corpus / "part-extra.txt"
    try:
        for _ in range(repeats):
            shutil.copy2(extra, target)
            started = time.perf_counter()
            report = lib.update()
            added.append(time.perf_counter() - started)
            assert report.added == [target.name] and lib.count() == expected + generate.EXTRA, report
            target.unlink()
            started = time.perf_counter()
            lib.update()
            removed.append(time.perf_counter() - started)
            assert lib.count() == expected
    finally:
        target.unlink(missing_ok=True)
    return {"add": added, "remove": removed}


def bench_size(papers: int, builds: int, runs: int, reopens: int) -> dict:
    corpus, extra = CORPORA / str(papers), CORPORA / f"{papers}.extra.txt"
    if not extra.exists():
        generate.generate(papers, 7, 1000, generate.Vocabulary())
    data, db = CORPORA / f"{papers}.data", CORPORA / f"{papers}.fts5.sqlite"
    say = lambda text: print(f"[{papers}] {text}", flush=True)  # noqa: E731

    load = [os.getloadavg()[0]]  # other work on the machine skews every figure
    say(f"building x{builds}")
    build = [spawn("build", str(corpus), str(data)) for _ in range(builds)]
    assert all(b["papers"] == papers for b in build), build
    say(f"FTS5 building x{builds}")
    fts_build = [spawn("fts-build", str(corpus), str(db)) for _ in range(builds)]
    say(f"reopening x{reopens}")
    reopen = [spawn("reopen", str(corpus), str(data)) for _ in range(reopens)]
    say(f"queries x{runs}")
    with Library.open(data_dir=data, seeds=[corpus]) as lib:
        whoosh, totals = whoosh_queries(lib, runs)
        fts, fts_count, fts_totals = fts_queries(db, runs)
        say("incremental add/remove")
        incr = incremental(lib, corpus, extra, papers, max(1, builds))
    load.append(os.getloadavg()[0])
    return {"papers": papers, "load": load, "build": build, "fts_build": fts_build, "reopen": reopen,
            "incremental": incr, "whoosh": whoosh, "fts": fts, "fts_count": fts_count,
            "totals": totals, "fts_totals": fts_totals}


# reporting ---------------------------------------------------------------------------
def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    head = subprocess.run(["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True).stdout.strip()
    return {"date": datetime.now().isoformat(timespec="seconds"), "nproc": os.cpu_count(), "cpu": cpu,
            "python": platform.python_version(), "whoosh3": importlib.metadata.version("whoosh3"),
            "sqlite": sqlite3.sqlite_version, "git_head": head,
            "reader": str(Path(reader.__file__).resolve().parent.relative_to(HERE.parent))}


def med(values) -> float:
    return statistics.median(values)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(str(c) for c in row) + " |" for row in rows])


def summary(sizes: list[dict]) -> str:
    build_rows, query_rows = [], []
    for s in sizes:
        n, b, f = s["papers"], s["build"], s["fts_build"]
        wb, fb = med(x["seconds"] for x in b), med(x["seconds"] for x in f)
        build_rows.append([
            f"{n:,}", f"{n / wb:,.0f}", f"{n / fb:,.0f}", f"{n / med(x['index'] for x in f):,.0f}",
            f"{wb:.2f} / {fb:.2f}", f"{med(x['parse'] for x in f):.2f}",
            f"{med(x['rss_mb'] for x in b):.0f} / {med(x['child_rss_mb'] for x in b):.0f}",
            f"{med(x['rss_mb'] for x in f):.0f}",
            ms(med(s["incremental"]["add"])), ms(med(s["incremental"]["remove"])),
            ms(med(x["open"] for x in s["reopen"])), ms(med(x["first_query"] for x in s["reopen"])),
            " / ".join(f"{x:.1f}" for x in s["load"]),
        ])
        w, fq, fc = latency(s["whoosh"]), latency(s["fts"]), latency(s["fts_count"])
        query_rows.append([f"{n:,}"] + [f"{ms(w[k])} / {ms(fq[k])} / {ms(fc[k])}" for k in ("p50", "p95", "max")]
                          + [f"{w['p95'] / fq['p95']:.1f}x"])
    return "\n\n".join([
        "### Build and upkeep (medians)",
        table(["papers", "build p/s Whoosh", "build p/s FTS5", "FTS5 index-only p/s",
               "build s Whoosh / FTS5", "parse+merge s", "build RSS MB main / child",
               "FTS5 RSS MB", "add 1k ms", "remove 1k ms", "reopen ms", "1st query ms",
               "load avg before / after"], build_rows),
        "### Query latency over the mix, ms: Whoosh / FTS5 top-20 / FTS5 top-20 + count",
        table(["papers", "p50", "p95", "max", "p95 Whoosh÷FTS5"], query_rows),
    ])


def per_query(s: dict) -> str:
    rows = [[label, f"`{q}`", f"`{m or ''}{' ' if m and c else ''}{c}`",
             ms(med(s["whoosh"][label])), ms(med(s["fts"][label])), ms(med(s["fts_count"][label])),
             s["totals"][label], s["fts_totals"][label]]
            for label, q, m, c in QUERIES]
    return table(["query", "reader", "FTS5 (MATCH / WHERE)", "Whoosh ms", "FTS5 ms", "FTS5+count ms",
                  "hits Whoosh", "hits FTS5"], rows)


def write_results(info: dict, sizes: list[dict], args) -> str:
    parts = [
        "# Search benchmark",
        f"{info['date']} · {info['nproc']} cores · {info['cpu']} · Python {info['python']} · "
        f"whoosh3 {info['whoosh3']} · SQLite {info['sqlite']} · `{info['reader']}` (git HEAD {info['git_head']})",
        f"Command: `python benchmarks/bench.py {' '.join(sys.argv[1:])}`. Builds: {args.builds} per size "
        f"(each in a fresh subprocess and data dir), {args.reopens} reopens in fresh subprocesses, "
        f"each query {args.runs} times after one warm-up; p50/p95/max pool every query run. "
        "Whoosh times are `Library.search(q, limit=20)` (parse, compile, search, total count, fetch 20 "
        "papers from the catalog); FTS5 times fetch the 20 top rows by bm25 (title weight 3).",
        summary(sizes),
    ]
    for s in sizes:
        parts += [f"### Per query at {s['papers']:,} papers (medians)", per_query(s)]
    text = "\n\n".join(parts) + "\n"
    (HERE / "results.md").write_text(text)
    (HERE / "results.json").write_text(json.dumps({"machine": info, "sizes": sizes}, indent=1))
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--quick", action="store_true", help="1k papers only")
    parser.add_argument("--builds", type=int, default=3, help="builds (and incremental rounds) per size")
    parser.add_argument("--reopens", type=int, default=5)
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each query")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(WORKERS[args.worker[0]](*args.worker[1:])))
        return
    info, sizes = machine(), []
    for papers in [1000] if args.quick else args.papers:
        sizes.append(bench_size(papers, args.builds, args.runs, args.reopens))
        text = write_results(info, sizes, args)
    print(text)


if __name__ == "__main__":
    main()
