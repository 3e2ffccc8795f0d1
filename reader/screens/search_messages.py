"""What the main screen's search workers report back, each tagged with its search's token."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from reader.models import Hit, Paper, PaperState, SearchResult


@dataclass
class SearchDone(Message):
    """A search (or similar-papers look-up) finished."""

    token: int
    text: str
    sort: str
    result: SearchResult
    similar_to: Paper | None = None
    states: dict[str, PaperState] | None = None  # of the hits, read with them: one repaint, not two


@dataclass
class SearchFailed(Message):
    """The query could not be read; `hint` says how to fix it."""

    token: int
    hint: str


@dataclass
class PageDone(Message):
    """A further page of hits for the result tagged `token`."""

    token: int
    page: int
    hits: tuple[Hit, ...]
