"""Small values the store's parts share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reader.store.snapshots import Undo


@dataclass(frozen=True)
class Change:
    """What a write did: how many things changed, how to undo it, and any value it returns."""

    count: int
    undo: Undo | None
    value: Any = None


def marks(values) -> str:
    """`?,?,?` for an SQL IN list."""
    return ",".join("?" * len(values))
