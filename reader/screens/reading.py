"""The reading view: one paper full screen, at a comfortable width, scrollable."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer

from reader.key_bindings import use_keys
from reader.models import Hit
from reader.widgets.paper_view import PaperView


class ReadingScreen(Screen):
    """Esc goes back to the list, which keeps its selection."""

    def __init__(self, hit: Hit, terms: frozenset[str] = frozenset()) -> None:
        super().__init__()
        use_keys(self, "reading")  # the keys in force (the config's [keys] over reader.keys)
        self.hit = hit
        self.terms = hit.terms or terms

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="reading-scroll"):
            yield PaperView(id="reading-paper")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(PaperView).show(self.hit.paper, self.terms)
        self.query_one(VerticalScroll).focus()

    @property
    def scroller(self) -> VerticalScroll:
        return self.query_one(VerticalScroll)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_scroll_down(self) -> None:
        self.scroller.scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        self.scroller.scroll_up(animate=False)

    def action_scroll_home(self) -> None:
        self.scroller.scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        self.scroller.scroll_end(animate=False)

    def action_page_down(self) -> None:
        self.scroller.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroller.scroll_page_up(animate=False)

    def action_similar(self) -> None:
        self.dismiss("similar")

    def action_open_browser(self) -> None:
        self.app.open_in_browser(self.hit.paper)
