"""Facets on the main screen: the sidebar's counts for the query, and the filters they toggle.

A mixin of MainScreen, which holds `filters`, the shown query (`_shown`), the facet counts'
token (`_counts`) and `_filters_changed` / `leave_similar`. Handlers go by name, as
Textual's `@on` needs a Widget subclass.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.message import Message
from textual.widgets import OptionList

from reader.latest import SKIPPED
from reader.library import QueryError
from reader.search.facets import Facets
from reader.widgets.facets_sidebar import FacetsSidebar
from reader.widgets.filter_bar import SIMILAR, FilterBar


@dataclass
class FacetsDone(Message):
    """Facet counts for the query tagged `token`."""

    token: int
    facets: Facets


class FacetFilters:
    """`f` shows the sidebar; choosing a count adds its filter, choosing it again (or its chip) removes it."""

    filters: list[str]

    def request_facets(self) -> None:
        """Count facets for the current query, if the sidebar is showing."""
        if self.query_one(FacetsSidebar).display and self.app.library is not None:
            self._facets(self._counts.next(), self._shown[0])

    @work(thread=True, exclusive=True, group="facets", exit_on_error=False, name="facet counts")
    def _facets(self, token: int, text: str) -> None:
        library = self.app.library
        try:
            facets = self._counts.run(token, lambda: library.facets(text))
        except QueryError:
            return
        if facets is not SKIPPED:
            self.post_message(FacetsDone(token, facets))

    def on_facets_done(self, message: FacetsDone) -> None:
        if self._counts.is_current(message.token):
            self.query_one(FacetsSidebar).show(message.facets, self.filters)

    def on_facets_sidebar_toggled(self, message: FacetsSidebar.Toggled) -> None:
        if message.filter in self.filters:
            self.filters.remove(message.filter)
        else:
            self.filters.append(message.filter)
        self._filters_changed()

    def on_filter_bar_removed(self, message: FilterBar.Removed) -> None:
        if message.filter == SIMILAR:
            self.leave_similar()
        elif message.filter in self.filters:
            self.filters.remove(message.filter)
            self._filters_changed()

    def action_toggle_facets(self) -> None:
        facets = self.query_one(FacetsSidebar)
        facets.display = not facets.display
        if facets.display:
            facets.query_one(OptionList).focus()
            if facets.query_one(OptionList).option_count == 0:
                facets.show(None, self.filters)
            self.request_facets()
        else:
            self.results.focus()
