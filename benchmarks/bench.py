"""Benchmark the Library (Whoosh) on generated corpora, beside SQLite FTS5 and tantivy.

    pip install -e '.[bench]'                                   # tantivy, the second reference
    python benchmarks/bench.py --papers 100000 1000000 --builds 3 1 --reopens 3 2 --runs 5
    python benchmarks/bench.py --papers 10000 --work /tmp/bench   # quick; indexes under /tmp

Per size, every figure the search issue sets a target for, each beside the same run's FTS5
(and tantivy) and the target: full build (fresh data dir, fresh subprocess) in papers/s
with the peak RSS of every process it starts and of all of them together; add and remove
a 1k-paper file; reopen of the unchanged library and its first query, cold (each sample a
fresh subprocess that opens the index and runs one query of the mix as its first: queries
× reopens subprocesses per engine); warm query latency over the mix. Corpora missing
under benchmarks/corpora/ are generated; the engines read a hard-linked copy of the corpus
folder under --work, so adding the 1k file never shows in anyone else's library. Writes
benchmarks/results.md (a summary first) and benchmarks/results.json.

To measure a commit rather than a working tree that is being edited, put a snapshot first
on the path (results.md records where `reader` was imported from):

    SRC=$PWD/benchmarks/corpora/src-$(git rev-parse --short HEAD)
    mkdir -p $SRC && git archive HEAD reader | tar -x -C $SRC
    PYTHONPATH=$SRC python benchmarks/bench.py
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import bench_report
import bench_workers as workers
import generate
import reader
from reader.library import Library

try:
    import tantivy_ref
except ImportError:  # the bench extra is not installed: main() says so (importing bench still works)
    tantivy_ref = None

HERE = Path(__file__).resolve().parent
CORPORA = generate.CORPORA

# label, reader query, FTS5 MATCH (None: no full-text part), extra SQL condition.
# FTS5 has no fuzzy matching: `transfomer~` becomes the word the vocabulary finds for it.
# tantivy's spelling of each is in tantivy_ref.QUERIES.
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


# warm queries in this process ----------------------------------------------------------
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
    """Top-20 timings, top-20 plus count(*) timings (the reader reports a total too), totals."""
    con = sqlite3.connect(db)
    samples, with_count, totals = {}, {}, {}
    for label, _, match, cond in QUERIES:
        top, _, params = workers.fts_statements(match, cond)
        samples[label], _ = timed(lambda: con.execute(top, params).fetchall(), runs)
        with_count[label], totals[label] = timed(lambda: workers.fts_query(con, match, cond), runs)
    con.close()
    return samples, with_count, totals


def tantivy_queries(path: Path, runs: int) -> tuple[dict, dict]:
    searcher = tantivy_ref.Searcher(str(path))
    samples, totals = {}, {}
    for label in tantivy_ref.QUERIES:
        samples[label], totals[label] = timed(lambda: searcher.run(label), runs)
    return samples, totals


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


# fresh subprocesses --------------------------------------------------------------------
def corpus_view(corpus: Path, view: Path) -> Path:
    """A folder of hard links to the corpus files (copies where linking fails), private to this run."""
    shutil.rmtree(view, ignore_errors=True)
    view.mkdir(parents=True)
    for path in sorted(corpus.glob("*.txt")):
        try:
            os.link(path, view / path.name)
        except OSError:  # another file system
            shutil.copy2(path, view / path.name)
    return view


def builds(corpus: Path, data: Path, db: Path, tan: Path, rounds: int, say) -> dict:
    """`rounds` full builds of each engine, interleaved so a load change hits all three alike."""
    out = {"build": [], "fts_build": [], "tantivy_build": []}
    for round_ in range(rounds):
        say(f"build {round_ + 1}/{rounds}: reader")
        out["build"].append(workers.spawn("reader-build", str(corpus), str(data)))
        say(f"build {round_ + 1}/{rounds}: FTS5")
        out["fts_build"].append(workers.spawn("fts-build", str(corpus), str(db)))
        say(f"build {round_ + 1}/{rounds}: tantivy")
        out["tantivy_build"].append(workers.spawn("tantivy-build", str(corpus), str(tan)))
    return out


def cold(corpus: Path, data: Path, db: Path, tan: Path, reopens: int, say) -> dict:
    """Each query of the mix as the first of a fresh process, `reopens` times, per engine."""
    out = {"reader": [], "fts": [], "tantivy": []}
    for round_ in range(reopens):
        say(f"cold first queries, round {round_ + 1}/{reopens} ({len(QUERIES)} x 3 subprocesses)")
        for label, query, match, cond in QUERIES:
            runs = {"reader": ("reader-cold", str(corpus), str(data), query),
                    "fts": ("fts-cold", str(db), match or "", cond),
                    "tantivy": ("tantivy-cold", str(tan), label)}
            for engine, args in runs.items():
                out[engine].append({"label": label, **workers.spawn(*args)})
    return out


def bench_size(papers: int, builds_: int, runs: int, reopens: int, work: Path) -> dict:
    source, extra = CORPORA / str(papers), CORPORA / f"{papers}.extra.txt"
    if not extra.exists():
        generate.generate(papers, 7, 1000, generate.Vocabulary())
    say = lambda text: print(f"[{papers:,}] {time.strftime('%H:%M:%S')} {text}", flush=True)  # noqa: E731
    corpus = corpus_view(source, work / f"{papers}.corpus")
    data, db, tan = work / f"{papers}.data", work / f"{papers}.fts5.sqlite", work / f"{papers}.tantivy"

    load = [os.getloadavg()]  # other work on the machine skews every figure
    result = {"papers": papers, **builds(corpus, data, db, tan, builds_, say)}
    # Every engine holds the same merged papers (a few generated titles coincide at 1M).
    merged = {b["papers"] for key in ("build", "fts_build", "tantivy_build") for b in result[key]}
    assert len(merged) == 1 and papers - min(merged) <= papers // 10_000, merged
    result["merged"] = merged.pop()
    result["cold"] = cold(corpus, data, db, tan, reopens, say)
    say(f"warm queries x{runs}")
    with Library.open(data_dir=data, seeds=[corpus]) as lib:
        result["whoosh"], result["totals"] = whoosh_queries(lib, runs)
        result["fts"], result["fts_count"], result["fts_totals"] = fts_queries(db, runs)
        result["tantivy"], result["tantivy_totals"] = tantivy_queries(tan, runs)
        say("incremental add/remove")
        result["incremental"] = incremental(lib, corpus, extra, result["merged"], max(1, builds_))
    load.append(os.getloadavg())
    result["load"] = [round(avg[0], 2) for avg in load]
    result["load_1_5_15"] = load
    return result


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    git = lambda *a: subprocess.run(["git", "-C", str(HERE), *a], capture_output=True, text=True).stdout.strip()  # noqa: E731
    memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal:"))
    return {"date": datetime.now().astimezone().isoformat(timespec="seconds"), "nproc": os.cpu_count(),
            "cpu": cpu, "memory_gb": round(memory * 1024 / 1e9, 1), "python": platform.python_version(),
            "whoosh3": importlib.metadata.version("whoosh3"), "sqlite": sqlite3.sqlite_version,
            "tantivy": importlib.metadata.version("tantivy"), "git_head": git("rev-parse", "--short", "HEAD"),
            "git_dirty": bool(git("status", "--porcelain", "--", str(HERE.parent / "reader"))),
            "reader": str(Path(reader.__file__).resolve().parent)}


def per_size(values: list[int], papers: list[int], name: str) -> list[int]:
    """One value for every size, or one per size."""
    if len(values) == 1:
        return values * len(papers)
    if len(values) != len(papers):
        sys.exit(f"--{name}: give one value, or one per size in --papers ({len(papers)})")
    return values


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--quick", action="store_true", help="1k papers only")
    parser.add_argument("--builds", type=int, nargs="+", default=[3],
                        help="full builds of each engine (and incremental rounds), per size or one for all")
    parser.add_argument("--reopens", type=int, nargs="+", default=[3],
                        help="rounds of cold first queries (each: every query of the mix, per engine)")
    parser.add_argument("--runs", type=int, default=7, help="timed warm runs of each query")
    parser.add_argument("--work", type=Path, default=CORPORA,
                        help="where the indexes and the corpus copies go (default: benchmarks/corpora)")
    args = parser.parse_args()
    if tantivy_ref is None:
        sys.exit("bench.py needs tantivy, the second reference: pip install -e '.[bench]'")
    assert [q[0] for q in QUERIES] == list(tantivy_ref.QUERIES), "tantivy_ref.QUERIES must follow QUERIES"
    sizes = [1000] if args.quick else args.papers
    builds_, reopens = per_size(args.builds, sizes, "builds"), per_size(args.reopens, sizes, "reopens")
    args.work.mkdir(parents=True, exist_ok=True)
    info, results, started = machine(), [], time.perf_counter()
    for papers, b, r in zip(sizes, builds_, reopens):
        results.append(bench_size(papers, b, args.runs, r, args.work))
        info["minutes"] = round((time.perf_counter() - started) / 60, 1)
        text = bench_report.write(HERE, info, results, QUERIES, sys.argv[1:])
    print(text)


if __name__ == "__main__":
    main()
