"""Killing `reader index --rebuild` at random points leaves no worker, no held lock, no open pipe.

A full index is built first; each test starts a rebuild of it as a subprocess in a new
session, waits until its worker pool runs (parse phase: no Whoosh folder yet; indexing
phase: the new generation's Whoosh folder exists), kills the parent after a random
extra delay, and then checks that nothing of that session lives on, that its stdout
pipe has ended, and that the next `reader search` answers within 2 s.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.search import bulk, index, rebuild
from tests.conftest import write_dated

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc to find survivors"),
    pytest.mark.skipif(bulk.CORES < 2, reason="the worker pools need two cores"),
]

REPO = Path(__file__).resolve().parents[2]
PAPERS = 4_100  # above bulk.PARALLEL_FROM, and about 4.5 MB: above the parallel-parse threshold
WORDS = "graph tree model network language vision learning kernel sparse dense attention memory".split()
NEXT_COMMAND_BOUND = 2.0  # seconds
RNG = random.Random()


def write_corpus(folder: Path) -> None:
    rng = random.Random(15)
    folder.mkdir()
    for part, start in enumerate(range(0, PAPERS, 700)):
        write_dated(folder / f"part-{part}.txt", [
            (
                "LGMar 3, 2024",
                f"Synthetic Study Number {n} of {rng.choice(WORDS).title()}Ada Lovelace, Alan Turing",
                " ".join(rng.choice(WORDS) for _ in range(150)) + ".",
            )
            for n in range(start, min(PAPERS, start + 700))
        ])
    size = sum(p.stat().st_size for p in folder.iterdir())
    assert size >= rebuild.PARALLEL_PARSE_FROM and PAPERS >= bulk.PARALLEL_FROM  # both pools run


def command(folder: Path, data: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "reader", "--seeds", str(folder), "--data-dir", str(data), *args]


def session_members(sid: int) -> list[int]:
    """Live (non-zombie) processes in session `sid`: the killed parent's pool workers, if any."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # exited meanwhile
            continue
        state, _ppid, _pgrp, session = stat[stat.rindex(")") + 2 :].split()[:4]
        if int(session) == sid and state not in "ZX":
            members.append(int(entry.name))
    return members


def wait_for(condition, timeout: float):
    """Poll `condition` until it is truthy or `timeout` passes; returns its last value."""
    deadline = time.monotonic() + timeout
    while not (value := condition()) and time.monotonic() < deadline:
        time.sleep(0.01)
    return value


def in_phase(child: subprocess.Popen, data: Path, phase: str) -> bool:
    """Whether `child` runs its worker pool for `phase` ("parsing" or "indexing") right now."""
    if child.poll() is not None or len(session_members(child.pid)) < 2:
        return False
    generations = sorted((data / "index").glob("gen-*"))
    newest = generations[-1] if len(generations) > 1 else None  # the live one plus the new one
    return newest is not None and (newest / "whoosh").exists() == (phase == "indexing")


def search(folder: Path, data: Path) -> tuple[subprocess.CompletedProcess, float]:
    """`reader search model` over the built index, and how long it took."""
    started = time.monotonic()
    done = subprocess.run(
        command(folder, data, "search", "--limit", "1", "model"), capture_output=True, text=True, cwd=REPO, timeout=90,
    )
    return done, time.monotonic() - started


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A complete index, its search summary (`1 of N papers`), and the time bound for the next search:
    2 s, or 3x an undisturbed search when a loaded machine makes even that slower."""
    root = tmp_path_factory.mktemp("killed-rebuild")
    folder, data = root / "listings", root / "data"
    write_corpus(folder)
    subprocess.run(command(folder, data, "index"), check=True, capture_output=True, cwd=REPO)
    baseline, took = search(folder, data)
    assert baseline.returncode == 0, baseline.stderr
    summary = baseline.stderr.split("·")[0].strip()
    assert summary.startswith("1 of ") and summary.endswith(" papers"), baseline.stderr
    return folder, data, summary, max(NEXT_COMMAND_BOUND, 3 * took)


@pytest.mark.parametrize(("phase", "sig", "latest"), [  # latest: well inside the phase on a fast machine
    ("parsing", signal.SIGKILL, 0.15),
    ("parsing", signal.SIGHUP, 0.15),  # a closed terminal; SIGTERM ends the parent the same way
    ("indexing", signal.SIGKILL, 0.8),
])
def test_a_killed_rebuild_leaves_nothing_behind(built, phase, sig, latest):
    folder, data, summary, bound = built
    child = subprocess.Popen(
        command(folder, data, "index", "--rebuild"), cwd=REPO, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        assert wait_for(lambda: in_phase(child, data, phase), timeout=30), f"never saw the {phase} pool"
        delay = RNG.uniform(0, latest)
        time.sleep(delay)  # a random point inside the phase, not synchronisation
        assert in_phase(child, data, phase), f"the {phase} phase ended within {delay:.2f} s"
        child.send_signal(sig)

        # The pipe ends as soon as the parent is gone: no worker keeps its stdout or stderr.
        try:
            child.communicate(timeout=NEXT_COMMAND_BOUND)
        except subprocess.TimeoutExpired:
            pytest.fail(f"{phase} +{delay:.2f} s: a worker kept the killed parent's pipes open")
        gone = wait_for(lambda: not session_members(child.pid), timeout=NEXT_COMMAND_BOUND)
        assert gone, f"{phase} +{delay:.2f} s: workers outlived their parent: {session_members(child.pid)}"

        done, took = search(folder, data)
        assert done.returncode == 0, done.stderr
        assert done.stderr.startswith(summary)  # the live index is whole
        assert took < bound, f"{phase} +{delay:.2f} s: the next search took {took:.1f} s"
    finally:
        for pid in session_members(child.pid):  # only what this test started: its own session
            os.kill(pid, signal.SIGKILL)
        child.wait()
