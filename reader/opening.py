"""The library opening in a thread from the moment the app is made.

Textual takes ~0.2-0.3 s to paint its first frame; opening the library (its imports, the
index, the catalog) takes about as long. Started together, the library is usually open by
the time the first key arrives, instead of that key waiting for all of it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

Progress = Callable[[str, int, int], None]


class EarlyOpening:
    """Runs `opener` at once in a thread; calling this object (as the app calls an opener)
    waits for the library, relaying progress to the caller's `progress` from then on."""

    def __init__(self, opener: Callable[[Progress], object]):
        self._lock = threading.Lock()
        self._relay: Progress | None = None
        self._last: tuple[str, int, int] | None = None
        self._done = threading.Event()
        self._library = None
        self._error: BaseException | None = None
        threading.Thread(target=self._open, args=(opener,), name="opening the library", daemon=True).start()

    def _progress(self, stage: str, done: int, total: int) -> None:
        with self._lock:
            self._last = (stage, done, total)
            relay = self._relay
        if relay is not None:
            relay(stage, done, total)

    def _open(self, opener) -> None:
        try:
            self._library = opener(self._progress)
        except BaseException as error:  # noqa: BLE001 - handed to whoever waits, raised there
            self._error = error
        finally:
            self._done.set()

    def __call__(self, progress: Progress):
        with self._lock:
            self._relay, last = progress, self._last
        if last is not None:
            progress(*last)  # where the opening had got to before anyone listened
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self._library
