"""The app benchmark's figures: each typing round summarised, the issue's targets checked,
and app_results.md written from the report app_bench.py builds."""

from __future__ import annotations

import statistics

# Issue 14's targets per library size: (what, the figure's key path, the most it may be, unit).
TARGETS = {
    100_000: [
        ("keystroke → results p95, round 1 (from the first key)", ("round1", "p95"), 50, "ms"),
        ("keystroke → results p95, steady typing", ("steady", "p95"), 50, "ms"),
        ("app RSS after typing (UI + search process)", ("memory", "total", "rss_mb"), 300, "MB"),
    ],
    1_000_000: [
        ("keystroke → results p95, round 1 (from the first key)", ("round1", "p95"), 50, "ms"),
        ("keystroke → results p95, steady typing", ("steady", "p95"), 50, "ms"),
        ("longest UI stall, round 1 (from the first key)", ("round1", "stall_max"), 16, "ms"),
        ("longest UI stall, steady typing", ("steady", "stall_max"), 16, "ms"),
        ("app RSS after typing (UI + search process)", ("memory", "total", "rss_mb"), 800, "MB"),
    ],
}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(rounds: list[dict]) -> dict:
    """Latency p50/p95/max and the stalls' p99, each the median over the rounds; the longest
    stall and the count of 1 ms ticks late by more than 16 ms over all the rounds (worst case)."""
    figures = []
    for r in rounds:
        ms, stalls = [x * 1000 for x in r["latencies"]], [x * 1000 for x in r["stalls"]]
        figures.append({
            "p50": percentile(ms, 0.5), "p95": percentile(ms, 0.95), "max": max(ms),
            "stall_p99": percentile(stalls, 0.99),
            "stall_max": max(stalls), "stalls_over_16ms": sum(1 for x in stalls if x > 16),
        })
    medians = {key: round(statistics.median(f[key] for f in figures), 1) for key in ("p50", "p95", "max", "stall_p99")}
    return medians | {
        "stall_max": round(max(f["stall_max"] for f in figures), 1),
        "stalls_over_16ms": sum(f["stalls_over_16ms"] for f in figures),
        "rounds": len(rounds), "keys": sum(len(r["latencies"]) for r in rounds),
    }


def verdicts(papers: int, figures: dict) -> list[dict]:
    """Every target of this library size with the measured figure and whether it is met."""
    out = []
    for what, path, most, unit in TARGETS.get(papers, []):
        value = figures
        for key in path:
            value = value[key]
        out.append({"target": what, "at_most": most, "unit": unit, "measured": value, "met": value <= most})
    return out


def _typing_row(name: str, f: dict) -> str:
    return (f"| {name} | {f['p50']} / {f['p95']} / {f['max']} ms | {f['stall_max']} ms | "
            f"{f['stalls_over_16ms']} | {f['stall_p99']} ms |")


def _memory_row(name: str, m: dict) -> str:
    search = m["search"]
    s = f"{search['rss_mb']} MB ({search['peak_mb']} MB)" if search else "none (searches in the UI process)"
    return (f"| {name} | {m['ui']['rss_mb']} MB ({m['ui']['peak_mb']} MB) | {s} | "
            f"**{m['total']['rss_mb']} MB** ({m['total']['peak_mb']} MB) |")


def _startup_row(name: str, s: dict) -> str:
    return (f"| {name} | {s['startup']['interactive_s']} s | {s['startup']['results_s']} s | "
            f"{s['round1_library_open_s']} s | {s['round1_first_results_s']} s |")


def markdown(r: dict) -> str:
    b, seeds = r["startup_baselines"], r["seeds"]
    sizes = r["sizes"]
    typing, memory, startup, targets = [], [], [], []
    for s in sizes:
        n = f"{s['papers']:,} papers"
        typing += [_typing_row(f"{n}, round 1 (from the first key)", s["round1"]),
                   _typing_row(f"{n}, steady typing", s["steady"])]
        memory.append(_memory_row(n, s["memory"]))
        startup.append(_startup_row(n, s))
        targets += [f"| {n} | {t['target']} | ≤ {t['at_most']} {t['unit']} | {t['measured']} {t['unit']} | "
                    f"{'met' if t['met'] else '**not met**'} |" for t in s["targets"]]
    typing += [_typing_row("baseline: the seeds, round 1", seeds["round1"]),
               _typing_row("baseline: the seeds, steady typing", seeds["steady"])]
    memory.append(_memory_row("baseline: the seeds", seeds["memory"]))
    indexes = "; ".join(f"{s['papers']:,} papers {s['index']['how']} in {s['index']['seconds']} s" for s in sizes)
    return f"""# App benchmark

{r['when']} · {r['machine']} · load average {r['load']} at the start ·
`python benchmarks/app_bench.py --papers {' '.join(str(s['papers']) for s in sizes)} --interval {r['interval_s']} --rounds {r['rounds']}`

Each session is a fresh process that starts the app as `reader` does (the app opens the
library itself and, for a big library, moves searches to a process of its own), then types
{len(r['queries'])} queries one key every {r['interval_s']} s through the terminal driver.
**Round 1 starts at the first key**: typing begins the moment the app is interactive (first
frame painted, search bar focused), while the library and the search process may still be
opening or warming up, and each key's wait counts in full. Steady typing is rounds 2–{r['rounds']}.
Keystroke → results: from a key to the first repaint of the results for the text typed up to
that key or later. Stall: how late an asyncio tick due every 1 ms ran while typing (one
late tick per stall: the next is due only after it ran). Latencies and the stalls' p99 are
medians over the rounds; the longest stall and the count of stalls > 16 ms are the worst
(max, sum) over the rounds. Index: {indexes}.

## Targets (issue 14)

| size | target | at most | measured | |
|---|---|---|---|---|
{chr(10).join(targets) or '| | no targets for these sizes (the issue sets them at 100,000 and 1,000,000) | | | |'}

## Typing

| session | keystroke → results p50 / p95 / max | longest stall | stalls > 16 ms | stall p99 |
|---|---|---|---|---|
{chr(10).join(typing)}

## Memory of the running app after typing every query

VmRSS read from /proc/&lt;pid&gt;/status after the last round, the app still running (VmHWM, the
peak, in brackets; together: the sum of the two peaks); the search process is the app's
child running `reader.search_server`, found through /proc/&lt;pid&gt;/task/*/children.

| library | UI process | search process | together |
|---|---|---|---|
{chr(10).join(memory)}

## Start-up

Fresh processes to the first frame and the first results (median of {r['startup_runs']} each), and
in the round-1 session, counted from the first key: the library open in the app (its
opening worker done), and the first results on screen.

| to | first frame | first results | round 1: library open | round 1: first results |
|---|---|---|---|---|
{_startup_row('the seeds', seeds)}
{chr(10).join(startup)}
| baseline: a Textual hello world | {b['hello_world_s']} s | | | |
| baseline: the Python interpreter alone | {b['interpreter_s']} s | | | |

Queries typed: {', '.join(f'`{q}`' for q in r['queries'])}.
"""
