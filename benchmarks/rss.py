"""Peak RSS of a process tree, sampled from /proc (no psutil).

`TreeSampler(pid)` wakes every ~20 ms in a thread, finds the root and all its descendants
(by parent pid, from /proc/<pid>/stat) and reads each one's /proc/<pid>/status: the peak
of the sum of their VmRSS is the figure "peak RSS of all the processes together" is judged
on. It counts pages that processes share (a fork's copy-on-write pages) once per process,
so it can only overstate; a peak between two samples can be missed, so it is never put
below the largest single peak. A process's own peak is its VmHWM (the kernel's high-water
mark, exact however briefly it was reached) as last seen; a process that lives less than
one interval can be missed whole. Figures are MB (10^6 bytes).

    with TreeSampler(proc.pid) as sampler:
        proc.wait()
    sampler.report()  # {"sum_peak_mb": ..., "processes": [{"pid", "ppid", "name", "peak_mb"}, ...]}
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections import defaultdict

INTERVAL = 0.02  # seconds between samples
KB = 1024 / 1e6  # /proc reports kB (KiB); figures are MB


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError:  # the process ended between listing and reading
        return None


def _parent(pid: int) -> int | None:
    stat = _read(f"/proc/{pid}/stat")
    if stat is None:
        return None
    return int(stat[stat.rfind(b")") + 2:].split()[1])  # the name may hold spaces and ')'


def _status(pid: int) -> tuple[int, int, int] | None:
    """(parent pid, VmRSS, VmHWM) of a live process, in kB; None once it is gone or a zombie."""
    status = _read(f"/proc/{pid}/status")
    if status is None:
        return None
    fields = dict(line.split(b":", 1) for line in status.splitlines() if b":" in line)
    if b"VmRSS" not in fields:  # a zombie has no memory left
        return None
    return int(fields[b"PPid"]), int(fields[b"VmRSS"].split()[0]), int(fields[b"VmHWM"].split()[0])


def label(pid: int) -> str:
    """A short name for a process: its program and the arguments that tell it apart."""
    argv = [a.decode(errors="replace") for a in (_read(f"/proc/{pid}/cmdline") or b"").split(b"\0") if a]
    if not argv:
        return (_read(f"/proc/{pid}/comm") or b"?").decode(errors="replace").strip()
    text = " ".join(argv)
    for kind in ("forkserver", "resource_tracker", "spawn"):
        if f"multiprocessing.{kind}" in text or f"multiprocessing import {kind}" in text:
            return f"{os.path.basename(argv[0])} (multiprocessing {kind} child)"
    shown = [os.path.basename(argv[0])] + [os.path.basename(a) if "/" in a else a for a in argv[1:4]]
    return " ".join(" ".join(shown).split())[:80]


class TreeSampler:
    """Samples the RSS of `root` and its descendants until stopped."""

    def __init__(self, root: int, interval: float = INTERVAL):
        self.root, self.interval = root, interval
        self.peaks: dict[int, int] = {}  # pid -> peak kB
        self.names: dict[int, str] = {}
        self.ppids: dict[int, int] = {}  # parent pid as first seen
        self.sum_peak = 0
        self.samples = 0
        self.cpu_seconds = 0.0  # the sampler's own CPU time, to show what it costs
        self._parents: dict[int, int | None] = {}  # pid -> parent pid, read once per pid
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _tree(self) -> list[int]:
        alive = {int(name) for name in os.listdir("/proc") if name.isdigit()}
        for pid in set(self._parents) - alive:
            del self._parents[pid]
        for pid in alive - set(self._parents):
            self._parents[pid] = _parent(pid)
        children = defaultdict(list)
        for pid, parent in self._parents.items():
            children[parent].append(pid)
        tree, todo = [], [self.root]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(children.get(pid, ()))
        return tree

    def sample(self) -> None:
        total = 0
        for pid in self._tree():
            status = _status(pid)
            if status is None:
                continue
            self._parents[pid] = status[0]  # a re-parented process moves with its parent pid
            total += status[1]
            self.peaks[pid] = max(status[2], self.peaks.get(pid, 0))
            if pid not in self.names:
                self.names[pid], self.ppids[pid] = label(pid), status[0]
        self.sum_peak = max(self.sum_peak, total)
        self.samples += 1

    def _run(self) -> None:
        started = time.thread_time()
        while True:
            self.sample()
            if self._stop.wait(self.interval):
                break
        self.cpu_seconds = time.thread_time() - started

    def report(self) -> dict:
        processes = sorted(({"pid": pid, "ppid": self.ppids.get(pid), "name": self.names.get(pid, "?"),
                             "peak_mb": round(kb * KB, 1)}
                            for pid, kb in self.peaks.items()), key=lambda p: -p["peak_mb"])
        peak = max([self.sum_peak, *self.peaks.values()])
        return {"root": self.root, "sum_peak_mb": round(peak * KB, 1), "processes": processes,
                "samples": self.samples, "sampler_cpu_s": round(self.cpu_seconds, 3)}


def add_root_peak(report: dict, peak_mb: float) -> None:
    """Fold in the root's own peak as it reported it on exit (after the last sample)."""
    root = next((p for p in report["processes"] if p["pid"] == report["root"]), None)
    if root is None:  # it ended before the first sample
        root = {"pid": report["root"], "ppid": None, "name": "(root)", "peak_mb": 0.0}
        report["processes"].append(root)
    root["peak_mb"] = max(root["peak_mb"], peak_mb)
    report["processes"].sort(key=lambda p: -p["peak_mb"])
    report["sum_peak_mb"] = max(report["sum_peak_mb"], peak_mb)


def run_sampled(argv: list[str], interval: float = INTERVAL) -> tuple[str, dict]:
    """Run `argv`, sampling its process tree; its stdout and the RSS report.

    Raises CalledProcessError (with the output) if it fails."""
    with subprocess.Popen(argv, stdout=subprocess.PIPE, text=True) as proc:
        with TreeSampler(proc.pid, interval) as sampler:
            out, _ = proc.communicate()
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, argv, out)
    return out, sampler.report()
