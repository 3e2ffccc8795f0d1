"""Marks on the main screen: one paper at a time, every result at once, or none.

Marked papers are what tagging, lists, status and copying act on (see MainScreen._targets).
A mixin of MainScreen, which holds `marks`, the shown result and the search tokens.
"""

from __future__ import annotations

from textual import work

from reader.key_bindings import keys_in_force
from reader.models import Paper
from reader.widgets.status_line import StatusLine, describe


class Marking:
    """Space marks the highlighted paper; mark all takes every result; unmark all clears them."""

    def _key_of(self, action: str) -> str:
        """How the key in force for a main-screen action is written, for a hint."""
        return next((k.display for k in keys_in_force(self) if k.action == action and k.scope == "main"), action)

    def _marks_changed(self) -> None:
        self.results.set_states(self.states, set(self.marks))
        status = self.query_one(StatusLine)
        if self.marks:
            status.say(f"{len(self.marks):,} marked · {self._key_of('tag')} tag · {self._key_of('list_add')} add to "
                       f"a list · {self._key_of('unmark_all')} or Esc clear the marks")
        elif self.result is not None:
            status.say(describe(self.result, self._shown[1]))

    def action_toggle_mark(self) -> None:
        hit = self.results.current
        if hit is None:
            self.app.bell()
            return
        if self.marks.pop(hit.paper.id, None) is None:
            self.marks[hit.paper.id] = hit.paper
        self._marks_changed()
        self.results.action_cursor_down()

    def action_mark_all(self) -> None:
        """Mark every paper of the shown result: the loaded ones at once, the rest fetched in a worker."""
        result = self.result
        if result is None or not result.total or self.app.library is None:
            self.app.bell()
            return
        if self.similar_to is not None or len(result.hits) >= result.total:
            self._mark(self._searches.token, [h.paper for h in result.hits])
            return
        self.query_one(StatusLine).say(f"Marking all {result.total:,} results…")
        self._fetch_all(self._searches.token, *self._shown)

    @work(thread=True, exclusive=True, group="mark-all", exit_on_error=False, name="marking every result")
    def _fetch_all(self, token: int, text: str, sort: str) -> None:
        hits = self.app.library.search(text, limit=None, sort=sort).hits
        self.app.call_from_thread(self._mark, token, [h.paper for h in hits])

    def _mark(self, token: int, papers: list[Paper]) -> None:
        """Add `papers` to the marks, unless another search has replaced the result meanwhile."""
        if not self._searches.is_current(token):
            return
        for paper in papers:
            self.marks.setdefault(paper.id, paper)
        self._marks_changed()

    def action_unmark_all(self) -> None:
        if not self.marks:
            self.notify("Nothing is marked.", markup=False)
            return
        self.marks.clear()
        self._marks_changed()
