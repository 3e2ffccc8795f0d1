"""Searches in a process of their own, so that a search never holds the app's GIL.

At 100,000 papers a search still runs milliseconds of Python (compiling the query,
reading stored ids and papers), and reading a common word's postings for the first time
takes a tenth of a second or more. In a thread that competes with the event loop for the
GIL, and the screen stalls. Here a second process opens the index as it is (it
never scans the listings or changes the index), reads the user's store as any second
`reader` would, answers the read-only `Library` calls over a pipe, and warms its caches
while no request waits. The calling thread only waits on the pipe, releasing the GIL.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path

from reader.models import LibraryError


class SearchProcessGone(Exception):
    """The search process cannot answer (still opening, or stopped); the caller searches itself."""


class SearchProcess:
    """A child process answering read-only `Library` calls; one call at a time."""

    def __init__(self, data_dir: Path, seeds: list[Path]):
        ours, theirs = socket.socketpair()
        with ours, theirs:
            # A plain child (not multiprocessing's spawn, which re-runs the caller's main
            # script): silent, in its own session so the terminal's signals are the app's.
            self._process = subprocess.Popen(
                [sys.executable, "-m", "reader.search_process", str(theirs.fileno()),
                 *(str(Path(path).resolve()) for path in (data_dir, *seeds))],
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
        """`library.name(*args, **kwargs)` in the process; its exceptions are raised here."""
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


def serve(conn: Connection, data_dir: str, seeds: list[str]) -> None:
    """The process's main loop: open the library, then answer calls and warm up in between."""
    from reader.library import Library

    try:
        library = Library.attach(data_dir, seeds)
    except Exception as error:  # noqa: BLE001 - reported to the app, which searches itself
        conn.send(("failed", f"{type(error).__name__}: {error}"))
        return
    conn.send(("ready", os.getpid()))
    warming = library.warm_up()
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
                answer = ("ok", getattr(library, name)(*args, **kwargs))
            except Exception as error:  # noqa: BLE001 - raised again in the app
                answer = ("error", error)
            try:
                conn.send(answer)
            except Exception as error:  # noqa: BLE001 - an answer that cannot be pickled
                conn.send(("error", LibraryError(f"the search process could not answer: {error}")))
    except (EOFError, OSError):
        pass  # the app is gone
    finally:
        library.close()


def _step(warming):
    """One step of the warm-up; None once it is over (or failed: warming is only a speed-up)."""
    try:
        next(warming)
        return warming
    except Exception:  # noqa: BLE001 - StopIteration included
        return None


if __name__ == "__main__":
    serve(Connection(int(sys.argv[1])), sys.argv[2], sys.argv[3:])
