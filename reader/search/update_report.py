"""What bringing the index up to date did: the files and papers that changed, and why."""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.models import Paper


@dataclass
class UpdateReport:
    """What bringing the index up to date did."""

    papers: int = 0
    files: int = 0
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    rebuilt: bool = False
    reason: str | None = None
    seconds: float = 0.0
    gone: list[Paper] = field(default_factory=list)  # papers that left the index, as they were
    moved: list[tuple[str, str]] = field(default_factory=list)  # state moved (old id, new id), by the Library
    orphaned: int = 0  # papers with state that left and could not be re-attached
