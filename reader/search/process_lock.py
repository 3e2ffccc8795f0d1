"""One index updater at a time, across processes: an exclusive `flock` on `index/.lock`.

The kernel drops a `flock` once every descriptor of the locked file is closed, so a
holder that dies frees the lock at once. Forked children (pool workers) would keep it
alive, so every lock descriptor is closed in a child right after a fork; the holder's
pid is written into the file so a busy message can say who to wait for.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from reader.models import LibraryError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

_held: set[int] = set()  # descriptors this process holds a lock on


def _forget_in_child() -> None:
    """After a fork the child must not keep the parent's locks alive: close its copies."""
    for fd in _held:
        with contextlib.suppress(OSError):
            os.close(fd)
    _held.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_in_child)


class IndexBusy(LibraryError, TimeoutError):
    """Another live process kept the index lock past the timeout."""


def _holder(fd: int) -> int | None:
    """The pid the lock's holder wrote into the file, if it is there."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        return int(os.pread(fd, 32, 0).split()[0])
    return None


def _busy_message(path: Path, fd: int, waited: float) -> str:
    pid = _holder(fd)
    who = f"reader process {pid}" if pid else "another reader process"
    stop = f" (or stop it: kill {pid})" if pid else ""
    return (
        f"{who} is updating the index in {path.parent} (waited {waited:.0f} s): "
        f"wait for it to finish{stop}, then run the command again"
    )


def _open(path: Path) -> int:
    """The lock file for writing, or for reading only when another user made it (a lock taken
    on a read-only descriptor holds all the same; only the holder's pid is not written)."""
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except PermissionError:
        if not path.exists():
            raise
        return os.open(path, os.O_RDONLY | os.O_CLOEXEC)


@contextlib.contextmanager
def process_lock(path: Path, timeout: float = 60.0, poll: float = 0.05) -> Iterator[None]:
    """Hold the exclusive lock on `path`, waiting up to `timeout` seconds (a no-op without fcntl)."""
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    fd = _open(path)
    try:
        started = time.monotonic()
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                waited = time.monotonic() - started
                if waited > timeout:
                    raise IndexBusy(_busy_message(path, fd, waited)) from None
                time.sleep(poll)
        _held.add(fd)
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        if fd in _held:
            _held.discard(fd)
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
