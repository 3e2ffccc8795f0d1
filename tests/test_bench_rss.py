"""benchmarks/rss.py: the peak RSS of a process tree, read from /proc."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time
from pathlib import Path

import pytest

# benchmarks/ is no package: load the module from its file, leaving sys.path alone
_SPEC = importlib.util.spec_from_file_location(
    "bench_rss", Path(__file__).resolve().parents[1] / "benchmarks" / "rss.py")
rss = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(rss)

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")

MB = 1_000_000
# Holds `size` MB of written bytes, starts a child that holds `child` MB, says "ready" once
# both hold their memory, and exits (with the child) when its stdin closes.
TREE = """
import subprocess, sys
held = b"x" * ({size} * 1_000_000)
child = subprocess.Popen([sys.executable, "-c",
    "import sys; held = b'y' * ({child} * 1_000_000); print('ready', flush=True); sys.stdin.read()"],
    stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
child.stdout.readline()
print("ready", flush=True)
sys.stdin.read()
child.stdin.close()
child.wait()
"""


def start_tree(size: int, child: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", TREE.format(size=size, child=child)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    return proc


def stop(proc: subprocess.Popen) -> None:
    proc.stdin.close()
    assert proc.wait(timeout=30) == 0


def test_a_sample_sums_the_root_and_its_child():
    proc = start_tree(120, 80)
    try:
        sampler = rss.TreeSampler(proc.pid)
        sampler.sample()
        report = sampler.report()
    finally:
        stop(proc)
    assert report["root"] == proc.pid and report["samples"] == 1
    root, child = report["processes"]  # largest first
    assert root["pid"] == proc.pid and root["peak_mb"] >= 120
    assert child["ppid"] == proc.pid and 80 <= child["peak_mb"] < 120
    assert "python" in child["name"] and "-c" in child["name"]
    assert report["sum_peak_mb"] >= root["peak_mb"] + child["peak_mb"] - 10  # both held at once


def test_the_thread_samples_until_stopped_and_outlives_the_tree():
    proc = start_tree(60, 40)
    with rss.TreeSampler(proc.pid, interval=0.005) as sampler:
        deadline = time.monotonic() + 30
        while sampler.samples < 3 and time.monotonic() < deadline:  # wait for samples, not for time
            time.sleep(0.005)
        stop(proc)  # the tree ends while the thread still samples: gone processes are skipped
    report = sampler.report()
    assert report["samples"] >= 3 and report["sampler_cpu_s"] >= 0
    assert report["sum_peak_mb"] >= 100 - 5 and len(report["processes"]) == 2


def test_sum_is_never_below_the_largest_single_peak():
    sampler = rss.TreeSampler(1)
    sampler.peaks, sampler.names, sampler.ppids, sampler.sum_peak = {1: 2000 * 1024}, {1: "a"}, {1: 0}, 10
    assert sampler.report()["sum_peak_mb"] == pytest.approx(2000 * 1024 * 1024 / MB, abs=0.1)


def test_the_root_peak_reported_on_exit_is_folded_in():
    report = {"root": 7, "sum_peak_mb": 50.0,
              "processes": [{"pid": 8, "ppid": 7, "name": "child", "peak_mb": 40.0}]}
    rss.add_root_peak(report, 90.0)  # the root was never sampled
    assert report["sum_peak_mb"] == 90.0
    assert [p["pid"] for p in report["processes"]] == [7, 8] and report["processes"][0]["peak_mb"] == 90.0


def test_run_sampled_returns_the_output_and_raises_on_failure():
    out, report = rss.run_sampled([sys.executable, "-c", "print('hello')"])
    assert out == "hello\n" and report["samples"] >= 1
    with pytest.raises(subprocess.CalledProcessError):
        rss.run_sampled([sys.executable, "-c", "raise SystemExit(3)"])
