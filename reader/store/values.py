"""Small values the store's parts share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Change:
    """What a write did: how many things changed, its entry in the history (None: nothing to
    record), and any value it returns."""

    count: int
    entry: Any
    value: Any = None


def marks(values) -> str:
    """`?,?,?` for an SQL IN list."""
    return ",".join("?" * len(values))
