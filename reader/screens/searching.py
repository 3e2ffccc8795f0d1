"""Searching for the main screen: search as you type, similar papers, pages on demand, the
spelling suggestion, and whether keys must wait for results on their way.

Every library call runs in a thread worker and reports back by message. Each search is
tagged with a token (see `reader.latest`): searches run one at a time, one superseded
while it waited is skipped, and an answer whose token is not the newest is dropped,
because thread workers cannot be cancelled. A mixin of MainScreen, whose `__init__` sets
the state used here; its handlers are named `on_…` (Textual's `@on` needs a Widget subclass).
"""

from __future__ import annotations

import time
from dataclasses import replace

from textual import work

from reader.key_bindings import keys_in_force
from reader.library import QueryError
from reader.latest import SKIPPED
from reader.models import Paper, SearchResult
from reader.search.as_you_type import settled, while_typing
from reader.search.facets import with_filters
from reader.search.list_order import in_force
from reader.screens.search_messages import PageDone, SearchDone, SearchFailed
from reader.widgets.filter_bar import FilterBar
from reader.widgets.results_list import PAGE, ResultsList
from reader.widgets.status_line import StatusLine, describe

EMPTY_LIBRARY = (
    "Your library has no papers yet.",
    "",
    "To add some: Ctrl+P, then “Add papers”, and paste a listing (an arXiv page or digest, BibTeX, RIS, "
    "CSL-JSON); or run `reader add FILE` in a shell; or set `listings = [\"~/papers\"]` in the config.",
)



class Searching:
    """The searches of the main screen and what they show."""

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

    def on_search_done(self, message: SearchDone) -> None:
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

    def on_search_failed(self, message: SearchFailed) -> None:
        if self._searches.is_current(message.token):
            self.query_one(StatusLine).say(message.hint, error=True)
            self._answered = message.token
            self.app.keys.resume()

    def keys_wait(self) -> bool:
        """Whether results a key may act on are on their way: a search asked for (or about to
        be, for text just typed) and not yet shown, or the page under the cursor (of the newest
        search: pages of the last good results kept under a malformed query never come)."""
        return (self._answered != self._searches.token or self.search_bar.value != self._asked_for
                or (self.results.page_pending() and self.results.token == self._searches.token))

    def on_results_list_page_wanted(self, message: ResultsList.PageWanted) -> None:
        if self._searches.is_current(message.token) and self.similar_to is None:
            self._page(message.token, *self._shown, message.page)

    @work(thread=True, group="pages", exit_on_error=False, name="more results")
    def _page(self, token: int, text: str, sort: str, page: int) -> None:
        library = self.app.library
        hits = self._searches.run(token, lambda: library.page(text, page * PAGE, PAGE, sort))
        if hits is not SKIPPED:
            self.post_message(PageDone(token, page, hits))

    def on_page_done(self, message: PageDone) -> None:
        self.results.add_page(message.token, message.page, message.hits)
        self.load_states([h.paper.id for h in message.hits])

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
