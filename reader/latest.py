"""Run only the newest of overlapping requests, for search-as-you-type over a slow backend.

Thread workers cannot be cancelled, so each request gets a token. Requests run one at a
time; one that was superseded while it waited is skipped, and the caller drops any
answer whose token is no longer the newest. A burst of keystrokes thus costs at most
the search in flight plus the newest one, never one search per keystroke.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
SKIPPED = object()


class Latest:
    """Tokens for requests, and a slot that only the newest waiting request gets to use."""

    def __init__(self) -> None:
        self.token = 0
        self._slot = threading.Lock()

    def next(self) -> int:
        """A token for a new request; every older token is now stale."""
        self.token += 1
        return self.token

    def is_current(self, token: int) -> bool:
        """Whether `token` belongs to the newest request."""
        return token == self.token

    def run(self, token: int, work: Callable[[], T]) -> T | object:
        """Run `work` once no other request is running, unless `token` went stale meanwhile."""
        with self._slot:
            if token != self.token:
                return SKIPPED
            return work()
