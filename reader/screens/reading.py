"""The reading view: one paper full screen, at a comfortable width, scrollable.

It shows the paper's tags, lists, status and note, and takes the results' state and citation
keys (reader.screens.state_actions, citation_actions) for the paper being read.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import Worker

from reader.key_bindings import use_keys
from reader.models import Hit, Paper, PaperState
from reader.screens.citation_actions import CitationActions
from reader.screens.state_actions import StateActions
from reader.screens.store_watch import StateChanged, StoreWatch
from reader.widgets.paper_view import PaperView


class ReadingScreen(StateActions, CitationActions, StoreWatch, Screen):
    """Esc goes back to the list, which keeps its selection."""

    def __init__(self, hit: Hit, terms: frozenset[str] = frozenset(), state: PaperState | None = None,
                 store_error: str | None = None) -> None:
        """`state` is the paper's state as the opening screen knows it (read again on mount);
        `store_error` says the store cannot be used (then state keys say so, as on the results)."""
        super().__init__()
        use_keys(self, "reading")  # the keys in force (the config's [keys] over reader.keys)
        self.hit = hit
        self.terms = hit.terms or terms
        self.states: dict[str, PaperState] = {hit.paper.id: state} if state is not None else {}
        self.store_error = store_error

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="reading-scroll"):
            yield PaperView(id="reading-paper")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._show_states()
        self.query_one(VerticalScroll).focus()
        self.reload_states()

    @property
    def paper(self) -> Paper:
        return self.hit.paper

    @property
    def scroller(self) -> VerticalScroll:
        return self.query_one(VerticalScroll)

    # what the state and citation actions act on: the paper being read ----------------
    def _targets(self) -> list[Paper]:
        return [self.paper]

    def _show_states(self) -> None:
        self.query_one(PaperView).show(self.paper, self.terms, self.states.get(self.paper.id))

    def _after_change(self) -> None:
        """Read this paper's state again, and tell the screens below (the results) to refresh theirs."""
        self.reload_states()
        for screen in self.app.screen_stack:
            if screen is not self and isinstance(screen, StateActions):
                screen.post_message(StateChanged(""))

    def reload_states(self) -> None:
        self.load_states([self.paper.id])

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.app.report_worker_error(event)

    # keys ------------------------------------------------------------------------
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

    def action_focus_search(self) -> None:
        """`/`: back to the search bar, the old query selected so that typing replaces it."""
        self.dismiss("search")

    def action_open_browser(self) -> None:
        self.app.open_in_browser(self.paper)
