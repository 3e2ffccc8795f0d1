"""The main screen: search bar, filters, facets, results, abstract pane, status line, footer.

Every library call runs in a thread worker and reports back by message. Each search is
tagged with a token (see `reader.latest`): searches run one at a time, one superseded
while it waited is skipped, and an answer whose token is not the newest is dropped,
because thread workers cannot be cancelled.
"""

from __future__ import annotations

import time
from dataclasses import replace

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Container, Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, OptionList
from textual.worker import Worker, WorkerState

from reader.key_bindings import bindings, install, keys_in_force, moves
from reader.latest import SKIPPED, Latest
from reader.library import QueryError
from reader.search.list_order import NAMES as SORT_NAMES
from reader.search.list_order import in_force, next_sort
from reader.models import Hit, Paper, PaperState, SearchResult
from reader.search.as_you_type import settled, while_typing
from reader.screens.citation_actions import CitationActions
from reader.screens.facet_filters import FacetFilters
from reader.screens.marking import Marking
from reader.screens.saved_actions import SavedActions
from reader.screens.search_messages import PageDone, SearchDone, SearchFailed
from reader.screens.state_actions import StateActions
from reader.screens.store_watch import StateChanged, StoreWatch
from reader.search.facets import with_filters
from reader.widgets.abstract_pane import AbstractPane
from reader.widgets.facets_sidebar import FacetsSidebar
from reader.widgets.filter_bar import FilterBar
from reader.widgets.results_list import PAGE, ResultsList
from reader.widgets.search_bar import SearchBar
from reader.widgets.status_line import StatusLine, describe


EMPTY_LIBRARY = (
    "Your library has no papers yet.",
    "",
    "To add some: Ctrl+P, then “Add papers”, and paste a listing (an arXiv page or digest, BibTeX, RIS, "
    "CSL-JSON); or run `reader add FILE` in a shell; or set `listings = [\"~/papers\"]` in the config.",
)


class MainScreen(Marking, FacetFilters, StateActions, CitationActions, SavedActions, StoreWatch, Screen):
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

    @property
    def results(self) -> ResultsList:
        return self.query_one(ResultsList)

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    # searching ---------------------------------------------------------------
    def library_ready(self) -> None:
        """The library is open: run the query typed so far."""
        self.query_one(StatusLine).done()
        self.request_search()

    def _query(self) -> tuple[str, str]:
        """The query text with filters, and the sort to run it with."""
        typed = self.search_bar.value.lstrip()
        text = with_filters(typed.strip(), self.filters)
        # With nothing to rank by, relevance would list papers in index order: show newest first.
        sort = in_force(self.sort, text)
        sort = "newest" if sort == "relevance" and not typed.strip() else sort
        return text, sort

    def _typing_query(self) -> str:
        """The query with the word still being typed also matching as a prefix."""
        return with_filters(while_typing(self.search_bar.value.lstrip()), self.filters)

    def request_search(self, restore: str | None = None, debounce: bool = False) -> None:
        """Search again (after the debounce, for typing); `restore` keeps that paper under the cursor."""
        self._searches.next()
        self._asked_for = self.search_bar.value
        self._restore = restore
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.app.library is None:
            return
        # Debounced on the leading edge: a key after a pause searches at once; keys
        # closer together than `debounce` wait for the window to close and search once.
        wait = self._last_start + self.debounce - time.monotonic()
        if debounce and wait > 0:
            self._timer = self.set_timer(wait, self._start_search)
        else:
            self._start_search()

    def _start_search(self) -> None:
        self._timer = None
        self._last_start = time.monotonic()
        if self.similar_to is not None:
            self._similar(self._searches.token, self.similar_to)
        else:
            self._search(self._searches.token, *self._query(), self._typing_query())

    @work(thread=True, exclusive=True, group="search", exit_on_error=False, name="search")
    def _search(self, token: int, text: str, sort: str, typing: str) -> None:
        library = self.app.library

        def found(query: str | None) -> SearchResult | None:
            """The results of `query` if it parses and finds something."""
            try:
                result = library.search(query, limit=PAGE, sort=sort) if query else None
            except QueryError:
                return None
            return result if result and result.total else None

        def search() -> tuple[str, SearchResult, str | None]:
            if typing != text and (result := found(typing)):  # `diffusion mod` finds `diffusion models`
                return typing, replace(result, query=text), None
            try:
                return text, library.search(text, limit=PAGE, sort=sort), None  # its spelling suggestion
            except QueryError as error:
                # Half-typed (`attention year:20`): show what the finished part finds, with the
                # hint; when that finds nothing, the last good results stay.
                finished = settled(typing)
                if (result := found(finished)) is None:
                    raise
                return finished, replace(result, query=text), str(error)

        try:
            answer = self._searches.run(token, search)
        except QueryError as error:
            self.post_message(SearchFailed(token, str(error)))
            return
        if answer is not SKIPPED:
            shown, result, hint = answer
            states = self._states_of([h.paper.id for h in result.hits])
            self.post_message(SearchDone(token, shown, sort, result, states=states))
            if hint:
                self.post_message(SearchFailed(token, hint))

    @work(thread=True, exclusive=True, group="search", exit_on_error=False, name="similar papers")
    def _similar(self, token: int, paper: Paper) -> None:
        library = self.app.library
        result = self._searches.run(token, lambda: library.similar(paper.id))
        if result is not SKIPPED:
            self.post_message(SearchDone(token, "", "relevance", result, paper))

    @on(SearchDone)
    def _show_result(self, message: SearchDone) -> None:
        if not self._searches.is_current(message.token):
            return  # a stale answer: a newer search is on its way
        self._answered = message.token
        self.app.keys.resume()  # keys typed behind the search act on these results
        result, paper = message.result, message.similar_to
        if self.result is None:
            self.app.warm_up()
            self.call_after_refresh(self.app.collector.settled)
        self.result = result
        self._shown = (message.text, message.sort)
        if message.states is not None:
            self.states.update(message.states)
            self.results.set_states(self.states, set(self.marks))
        cursor = next((i for i, h in enumerate(result.hits) if h.paper.id == self._restore), 0)
        self.results.show(message.token, result.hits, result.total, result.terms, cursor, self._empty_lines(result))
        status = self.query_one(StatusLine)
        if paper is not None:
            status.say(f"Esc: back to the search · {result.total} papers like “{' '.join(paper.title.split())}”")
        elif result.total == 0:
            status.say(self._empty_lines(result)[0])
        else:
            status.say(describe(result, message.sort))
        # Similar papers ignore the filters, so their chips make way for the `like:` chip.
        self.query_one(FilterBar).set_filters([] if paper else self.filters, paper.title if paper else None)
        self.request_facets()
        if message.states is None:
            self.load_states([h.paper.id for h in result.hits])

    def _empty_lines(self, result: SearchResult) -> tuple[str, ...]:
        if self.similar_to is not None:
            return ("No similar papers found.",)
        if self.app.library is not None and self.app.library.count() == 0:
            return EMPTY_LIBRARY
        query = self.search_bar.value.strip() or " ".join(self.filters)
        if result.suggestion:
            key = next((k.display for k in keys_in_force(self) if k.action == "take_suggestion"), "Tab")
            return (f"No papers match “{query}” — did you mean “{result.suggestion}”? Press {key} to search for it.",)
        return (f"No papers match “{query}”.",)

    @on(SearchFailed)
    def _show_hint(self, message: SearchFailed) -> None:
        if self._searches.is_current(message.token):
            self.query_one(StatusLine).say(message.hint, error=True)
            self._answered = message.token
            self.app.keys.resume()

    def keys_wait(self) -> bool:
        """Whether results a key may act on are on their way: a search asked for (or about to
        be, for text just typed) and not yet shown, or the page under the cursor."""
        return (self._answered != self._searches.token or self.search_bar.value != self._asked_for
                or self.results.page_pending())

    @on(ResultsList.PageWanted)
    def _want_page(self, message: ResultsList.PageWanted) -> None:
        if self._searches.is_current(message.token) and self.similar_to is None:
            self._page(message.token, *self._shown, message.page)

    @work(thread=True, group="pages", exit_on_error=False, name="more results")
    def _page(self, token: int, text: str, sort: str, page: int) -> None:
        library = self.app.library
        hits = self._searches.run(token, lambda: library.page(text, page * PAGE, PAGE, sort))
        if hits is not SKIPPED:
            self.post_message(PageDone(token, page, hits))

    @on(PageDone)
    def _add_page(self, message: PageDone) -> None:
        self.results.add_page(message.token, message.page, message.hits)
        self.load_states([h.paper.id for h in message.hits])

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

    def suggestion(self) -> str | None:
        """The spelling suggestion for a query that found nothing, while it is shown."""
        result = self.result
        if result is None or result.total or self.similar_to is not None:
            return None
        return result.suggestion or None

    def action_take_suggestion(self) -> None:
        """Search for the suggested spelling (Tab, offered only when nothing matched)."""
        if suggestion := self.suggestion():
            self.search_bar.value = suggestion
            self.search_bar.cursor_position = len(suggestion)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "take_suggestion":  # otherwise its key (Tab) moves the focus as usual
            return self.suggestion() is not None
        return True

    @on(ResultsList.Highlighted)
    def _highlighted(self, message: ResultsList.Highlighted) -> None:
        # The pane follows one repaint behind the list: new results reach the screen a
        # frame sooner, and no single repaint lays out both panes anew.
        self._pane_hit = message.hit
        if not self._pane_due:
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

        self.app.push_screen(ListsScreen(), lambda _: self.post_message(StateChanged("")))
