"""The results list: a Line API view that draws only the visible rows and loads pages on demand.

It holds the hits it has been given, by position. A row that is not loaded yet draws
as a placeholder and asks for its page with `PageWanted`; 100k results cost no more
than a screenful.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.events import Click
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.key_bindings import use_keys
from reader.keys import keys_for
from reader.models import Hit, PaperState
from reader.render import Rendered, display_text, display_title, first_author, highlight_spans, one_line, safe
from reader.widgets.virtual_height import set_virtual_height

PAGE = 100  # hits per page fetched
STATUS_MARKS = {"reading": "◐ reading", "read": "✓ read"}
ROW = 2  # lines per paper
SNIPPET = 300  # characters of an abstract shown in place of a missing byline


def _one_line(text: str) -> str:
    return " ".join(safe(text).split())


class ResultsList(ScrollView, can_focus=True):
    """The papers of one search, two lines each, with a cursor."""

    BINDINGS = [Binding(k.keys, k.action, k.label, show=False) for k in keys_for("results")]
    COMPONENT_CLASSES = {
        "results-list--title",
        "results-list--meta",
        "results-list--match",
        "results-list--emphasis",
        "results-list--cursor",
        "results-list--placeholder",
        "results-list--empty",
    }

    DEFAULT_CSS = """
    ResultsList > .results-list--emphasis {
        text-style: italic;
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    @dataclass
    class Highlighted(Message):
        """The cursor moved to `hit` (None while its page is loading or the list is empty)."""

        hit: Hit | None
        index: int

    @dataclass
    class Selected(Message):
        """Enter or a double click on `hit`."""

        hit: Hit

    @dataclass
    class PageWanted(Message):
        """Rows of page `page` of the result tagged `token` are on screen but not loaded."""

        token: int
        page: int

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        use_keys(self, "results", footer=False)  # the config's keys, in place of the defaults above
        self.token = 0
        self.total = 0
        self.terms: frozenset[str] = frozenset()
        self.empty_lines: tuple[str, ...] = ()
        self._hits: dict[int, Hit] = {}
        self._asked: set[int] = set()
        self._wrap_cache: tuple = (None, [])
        self._row_styles: dict[str, Style] = {}
        self.states: dict[str, PaperState] = {}
        self.marks: set[str] = set()
        self.border_title = "Results"

    def set_states(self, states: dict[str, PaperState], marks: set[str]) -> None:
        """Redraw with the user's tags, lists and status (by paper id) and the marked papers."""
        self.states, self.marks = states, marks
        self.refresh()

    def loaded_ids(self) -> list[str]:
        """Ids of the papers loaded so far."""
        return [hit.paper.id for hit in self._hits.values()]

    # contents --------------------------------------------------------------
    def show(self, token: int, hits: tuple[Hit, ...], total: int, terms=frozenset(), cursor: int = 0,
             empty: tuple[str, ...] = ()) -> None:
        """Replace the contents with the first hits of a result of `total` papers."""
        self.token, self.total, self.terms, self.empty_lines = token, total, terms, empty
        self._hits = dict(enumerate(hits))
        self._asked = {0} if hits else set()
        set_virtual_height(self, max(total * ROW, 2 * len(empty)))
        self.scroll_to(y=0, animate=False, immediate=True)
        self.cursor = min(max(cursor, 0), max(total - 1, 0))
        self.refresh()

    def add_page(self, token: int, page: int, hits: tuple[Hit, ...]) -> None:
        """Fill in page `page` if it belongs to the result shown now."""
        if token != self.token:
            return
        start = page * PAGE
        for offset, hit in enumerate(hits):
            self._hits[start + offset] = hit
        self.refresh()
        if start <= self.cursor < start + len(hits):
            self.post_message(self.Highlighted(self._hits[self.cursor], self.cursor))

    @property
    def current(self) -> Hit | None:
        """The hit under the cursor, if it is loaded."""
        return self._hits.get(self.cursor) if self.total else None

    def index_of(self, paper_id: str) -> int | None:
        """Where a loaded paper sits in the list."""
        return next((i for i, h in self._hits.items() if h.paper.id == paper_id), None)

    # cursor ----------------------------------------------------------------
    def validate_cursor(self, value: int) -> int:
        return min(max(value, 0), max(self.total - 1, 0))

    def watch_cursor(self, new: int) -> None:
        self.border_title = f"Results · {new + 1:,} of {self.total:,}" if self.total else "Results"
        self.refresh()
        if self.total:
            self.scroll_to_region(Region(0, new * ROW, 1, ROW), animate=False, force=True, x_axis=False)
            if self.current is None:
                self._want(new // PAGE)  # now, not at the next repaint: the next key waits for it
        self.post_message(self.Highlighted(self.current, new))

    def page_pending(self) -> bool:
        """Whether the paper under the cursor is still on its way (its page not loaded)."""
        return bool(self.total) and self.current is None

    def _page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height // ROW)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self.total - 1

    def action_page_down(self) -> None:
        self.cursor += self._page_rows()

    def action_page_up(self) -> None:
        self.cursor -= self._page_rows()

    def on_click(self, event: Click) -> None:
        index = (event.y + round(self.scroll_y)) // ROW
        if 0 <= index < self.total:
            self.cursor = index
            if event.chain >= 2 and self.current is not None:
                self.post_message(self.Selected(self.current))

    # drawing ---------------------------------------------------------------
    def render_lines(self, crop: Region) -> list[Strip]:
        self._row_styles = {}  # looked up once per repaint, not once per row
        return super().render_lines(crop)

    def _style(self, component: str) -> Style:
        """The widget's own style ("base") or a component's, computed once per repaint."""
        if component not in self._row_styles:
            self._row_styles[component] = (
                self.rich_style if component == "base" else self.get_component_rich_style(component, partial=True)
            )
        return self._row_styles[component]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = y + round(self.scroll_y)
        if not self.total:
            lines = self._wrapped(width)
            return self._strip(Text(lines[line] if line < len(lines) else ""), "results-list--empty", width)
        index, part = divmod(line, ROW)
        if index >= self.total:
            return Strip.blank(width, self._style("base"))
        cursor = index == self.cursor
        hit = self._hits.get(index)
        if hit is None:
            self._want(index // PAGE)
            return self._strip(Text("  …" if part == 0 else ""), "results-list--placeholder", width, cursor)
        if part == 0:
            return self._strip(self._title(hit), "results-list--title", width, cursor)
        return self._strip(self._meta(hit), "results-list--meta", width, cursor)

    def _wrapped(self, width: int) -> list[str]:
        """The empty-result message wrapped to the width."""
        if self._wrap_cache[0] != (width, self.empty_lines):
            lines = [part for line in self.empty_lines for part in (textwrap.wrap(line, max(width - 2, 10)) or [""])]
            self._wrap_cache = ((width, self.empty_lines), [" " + line for line in lines])
        return self._wrap_cache[1]

    def _want(self, page: int) -> None:
        if page not in self._asked:
            self._asked.add(page)
            self.post_message(self.PageWanted(self.token, page))

    def _marked(self, rendered: Rendered, hit: Hit, prefix: str = "") -> Text:
        """`prefix`, then `rendered` with its emphasis and the query's words styled."""
        offset = len(prefix)
        text = Text(prefix + rendered.text)
        emphasis = self._style("results-list--emphasis")
        for start, end in rendered.emphasis:
            text.stylize(emphasis, start + offset, end + offset)
        match = self._style("results-list--match")
        for start, end in highlight_spans(rendered.text, hit.terms or self.terms):
            text.stylize(match, start + offset, end + offset)
        return text

    def _title(self, hit: Hit) -> Text:
        return self._marked(display_title(hit.paper.title), hit, "◆" if hit.paper.id in self.marks else " ")

    def _markers(self, paper_id: str) -> str:
        """`◐ reading · #ml #to-read · ≡ 2 lists` for what the user said of a paper."""
        state = self.states.get(paper_id)
        if state is None:
            return ""
        parts = [STATUS_MARKS.get(state.status, "")]
        if state.tags:
            parts.append(" ".join("#" + _one_line(t) for t in state.tags))
        if state.lists:
            parts.append("≡ " + (_one_line(state.lists[0]) if len(state.lists) == 1 else f"{len(state.lists)} lists"))
        if state.note:
            parts.append("✎")
        return " · ".join(p for p in parts if p)

    def _meta(self, hit: Hit) -> Text:
        paper = hit.paper
        parts = [_one_line(first_author(paper)), str(paper.year or ""), _one_line(paper.category or "")]
        meta = " · ".join(p for p in parts if p)
        markers = self._markers(paper.id)
        if not meta:  # a listing without byline or date: show how the abstract starts
            text = Text("   ")
            if markers:
                text.append(markers + " · ", style="bold")
            snippet = self._marked(one_line(display_text(paper.abstract, SNIPPET)), hit)
            snippet.stylize("italic")
            return text + snippet
        text = self._marked(Rendered(meta), hit, "   ")
        if markers:
            text.append(" · " + markers, style="bold")
        return text

    def _strip(self, text: Text, component: str, width: int, cursor: bool = False) -> Strip:
        style = self._style("base") + self._style(component)
        if cursor:
            style += self._style("results-list--cursor")
        text.no_wrap = True
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = [Segment(s.text, style + s.style if s.style else style) for s in text.render(self.app.console)]
        return Strip(segments, width).crop_extend(0, width, style)
