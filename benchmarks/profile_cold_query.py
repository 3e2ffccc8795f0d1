"""Where the first query after opening a library goes: a breakdown per step, per query.

    python benchmarks/profile_cold_query.py --data /tmp/c_100k --seeds benchmarks/corpora/100000
    python benchmarks/profile_cold_query.py ... --repeats 3      # fresh processes per query
    python benchmarks/profile_cold_query.py ... --cprofile "lang*" # cProfile of one cold query
    python benchmarks/profile_cold_query.py ... --typing          # RSS of both app processes

Each query of the benchmark mix (QUERIES in bench.py) runs once in a fresh interpreter,
right after `Library.attach` of an already built library (which only reads it): the cold
first query. The worker times the steps around it (importing the library, opening it,
importing NumPy and the evaluator) and, inside the query, accumulates the time spent in
the functions the cold path runs through: posting reads, field lengths, sort columns,
matches run by Whoosh, phrases and `abstract:` spans (`spans`, their words' postings
included, and `positions`, the part reading positions), the vocabulary, the catalog fetch
of the hits and the stored ids. `other` is the rest of the query (parsing, compiling,
scoring arrays, and the spans' own work). It prints a table of medians and the
median and p95 of the first query, plus the VmRSS after it.

`--typing` stands in for the app's two processes: this process opens the library and
starts its search process (as the app does for a big library), then types each query of
the mix a key at a time, searching the text typed so far as the search bar does (the last
word also as a prefix); it prints the VmRSS of both processes after typing and again
once the search process's warm-up has had time to finish.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.append(str(HERE.parent))  # after PYTHONPATH: a snapshot put first is measured

# (module, attribute path) of the functions whose time is accumulated during the query.
PROBES = {
    "evaluator": ("reader.search.index", "PaperIndex.evaluator"),
    "postings": ("reader.search.postings", "leaf_postings"),
    "open stored": ("reader.search.posting_cache", "open_segment"),
    "stored postings": ("reader.search.posting_cache", "SegmentPostings.postings"),
    "stored ids": ("whoosh.reading", "MultiReader.stored_fields"),
    "lengths": ("reader.search.postings", "length_bytes"),
    "sort columns": ("reader.search.evaluate", "Evaluator.order"),
    "by whoosh": ("reader.search.evaluate", "Evaluator._by_whoosh"),
    "spans": ("reader.search.evaluate", "Evaluator._span"),  # phrases, abstract: (as arrays)
    "positions": ("reader.search.evaluate", "Evaluator._positions"),  # ... reading their words' positions
    "vocabulary": ("reader.search.index", "PaperIndex.vocabulary"),
    "catalog fetch": ("reader.search.catalog", "Catalog.get"),
    "hit terms": ("reader.library", "_paper_terms"),
}
WITHIN = {"spans", "positions"}  # probes around others (a phrase reads its words' postings): shown, but
# not taken from `other` again


def _vm_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return math.nan


def _probe(spent: dict, label: str, module: str, path: str) -> None:
    """Wrap module.path so that its time (outermost calls only) adds to spent[label]."""
    import importlib

    try:
        owner = importlib.import_module(module)
    except ImportError:
        return
    *parents, name = path.split(".")
    for parent in parents:
        owner = getattr(owner, parent, None)
        if owner is None:
            return
    original = getattr(owner, name, None)
    if original is None:
        return
    depth = [0]

    def timed(*args, **kwargs):
        depth[0] += 1
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            depth[0] -= 1
            if not depth[0]:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - started

    setattr(owner, name, timed)
    if module == "reader.search.postings":  # evaluate imported it by name
        import reader.search.evaluate as evaluate

        if getattr(evaluate, name, None) is original:
            setattr(evaluate, name, timed)


def worker(data: str, seeds: str, query: str, cprofile: bool) -> dict:
    steps: dict[str, float] = {}
    started = time.perf_counter()
    from reader.library import Library

    steps["import reader"] = time.perf_counter() - started
    mark = time.perf_counter()
    lib = Library.attach(data, [seeds])  # as the search process opens it: reads, never writes
    steps["open"] = time.perf_counter() - mark
    numpy_loaded_at_open = "numpy" in sys.modules
    spent: dict[str, float] = {}
    mark = time.perf_counter()
    import numpy  # noqa: F401 - what the first query imports, timed on its own

    steps["import numpy"] = time.perf_counter() - mark
    for label, (module, path) in PROBES.items():
        _probe(spent, label, module, path)
    profiler = None
    if cprofile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    mark = time.perf_counter()
    result = lib.search(query, limit=20)
    query_seconds = time.perf_counter() - mark
    if profiler is not None:
        import io
        import pstats

        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
        print(out.getvalue(), file=sys.stderr)
    mark = time.perf_counter()
    lib.search(query, limit=20)
    again = time.perf_counter() - mark
    inner = dict(spent)
    accounted = sum(seconds for label, seconds in inner.items() if label not in WITHIN)
    return {"steps": steps, "inner": inner, "query": query_seconds, "other": query_seconds - accounted,
            "again": again, "total": result.total, "rss_mb": _vm_rss_mb(),
            "numpy_at_open": numpy_loaded_at_open}


def _vm_rss_of(pid: int | str) -> float:
    return _status_mb(pid)["VmRSS"]


def _status_mb(pid: int | str = "self") -> dict[str, float]:
    """VmRSS and its parts (anonymous memory, mapped files), in MB."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "RssAnon", "RssFile", "VmHWM"):
            found[name] = int(value.split()[0]) / 1024
    return found


def _parts(pid: int | str) -> str:
    found = _status_mb(pid)
    return f"{found['VmRSS']:.0f} MB ({found['RssAnon']:.0f} anonymous, {found['RssFile']:.0f} file)"


def typing(data: str, seeds: str, interval: float, settle: float) -> None:
    from bench import QUERIES

    from reader.library import Library
    from reader.search.as_you_type import settled, while_typing
    from reader.search.syntax import QueryError

    lib = Library.open(data_dir=data, seeds=[seeds], progress=None)
    lib.use_search_process()
    child = lib._process._process.pid
    keys, slow = 0, []
    for _, query, _, _ in QUERIES:
        for end in range(1, len(query) + 1):
            typed = query[:end]
            started = time.perf_counter()
            try:
                lib.search(while_typing(typed), limit=50)
            except QueryError:
                if settled(typed):
                    lib.search(settled(typed), limit=50)
            slow.append(time.perf_counter() - started)
            keys += 1
            time.sleep(interval)
    after = (_vm_rss_mb(), _vm_rss_of(child))
    parts = (_parts("self"), _parts(child))
    time.sleep(settle)
    later = (_vm_rss_mb(), _vm_rss_of(child))
    later_parts = (_parts("self"), _parts(child))
    lib.close()
    print(f"typed {keys} keys: search median {statistics.median(slow) * 1e3:.1f} ms, "
          f"p95 {_p95(slow) * 1e3:.1f} ms")
    print(f"VmRSS after typing: UI {parts[0]} + search process {parts[1]} = {sum(after):.0f} MB")
    print(f"VmRSS {settle:.0f} s later: UI {later_parts[0]} + search process {later_parts[1]} "
          f"= {sum(later):.0f} MB")


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def table(runs: dict[str, list[dict]]) -> str:
    """The breakdown as a Markdown table (medians per query), then the figures over the mix."""
    labels = sorted({k for rs in runs.values() for r in rs for k in r["inner"]}, key=list(PROBES).index)
    ms = lambda xs: f"{statistics.median(xs) * 1e3:.1f}"  # noqa: E731
    head = ["query", "open", "import numpy", "first query", *labels, "other", "again", "RSS MB", "hits"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for label, rs in runs.items():
        cells = [label, ms([r["steps"]["open"] for r in rs]), ms([r["steps"]["import numpy"] for r in rs]),
                 ms([r["query"] for r in rs]), *[ms([r["inner"].get(k, 0.0) for r in rs]) for k in labels],
                 ms([r["other"] for r in rs]), ms([r["again"] for r in rs]),
                 f"{statistics.median(r['rss_mb'] for r in rs):.0f}", str(rs[0]["total"])]
        lines.append("| " + " | ".join(cells) + " |")
    firsts = [r["query"] for rs in runs.values() for r in rs]
    with_numpy = [r["query"] + r["steps"]["import numpy"] for rs in runs.values() for r in rs]
    opens = [r["steps"]["open"] for rs in runs.values() for r in rs]
    lines.append(f"\nfirst query over the mix: median {statistics.median(firsts) * 1e3:.1f} ms, "
                 f"p95 {_p95(firsts) * 1e3:.1f} ms; with importing NumPy: median "
                 f"{statistics.median(with_numpy) * 1e3:.1f} ms, p95 {_p95(with_numpy) * 1e3:.1f} ms; "
                 f"open: median {statistics.median(opens) * 1e3:.1f} ms ({len(firsts)} fresh processes)")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="data dir of an already built library")
    parser.add_argument("--seeds", required=True, help="the listing folder it was built from")
    parser.add_argument("--repeats", type=int, default=1, help="fresh processes per query")
    parser.add_argument("--cprofile", metavar="QUERY", help="print a cProfile of this cold query and stop")
    parser.add_argument("--typing", action="store_true", help="the app's two processes' RSS after typing")
    parser.add_argument("--json", metavar="FILE", help="also write the raw figures here")
    parser.add_argument("--worker", nargs=2, metavar=("QUERY", "CPROFILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.data, args.seeds, args.worker[0], args.worker[1] == "1")))
        return

    def spawn(query: str, profile: bool) -> dict:
        out = subprocess.run([sys.executable, __file__, "--data", args.data, "--seeds", args.seeds,
                              "--worker", query, "1" if profile else "0"],
                             stdout=subprocess.PIPE, stderr=None if profile else subprocess.DEVNULL,
                             text=True, check=True)
        return json.loads(out.stdout.strip().splitlines()[-1])

    if args.typing:
        typing(args.data, args.seeds, interval=0.05, settle=20.0)
        return
    if args.cprofile:
        found = spawn(args.cprofile, True)
        print(f"first query {found['query'] * 1e3:.1f} ms, total {found['total']}")
        return
    from bench import QUERIES

    runs = {label: [spawn(query, False) for _ in range(args.repeats)] for label, query, _, _ in QUERIES}
    print(table(runs))
    if args.json:
        Path(args.json).write_text(json.dumps(runs, indent=1))


if __name__ == "__main__":
    main()
