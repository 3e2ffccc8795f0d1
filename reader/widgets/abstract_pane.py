"""The abstract pane beside (or under) the results: the highlighted paper in full.

A Line API view: a new paper redraws the pane alone, without laying out the screen.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.models import Hit, Paper, PaperState
from reader.widgets.paper_view import PARTS, paper_document
from reader.widgets.virtual_height import set_virtual_height


def position(scroll_y: float, lines: int, height: int) -> str:
    """`all` when `lines` fit in `height`; `top` at the top; else the share scrolled, 1% to 100%."""
    if lines <= height:
        return "all"
    top = round(scroll_y)
    return "top" if top <= 0 else f"{max(1, min(100, top * 100 // (lines - height)))}%"


class AbstractPane(ScrollView, can_focus=False):
    """Scrolls with the mouse; Enter opens the same paper in the reading view."""

    COMPONENT_CLASSES = {f"abstract-pane--{part}" for part in PARTS}

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.paper: Paper | None = None
        self.state: PaperState | None = None
        self.terms: frozenset[str] = frozenset()
        self.document = Text("")
        self._built_for = 0  # the width the document was laid out for
        self._lines: tuple[int, list[list[Segment]]] = (0, [])
        self.border_title = "Abstract"

    def show(self, hit: Hit | None, terms: frozenset[str] = frozenset(), state: PaperState | None = None) -> None:
        """Show the highlighted hit and its state; scrolled to the top when the paper changes."""
        paper = hit.paper if hit else None
        terms = hit.terms if hit and hit.terms else terms
        if (paper, terms, state) == (self.paper, self.terms, self.state):
            return
        moved = paper != self.paper
        self.paper, self.terms, self.state = paper, terms, state
        self._lines = (0, [])
        self._build(self.scrollable_content_region.width)
        if moved:
            self.scroll_to(y=0, animate=False, immediate=True)
        set_virtual_height(self, len(self._wrapped()))
        self._show_position()
        self.refresh()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._show_position()

    def _show_position(self) -> None:
        """Where the top of the pane is in the paper, in its title: `all` when it fits, `top`,
        else how far down it is scrolled (`100%` at the end), as vim's ruler says it."""
        height = self.scrollable_content_region.height
        if self.paper is None or height <= 0:
            self.border_title = "Abstract"
        else:
            self.border_title = f"Abstract · {position(self.scroll_y, len(self._wrapped()), height)}"

    def _build(self, width: int) -> None:
        """The paper as a document laid out for `width` (its details wrap with a hanging indent)."""
        paper = self.paper
        self.document = paper_document(paper, self.terms, self.state, self._style, width or None) if paper else Text("")
        self._built_for = width

    def _style(self, part: str) -> Style:
        return self.get_component_rich_style(f"abstract-pane--{part}", partial=True)

    def _wrapped(self) -> list[list[Segment]]:
        """The document wrapped to the pane's width, once per paper and width."""
        width = self.scrollable_content_region.width
        if width and self._lines[0] != width:
            if self._built_for != width:
                self._build(width)
            console = self.app.console
            options = console.options.update(width=width, height=None, no_wrap=False, overflow="fold")
            self._lines = (width, console.render_lines(self.document, options, pad=False))
        return self._lines[1]

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(0, len(self._wrapped()))
        self._show_position()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        lines = self._wrapped()
        line = y + round(self.scroll_y)
        base = self.rich_style
        segments = Segment.apply_style(lines[line], base) if line < len(lines) else []
        return Strip(segments).crop_extend(0, width, base)
