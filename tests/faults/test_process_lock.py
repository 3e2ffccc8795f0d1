"""The index lock: free as soon as its holder is gone, never kept by a forked child, and a
busy message that says who holds it and what to do."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.models import LibraryError
from reader.search.process_lock import IndexBusy, process_lock

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="flock is POSIX")

HOLD = """
import sys
from pathlib import Path
from reader.search.process_lock import process_lock
with process_lock(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.readline()  # hold until killed
"""


def _fds_on(path: str, queue) -> None:
    """In a forked child: report which of its open descriptors point at `path`."""
    fds = [fd for fd in os.listdir("/proc/self/fd") if os.path.realpath(f"/proc/self/fd/{fd}") == path]
    queue.put(fds)


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc to list a child's fds")
def test_a_forked_child_does_not_keep_the_lock_open(tmp_path):
    lock = tmp_path / ".lock"
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    with process_lock(lock):
        child = context.Process(target=_fds_on, args=(str(lock), queue))
        child.start()
        child.join(timeout=30)
        assert queue.get(timeout=5) == []


def test_the_lock_of_a_killed_holder_is_taken_at_once(tmp_path):
    lock = tmp_path / ".lock"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(lock)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(IndexBusy):
        with process_lock(lock, timeout=0):
            pass
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    started = time.monotonic()
    with process_lock(lock, timeout=0):
        assert time.monotonic() - started < 0.5


def test_a_held_lock_names_its_holder_and_says_what_to_do(tmp_path):
    lock = tmp_path / ".lock"
    with process_lock(lock):
        with pytest.raises(IndexBusy) as raised:
            with process_lock(lock, timeout=0.1):
                pass
    message = str(raised.value)
    assert f"reader process {os.getpid()} is updating the index in {tmp_path}" in message
    assert f"kill {os.getpid()}" in message and "run the command again" in message
    assert "\n" not in message
    assert isinstance(raised.value, LibraryError) and isinstance(raised.value, TimeoutError)
    with process_lock(lock, timeout=0):  # released on exit
        pass
