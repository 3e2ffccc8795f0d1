"""The abstract pane beside (or under) the results: the highlighted paper in full."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll

from reader.models import Hit
from reader.widgets.paper_view import PaperView


class AbstractPane(VerticalScroll, can_focus=False):
    """Scrolls with the mouse; Enter opens the same paper in the reading view."""

    _shown: tuple = (None, frozenset())

    def compose(self) -> ComposeResult:
        yield PaperView()

    def show(self, hit: Hit | None, terms: frozenset[str] = frozenset()) -> None:
        """Show the highlighted hit, scrolled to the top."""
        paper = hit.paper if hit else None
        terms = hit.terms if hit and hit.terms else terms
        if (paper, terms) == self._shown:
            return
        self._shown = (paper, terms)
        self.query_one(PaperView).show(paper, terms)
        self.scroll_home(animate=False)
