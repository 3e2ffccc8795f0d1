"""Searches in a process of their own, so that a search never holds the app's GIL.

At 100,000 papers a search still runs milliseconds of Python (compiling the query,
reading stored ids and papers), and reading a common word's postings for the first time
takes a tenth of a second or more. In a thread that competes with the event loop for the
GIL, and the screen stalls. Here a second process runs a server module named by the
caller (reader.search_server opens the library as it is, read-only), answers its calls
over a pipe, and warms its caches while no request waits. The calling thread only waits
on the pipe, releasing the GIL. This module knows nothing of what it serves.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection

from reader.models import LibraryError


class SearchProcessGone(Exception):
    """The search process cannot answer (still opening, or stopped); the caller searches itself."""


class SearchProcess:
    """A child process answering calls on the object its server module opens; one call at a time."""

    def __init__(self, server: str, args: list[str]):
        ours, theirs = socket.socketpair()
        with ours, theirs:
            # A plain child (not multiprocessing's spawn, which re-runs the caller's main
            # script): silent, in its own session so the terminal's signals are the app's.
            self._process = subprocess.Popen(
                [sys.executable, "-m", server, str(theirs.fileno()), *args],
                pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, start_new_session=True,
            )
            self._conn = Connection(ours.detach())
        self._lock = threading.Lock()
        self._ready = False
        self._gone: str | None = None

    def wait_ready(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for the process to open the library."""
        with self._lock:
            return self._check_ready(wait=timeout)

    @property
    def gone(self) -> str | None:
        """Why the process can no longer answer, or None while it can (or is still opening)."""
        return self._gone

    def _check_ready(self, wait: float) -> bool:
        if self._ready or self._gone:
            return self._ready
        try:
            if self._conn.poll(wait):
                kind, detail = self._conn.recv()
                self._ready = kind == "ready"
                if not self._ready:
                    self._gone = detail
        except (EOFError, OSError) as error:
            self._gone = f"it exited ({type(error).__name__})"
        return self._ready

    def call(self, name: str, args: tuple, kwargs: dict):
        """`served.name(*args, **kwargs)` in the process; its exceptions are raised here."""
        with self._lock:
            if not self._check_ready(wait=0):
                raise SearchProcessGone(self._gone or "it has not opened the library yet")
            try:
                self._conn.send((name, args, kwargs))
                kind, value = self._conn.recv()
            except (EOFError, OSError) as error:
                self._ready = False
                self._gone = f"it exited ({type(error).__name__})"
                raise SearchProcessGone(self._gone) from error
        if kind == "error":
            raise value
        return value

    def close(self) -> None:
        """Ask the process to stop, and make sure it does."""
        with self._lock:
            self._ready = False
            self._gone = self._gone or "it was closed"
            try:
                self._conn.send(None)
            except OSError:
                pass
            self._conn.close()
        try:
            self._process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(timeout=2)


def serve(conn: Connection, open_served: Callable[[], object]) -> None:
    """The child's main loop: open what it serves, then answer calls and warm up in between
    (with `served.warm_up()`, a generator of short steps, when it has one)."""
    try:
        served = open_served()
    except Exception as error:  # noqa: BLE001 - reported to the caller, which does the work itself
        conn.send(("failed", f"{type(error).__name__}: {error}"))
        return
    conn.send(("ready", os.getpid()))
    warming = served.warm_up() if hasattr(served, "warm_up") else None
    try:
        while True:
            if warming is not None and not conn.poll(0):
                warming = _step(warming)
                continue
            request = conn.recv()
            if request is None:
                break
            name, args, kwargs = request
            try:
                answer = ("ok", getattr(served, name)(*args, **kwargs))
            except Exception as error:  # noqa: BLE001 - raised again in the caller
                answer = ("error", error)
            try:
                conn.send(answer)
            except Exception as error:  # noqa: BLE001 - an answer that cannot be pickled
                conn.send(("error", LibraryError(f"the search process could not answer: {error}")))
    except (EOFError, OSError):
        pass  # the caller is gone
    finally:
        close = getattr(served, "close", None)
        if close is not None:
            close()


def _step(warming):
    """One step of the warm-up; None once it is over (or failed: warming is only a speed-up)."""
    try:
        next(warming)
        return warming
    except Exception:  # noqa: BLE001 - StopIteration included
        return None
