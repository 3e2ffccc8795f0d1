"""The main screen: search bar, filters, facets, results, abstract pane, status line, footer.

Searching is in `reader.screens.searching`, the facets in `facet_filters`, marks in
`marking`, the state and citation actions (shared with the reading view) in their own
modules; this module composes them, moves the focus and shows the highlighted paper.
"""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.containers import Container, Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, OptionList
from textual.worker import Worker, WorkerState

from reader.key_bindings import bindings, install, keys_in_force, moves
from reader.latest import Latest
from reader.search.list_order import NAMES as SORT_NAMES
from reader.search.list_order import next_sort
from reader.models import Hit, Paper, PaperState, SearchResult
from reader.screens.citation_actions import CitationActions
from reader.screens.facet_filters import FacetFilters
from reader.screens.marking import Marking
from reader.screens.saved_actions import SavedActions
from reader.screens.search_messages import PageDone, SearchDone, SearchFailed
from reader.screens.searching import EMPTY_LIBRARY, Searching
from reader.screens.state_actions import StateActions
from reader.screens.store_watch import StateChanged, StoreWatch
from reader.widgets.abstract_pane import AbstractPane
from reader.widgets.facets_sidebar import FacetsSidebar
from reader.widgets.filter_bar import FilterBar
from reader.widgets.results_list import ResultsList
from reader.widgets.search_bar import SearchBar
from reader.widgets.status_line import StatusLine

__all__ = ["EMPTY_LIBRARY", "MainScreen", "PageDone", "SearchDone", "SearchFailed"]  # as before the split


class MainScreen(Searching, Marking, FacetFilters, StateActions, CitationActions, SavedActions, StoreWatch,
                 Screen):
    """Search as you type, with the results and the highlighted paper side by side."""

    AUTO_FOCUS = "SearchBar"  # its bindings are the keys in force (reader.key_bindings), set in __init__

    def __init__(self, debounce: float = 0.0, query: str = "", cursor_blink: bool = True) -> None:
        super().__init__()
        install(self, [*bindings(keys_in_force(self), "main"), *moves(keys_in_force(self))])
        # Before the focused widget's keys (Tab moves the focus), but only while a suggestion shows.
        install(self, [replace(b, priority=True) for b in bindings(keys_in_force(self), "main")
                       if b.action == "take_suggestion"])
        self.cursor_blink = cursor_blink
        self.debounce = debounce
        self.initial_query = query
        self.sort: str | None = None  # chosen with `s`; None: the query's own (list order for a list:)
        self.filters: list[str] = []
        self.similar_to: Paper | None = None
        self.result: SearchResult | None = None
        self._searches = Latest()  # searches, similar papers and pages: newest only
        self._counts = Latest()  # facet counts
        self._timer: Timer | None = None
        self._last_start = float("-inf")
        self._pane_hit: Hit | None = None
        self._pane_due = False
        self._restore: str | None = None
        self._answered = 0  # the token of the last search shown (or failed): keys wait for the newest
        self._asked_for = query  # the bar's text when a search was last asked for
        self._shown: tuple[str, str] = ("", "relevance")
        self.marks: dict[str, Paper] = {}  # marked papers by id, in the order marked
        self.states: dict[str, PaperState] = {}

    def compose(self) -> ComposeResult:
        yield SearchBar(self.initial_query, id="search")
        yield FilterBar(id="filters")
        with Horizontal(id="body"):
            yield FacetsSidebar(id="facets")
            with Container(id="panes"):
                yield ResultsList(id="results")
                yield AbstractPane(id="abstract")
        yield StatusLine(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(FilterBar).display = False
        self.search_bar.cursor_blink = self.cursor_blink
        self.query_one(FacetsSidebar).display = False
        self.watch_store()
        if self.app.library is None:
            self.query_one(StatusLine).say("Opening the library…")
            self.app.open_library()
        else:
            self.library_ready()

    def library_ready(self) -> None:
        self.check_store()  # note the store as it is now: a change made from here on shows (see check_store)
        super().library_ready()

    @property
    def results(self) -> ResultsList:
        return self.query_one(ResultsList)

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    def _filters_changed(self) -> None:
        current = self.results.current
        self.similar_to = None
        self.query_one(FilterBar).set_filters(self.filters)
        self.request_search(restore=current.paper.id if current else None)

    # events ------------------------------------------------------------------
    @on(Input.Changed, "#search")
    def _typed(self) -> None:
        self.similar_to = None
        self.request_search(debounce=True)

    def action_submit_search(self) -> None:
        """Enter in the search bar: go to the results (even when none matched: the query stays as typed)."""
        self.set_focus(self.results)

    @on(ResultsList.Highlighted)
    def _highlighted(self, message: ResultsList.Highlighted) -> None:
        # The pane follows one repaint behind the list: new results reach the screen a
        # frame sooner, and no single repaint lays out both panes anew.
        self._pane_hit = message.hit
        if self.app.screen is not self:  # under the help or a dialog: no repaint comes to wait for
            self._show_pending_pane()
        elif not self._pane_due:
            self._pane_due = True
            self.call_after_refresh(self._show_pending_pane)

    def _show_pending_pane(self) -> None:
        self._pane_due = False
        self._show_pane(self._pane_hit)

    def _show_pane(self, hit: Hit | None) -> None:
        terms = self.result.terms if self.result else frozenset()
        state = self.states.get(hit.paper.id) if hit else None
        self.query_one(AbstractPane).show(hit, terms, state)

    @on(ResultsList.Selected)
    def _selected(self) -> None:
        self.action_read()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.app.report_worker_error(event)
        if event.worker.is_finished:
            if event.worker.group == "search" and event.state == WorkerState.ERROR:
                self._answered = self._searches.token  # no answer is coming: keys go on
            self.app.keys.resume()

    # actions -----------------------------------------------------------------
    def action_focus_search(self) -> None:
        """`/`: a new search, with the old query selected so that typing replaces it."""
        self.search_bar.start_new_search()

    def action_move(self, action: str) -> None:
        getattr(self.results, f"action_{action}")()

    def action_back(self) -> None:
        """Close the facets, clear the marks, leave similar papers; in the search bar clear the query
        (an empty bar keeps the focus: letters typed after Esc still type); elsewhere back to the bar."""
        facets = self.query_one(FacetsSidebar)
        if facets.display and facets.query_one(OptionList).has_focus:
            self.action_toggle_facets()
        elif self.marks and not self.search_bar.has_focus:
            self.marks.clear()
            self._marks_changed()
        elif self.similar_to is not None:
            self.leave_similar()
        elif self.search_bar.has_focus:
            self.search_bar.value = ""
        else:
            self.set_focus(self.search_bar)

    def leave_similar(self) -> None:
        """Back to the search results, with the paper the similar list was for under the cursor."""
        paper, self.similar_to = self.similar_to, None
        self.query_one(FilterBar).set_filters(self.filters)
        self.request_search(restore=paper.id if paper else None)

    def action_read(self) -> None:
        hit = self.results.current
        if hit is None:
            self.app.bell()
            return
        from reader.screens.reading import ReadingScreen

        terms = self.result.terms if self.result else frozenset()
        reading = ReadingScreen(hit, terms, self.states.get(hit.paper.id), self.store_error)
        self.app.push_screen(reading, self._after_reading)

    def _after_reading(self, then: str | None) -> None:
        if then == "similar":
            self.action_similar()
        elif then == "search":
            self.action_focus_search()

    def action_cycle_sort(self) -> None:
        if self.similar_to is not None:
            self.notify("Similar papers are listed most similar first; Esc goes back to the search.")
            return
        self.sort = next_sort(self.sort, self._query()[0])
        current = self.results.current
        self.request_search(restore=current.paper.id if current else None)
        self.query_one(StatusLine).say(f"Sort: {SORT_NAMES[self.sort]}…")

    def action_similar(self) -> None:
        hit = self.results.current
        if hit is None or self.app.library is None:
            self.app.bell()
            return
        self.similar_to = hit.paper
        self.query_one(StatusLine).say("Finding similar papers…")
        self.request_search()
        self.set_focus(self.results)

    def action_open_browser(self) -> None:
        hit = self.results.current
        if hit is None:
            self.app.bell()
            return
        self.app.open_in_browser(hit.paper)

    # what the state and citation actions act on, and how this screen shows a change -------
    def _targets(self) -> list[Paper]:
        """The marked papers, else the highlighted one."""
        if self.marks:
            return list(self.marks.values())
        hit = self.results.current
        return [hit.paper] if hit else []

    def _note_target(self) -> Paper | None:
        """A note is written on the highlighted paper, marks or not."""
        hit = self.results.current
        return hit.paper if hit else None

    def _drop_marks(self) -> None:
        if self.marks:
            self.marks.clear()
            self._marks_changed()

    def _show_states(self) -> None:
        self.results.set_states(self.states, set(self.marks))
        self._show_pane(self.results.current)

    def _after_change(self) -> None:
        if any(field in self._shown[0] for field in ("tag:", "list:", "status:", "note:")):
            current = self.results.current  # the hits themselves may change; the new result loads states
            self.request_search(restore=current.paper.id if current else None)
        else:
            self.load_states(self.results.loaded_ids())
            self.request_facets()
        for screen in self.app.screen_stack:
            if screen is not self and isinstance(screen, StateActions):  # a reading view above: it shows the change too
                screen.reload_states()

    def _export_source(self) -> tuple[list[Paper], str, str, str]:
        marked = list(self.marks.values())
        what = f"{len(marked)} marked papers" if marked else f"all {self.result.total if self.result else 0} results"
        return marked, self._shown[0], self._shown[1], what

    def action_lists(self) -> None:
        from reader.screens.lists import ListsScreen

        self.app.push_screen(ListsScreen(), self._after_lists)

    def _after_lists(self, then: str | None) -> None:
        self.post_message(StateChanged(""))
        if then == "search":
            self.action_focus_search()
