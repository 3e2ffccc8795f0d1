"""Process pools whose workers die with their parent and keep none of its terminal open.

A killed parent must not leave workers behind: they would hold its stdout (a pipeline
never ends) and whatever else they inherited. Each worker asks Linux to kill it when
the parent dies (`PR_SET_PDEATHSIG`), and also watches the parent from a thread, which
works everywhere and covers a parent that died before the worker got that far.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1
_WATCH_EVERY = 0.25  # seconds between checks of the parent's pid


def _ask_kernel_to_kill_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - no libc prctl
        pass


def _watch_parent(parent_pid: int) -> None:
    """Exit at once when the parent is gone (its sentinel closes, or we are re-parented)."""
    parent = multiprocessing.parent_process()
    sentinel = getattr(parent, "sentinel", None)
    while os.getppid() == parent_pid:
        if sentinel is not None:
            if multiprocessing.connection.wait([sentinel], timeout=_WATCH_EVERY):
                break
        else:
            time.sleep(_WATCH_EVERY)
    os._exit(1)


def _detach_terminal() -> None:
    """Point stdin, stdout and stderr at /dev/null: results travel back by pickling."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        try:
            os.dup2(devnull, fd)
        except OSError:  # pragma: no cover - fd closed in the parent
            pass
    os.close(devnull)


def _init_worker(parent_pid: int) -> None:
    _ask_kernel_to_kill_with_parent()
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent_pid,), name="watch-parent", daemon=True).start()
    _detach_terminal()


class _Pool(ProcessPoolExecutor):
    def __exit__(self, kind, error, trace):
        self.shutdown(wait=True, cancel_futures=kind is not None)  # a failed build waits for no queued job
        return False


def pool(workers: int, start_method: str) -> ProcessPoolExecutor:
    """A ProcessPoolExecutor whose workers end when this process ends, however it ends."""
    context = multiprocessing.get_context(start_method)
    return _Pool(workers, mp_context=context, initializer=_init_worker, initargs=(os.getpid(),))
