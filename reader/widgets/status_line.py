"""The status line: result count, sort order and search time, a query hint, or index progress."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static

from reader.models import SearchResult
from reader.render import safe

STAGES = {"reading": "Reading listings", "indexing": "Building the search index"}


ORDER = {"relevance": "by relevance", "newest": "newest first", "oldest": "oldest first", "title": "by title",
         "list": "in list order"}


def describe(result: SearchResult, sort: str) -> str:
    """`1,234 papers · newest first · 12 ms` for a result in the order `sort`."""
    count = f"{result.total:,} paper{'s' if result.total != 1 else ''}"
    return f"{count} · {ORDER[sort]} · {result.elapsed * 1000:.0f} ms"


class StatusLine(Horizontal):
    """One line under the panes; a progress bar appears while the index is built."""

    def compose(self) -> ComposeResult:
        yield Static("", id="status-text", markup=False)
        yield ProgressBar(id="status-progress", show_eta=False)

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False

    def say(self, message: str, error: bool = False) -> None:
        """Show one plain-text line."""
        # One line of fixed size: no layout pass (a whole-screen reflow) per keystroke.
        self.query_one("#status-text", Static).update(Text(safe(message)), layout=False)
        self.set_class(error, "-error")

    def progress(self, stage: str, done: int, total: int) -> None:
        """Show index-building progress."""
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=max(total, 1), progress=done)
        self.say(f"{STAGES.get(stage, stage)}: {done:,} of {total:,}…")

    def done(self) -> None:
        """Hide the progress bar."""
        self.query_one(ProgressBar).display = False
