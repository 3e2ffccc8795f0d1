"""The parts of bench.py that run in a fresh interpreter, and `spawn()` to run them.

    python benchmarks/bench_workers.py KIND ARGS...   # prints one JSON line

Each worker is one build or one cold open + first query, so nothing earlier in the process
(a cache, a warmed import, an earlier query) helps it. `spawn()` samples the RSS of the
worker and of every process it starts (rss.py) and adds that report to the worker's JSON.
Imports of the engine under test happen before the clock starts and are timed apart.
"""

from __future__ import annotations

import json
import resource
import shutil
import sqlite3
import sys
import time
from pathlib import Path

import rss

FTS_SCHEMA = """
CREATE VIRTUAL TABLE papers USING fts5(
    title, authors, orgs, abstract, category, year UNINDEXED,
    tokenize = 'porter unicode61 remove_diacritics 2');
INSERT INTO papers(papers, rank) VALUES ('rank', 'bm25(3.0, 1.0, 1.0, 1.0, 1.0)');
"""
TOP = "SELECT rowid, title, authors, orgs, abstract, category, year FROM papers WHERE {where}{order} LIMIT 20"


def max_rss_mb() -> dict:
    """This process's peak RSS (VmHWM, exact), and ru_maxrss of it and of its largest waited-for
    child, MB. Linux carries ru_maxrss across exec, so a worker's is at least what the bench
    process held when it spawned it: kept for reference only."""
    hwm = next(int(line.split()[1]) for line in Path("/proc/self/status").read_text().splitlines()
               if line.startswith("VmHWM:"))
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 / 1e6
    return {"vmhwm_mb": round(hwm * 1024 / 1e6, 1), "ru_maxrss_mb": round(own, 1),
            "ru_maxrss_child_mb": round(child, 1)}


def parse_corpus(corpus: str) -> list:
    """The merged papers of a corpus folder, as the reader's parser reads them."""
    from reader import paths
    from reader.ingest import merge, parse_file
    return merge(li for path in paths.listing_files([Path(corpus)]) for li in parse_file(path).listings)


def fts_statements(match: str, cond: str) -> tuple[str, str, tuple]:
    """The top-20 and count(*) SQL of one query of the mix, and its parameters."""
    where = " AND ".join(filter(None, ["papers MATCH ?" if match else "", cond]))
    top = TOP.format(where=where, order=" ORDER BY rank" if match else "")
    return top, f"SELECT count(*) FROM papers WHERE {where}", (match,) if match else ()


def fts_query(con: sqlite3.Connection, match: str, cond: str) -> int:
    """Top 20 by bm25 plus the total, as the reader's search returns both."""
    top, count, params = fts_statements(match, cond)
    con.execute(top, params).fetchall()
    return con.execute(count, params).fetchone()[0]


# workers ------------------------------------------------------------------------------
def reader_build(corpus: str, data: str) -> dict:
    started = time.perf_counter()
    from reader.library import Library
    imported = time.perf_counter()
    shutil.rmtree(data, ignore_errors=True)
    started_build = time.perf_counter()
    lib = Library.open(data_dir=data, seeds=[corpus], progress=None, rebuild=True)
    return {"seconds": time.perf_counter() - started_build, "import": imported - started,
            "papers": lib.count(), **max_rss_mb()}


def reader_cold(corpus: str, data: str, query: str) -> dict:
    started = time.perf_counter()
    from reader.library import Library
    imported = time.perf_counter()
    lib = Library.open(data_dir=data, seeds=[corpus], progress=None)
    opened = time.perf_counter()
    total = lib.search(query, limit=20).total
    done = time.perf_counter()
    assert lib.report.rebuilt is False and not lib.report.added, lib.report
    return {"import": imported - started, "open": opened - imported, "first_query": done - opened,
            "total": total, **max_rss_mb()}


def fts_build(corpus: str, db: str) -> dict:
    Path(db).unlink(missing_ok=True)
    started = time.perf_counter()
    papers = parse_corpus(corpus)
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
            "papers": len(papers), **max_rss_mb()}


def fts_cold(db: str, match: str, cond: str) -> dict:
    started = time.perf_counter()
    con = sqlite3.connect(db)
    con.execute("SELECT 1 FROM papers LIMIT 0")  # sqlite opens the file lazily: make it read the schema
    opened = time.perf_counter()
    total = fts_query(con, match, cond)
    done = time.perf_counter()
    return {"open": opened - started, "first_query": done - opened, "total": total, **max_rss_mb()}


def tantivy_build(corpus: str, path: str) -> dict:
    import tantivy_ref
    return {**tantivy_ref.build(corpus, path, parse_corpus), **max_rss_mb()}


def tantivy_cold(path: str, label: str) -> dict:
    import tantivy_ref
    return {**tantivy_ref.cold(path, label), **max_rss_mb()}


WORKERS = {"reader-build": reader_build, "reader-cold": reader_cold, "fts-build": fts_build,
           "fts-cold": fts_cold, "tantivy-build": tantivy_build, "tantivy-cold": tantivy_cold}


def spawn(kind: str, *args: str) -> dict:
    """Run one worker in a fresh interpreter; its JSON result plus the RSS of its process tree."""
    out, report = rss.run_sampled([sys.executable, __file__, kind, *args])
    result = json.loads(out.strip().splitlines()[-1])
    rss.add_root_peak(report, result["vmhwm_mb"])  # the worker's own peak, read as it ended
    return {**result, "rss": report}


if __name__ == "__main__":
    print(json.dumps(WORKERS[sys.argv[1]](*sys.argv[2:])))
