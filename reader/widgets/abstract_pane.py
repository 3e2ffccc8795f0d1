"""The abstract pane beside (or under) the results: the highlighted paper in full."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll

from reader.models import Hit, PaperState
from reader.widgets.paper_view import PaperView


class AbstractPane(VerticalScroll, can_focus=False):
    """Scrolls with the mouse; Enter opens the same paper in the reading view."""

    _shown: tuple = (None, frozenset(), None)

    def compose(self) -> ComposeResult:
        yield PaperView()

    def show(self, hit: Hit | None, terms: frozenset[str] = frozenset(), state: PaperState | None = None) -> None:
        """Show the highlighted hit and its state; scrolled to the top when the paper changes."""
        paper = hit.paper if hit else None
        terms = hit.terms if hit and hit.terms else terms
        if (paper, terms, state) == self._shown:
            return
        moved = self._shown[0] != paper
        self._shown = (paper, terms, state)
        self.query_one(PaperView).show(paper, terms, state)
        if moved:
            self.scroll_home(animate=False)
