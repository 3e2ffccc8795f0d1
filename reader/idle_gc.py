"""Garbage collection that keeps out of the way of typing.

A full collection walks every object the process holds; with a big library open that
took up to 0.1 s, a visible stall whenever it landed between two keystrokes. While the
app runs, full collections wait until the user has been idle for a moment, and what
start-up built is frozen out of them once the first results are on screen. Young
objects are still collected as usual, so memory stays flat.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

NEVER = 1_000_000_000  # a threshold the oldest generation never reaches


class IdleCollector:
    """Moves full collections to idle moments; `stop()` gives the process its defaults back."""

    def __init__(self, idle_after: float = 2.0, clock: Callable[[], float] = time.monotonic):
        self.idle_after = idle_after
        self._clock = clock
        self._saved: tuple[int, int, int] | None = None
        self._last_input = clock()
        self._collected = True

    def start(self) -> None:
        """Stop automatic full collections (young generations carry on)."""
        if self._saved is None:
            self._saved = gc.get_threshold()
            gc.set_threshold(self._saved[0], self._saved[1], NEVER)

    def settled(self) -> None:
        """Start-up is over: keep what exists now out of every later collection."""
        gc.freeze()

    def input_seen(self) -> None:
        """The user pressed a key or used the mouse."""
        self._last_input = self._clock()
        self._collected = False

    def tick(self) -> bool:
        """Run one full collection if the user has been idle since the last input; whether it ran."""
        if self._saved is None or self._collected or self._clock() - self._last_input < self.idle_after:
            return False
        gc.collect()
        self._collected = True
        return True

    def stop(self) -> None:
        """Automatic collection as before, frozen objects included."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None
        gc.unfreeze()
