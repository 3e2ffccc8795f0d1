"""Saved searches on the main screen: save the query (its filters and sort with it) under a name,
run one again from the facets sidebar, the palette or keys 1-9, and keep their counts live.

A mixin of MainScreen, which holds the query (`search_bar`, `filters`, `sort`, `_query()`),
`similar_to`, `_filters_changed()` and, through StateActions, `_change()`. Handlers go by
name, as Textual's `@on` needs a Widget subclass.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from textual import work
from textual.binding import Binding, BindingsMap
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape
from textual.message import Message

from reader.key_bindings import keys_in_force
from reader.library import QueryError, StateError
from reader.library_saved import Counted
from reader.screens.store_watch import StateChanged
from reader.store.saved import SavedSearch
from reader.widgets.facets_sidebar import FacetsSidebar, SavedLine
from reader.widgets.status_line import StatusLine

RECALL = "recall_saved"  # the key table's action for keys 1-9: the n-th key runs the n-th saved search


@dataclass
class SavedCounted(Message):
    """The saved searches with the number of papers each finds now (generation `token`)."""

    token: int
    counted: list[Counted]


class SavedSearchCommands(Provider):
    """The palette's saved searches: one command each, by name, with its count. The palette reads
    help text as markup, so names and queries are escaped there, and titles are given as plain Content."""

    def _commands(self):
        screen = self.screen
        for entry in getattr(screen, "saved", ()):
            saved = entry.saved
            papers = "?" if entry.papers is None else f"{entry.papers:,}"
            title = f"Saved search {saved.position}: {saved.name}"
            help_text = escape(f"{saved.query} · {saved.sort} · {papers} papers")
            yield title, help_text, partial(screen.recall_named, saved.name)

    async def discover(self) -> Hits:
        for title, help_text, run in self._commands():
            yield DiscoveryHit(Content(title), run, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, run in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, Content(title), run, text=title, help=help_text)


def numbered(bindings: BindingsMap, keys: str) -> BindingsMap:
    """`bindings` with the recall action's keys bound one by one: the n-th key recalls place n."""
    kept = [binding for _, binding in bindings if binding.action != RECALL]
    return BindingsMap([*kept, *(Binding(key, f"{RECALL}({n})", show=False)
                                 for n, key in enumerate(keys.split(","), start=1))])


class SavedActions:
    """`S` saves the query; keys 1-9, the sidebar and the palette run a saved search."""

    COMMANDS = {SavedSearchCommands}
    saved: list[Counted] = []  # the saved searches and their counts, as last counted
    _saved_token = 0
    _saved_for = None  # the library's update report when the saved searches were last counted

    def on_mount(self) -> None:
        row = next((k for k in keys_in_force(self) if k.action == RECALL and k.scope == "main"), None)
        if row is not None:
            self._bindings = numbered(self._bindings, row.keys)

    # counting --------------------------------------------------------------
    def count_saved(self) -> None:
        """Count every saved search again in a worker (the sidebar and the palette show the counts)."""
        if self.app.library is not None and self.store_error is None:
            self._saved_for = self.app.library.report
            self._saved_token += 1
            self._count_saved(self._saved_token)

    @work(thread=True, exclusive=True, group="saved-counts", exit_on_error=False, name="counting saved searches")
    def _count_saved(self, token: int) -> None:
        with self.store_errors():
            self.post_message(SavedCounted(token, self.app.library.saved_counts()))

    def on_saved_counted(self, message: SavedCounted) -> None:
        if message.token != self._saved_token:
            return  # an older count: a newer one is on its way
        self.saved = message.counted
        lines = [SavedLine(c.saved.position, c.saved.name, c.papers) for c in message.counted]
        self.query_one(FacetsSidebar).show_saved(lines)

    def on_search_done(self, message) -> None:
        if not self._saved_token:  # the first result: the library is open, count once
            self.count_saved()

    def on_state_changed(self, message: StateChanged) -> None:
        self.count_saved()  # a tag or status changed (here or elsewhere): the counts may have

    def on_facets_done(self, message) -> None:
        """Counts follow the papers, not the query: count again only once the listings were
        reloaded since the last count (not with every keystroke's facets)."""
        if self.app.library is not None and self.app.library.report is not self._saved_for:
            self.count_saved()

    # saving ----------------------------------------------------------------
    def action_save_search(self) -> None:
        """Ask for a name, then save the query with its filters and sort (asking before replacing)."""
        if self.similar_to is not None:
            self.notify("Similar papers cannot be saved: Esc goes back to the search, which can.", markup=False)
            return
        text, sort = self._query()
        if not text:
            self.notify("Type a query or choose a filter first: there is nothing to save.", markup=False)
            return
        from reader.screens.picker import Picker

        def chosen(name: str | None) -> None:
            if not name:
                return
            same = next((c.saved for c in self.saved if c.saved.name.casefold() == name.casefold()), None)
            if same is None:
                self._save(name, text, sort, False)
                return
            from reader.screens.confirm import ConfirmDialog

            self.app.push_screen(ConfirmDialog(f"Replace the saved search “{same.name}” ({same.query})?"),
                                 lambda yes: yes and self._save(same.name, text, sort, True))

        self.app.push_screen(Picker(f"Save “{text}” ({sort}) as…", [],
                                    create="a name for this search (keys 1-9 run the first nine)"), chosen)

    def _save(self, name: str, text: str, sort: str, replace: bool) -> None:
        def save(library) -> SavedSearch:
            try:
                return library.save_search(name, text, sort, replace)
            except QueryError as error:  # said like a state error: a notice, nothing saved
                raise StateError(f"cannot save this search: {error}") from None

        self._change(save, lambda saved: f"Saved search {saved.position}: “{saved.name}” ({saved.query})",
                     clear_marks=False)

    # recalling -------------------------------------------------------------
    def action_recall_saved(self, position: int | None = None) -> None:
        """Run the saved search in this place (1 for the first); with none given, choose one."""
        if self.app.library is None:
            return
        self._find_saved(position)

    @work(thread=True, exclusive=True, group="saved-recall", exit_on_error=False, name="reading your saved searches")
    def _find_saved(self, position: int | None) -> None:
        with self.store_errors(asked=True):
            found = self.app.library.saved_searches()
            if position is None:
                self.app.call_from_thread(self._choose_saved, found)
                return
            saved = next((s for s in found if s.position == position), None)
            if saved is None:
                said = (f"No saved search {position}: there are {len(found)}." if found
                        else "No saved searches yet: S saves the query under a name.")
                self.app.call_from_thread(self.notify, said, markup=False)
            else:
                self.app.call_from_thread(self.recall, saved)

    def _choose_saved(self, found: list[SavedSearch]) -> None:
        if not found:
            self.notify("No saved searches yet: S saves the query under a name.", markup=False)
            return
        from reader.screens.picker import Picker

        counts = {c.saved.name: c.papers for c in self.saved}
        items = [(s.name, f"{s.position} · {s.query} · {s.sort}"
                  + (f" · {counts[s.name]:,} papers" if counts.get(s.name) is not None else "")) for s in found]
        self.app.push_screen(Picker("Run a saved search", items), lambda name: name and self.recall_named(name))

    def recall_named(self, name: str) -> None:
        """Run the saved search called `name`."""
        match = next((s for s in (c.saved for c in self.saved) if s.name == name), None)
        if match is not None:
            self.recall(match)
        else:
            self._find_by_name(name)

    @work(thread=True, group="saved-recall", exit_on_error=False, name="reading your saved searches")
    def _find_by_name(self, name: str) -> None:
        with self.store_errors(asked=True):
            try:
                saved = self.app.library.saved_search(name)
            except StateError as error:  # deleted meanwhile (by the CLI)
                self.app.call_from_thread(self.notify, str(error), severity="warning", markup=False)
                return
            self.app.call_from_thread(self.recall, saved)

    def on_facets_sidebar_saved_chosen(self, message: FacetsSidebar.SavedChosen) -> None:
        self.recall_named(message.name)

    def recall(self, saved: SavedSearch) -> None:
        """Put the saved query in the search bar (its filters are in it) with its sort, and search."""
        self.similar_to = None
        self.filters.clear()
        self.sort = saved.sort
        # A space after it: the query is whole (its last word is not a prefix still being typed),
        # and a word typed next narrows it.
        self.search_bar.value = f"{saved.query} "
        self.search_bar.cursor_position = len(self.search_bar.value)
        self._filters_changed()
        self.query_one(StatusLine).say(f"Saved search {saved.position}: “{saved.name}”…")
