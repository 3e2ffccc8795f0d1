"""The Library's saved searches: save a query (filters included) with its sort, list them with
their live counts, recall one by name or place, delete one."""

from __future__ import annotations

from dataclasses import dataclass

from reader.search.syntax import QueryError
from reader.store.errors import StateError
from reader.store.saved import SavedSearch, UnknownSaved, saved_name, saved_query, sort_name

__all__ = ["Counted", "SavedMixin", "SavedSearch", "UnknownSaved"]


@dataclass(frozen=True)
class Counted:
    """A saved search with the number of papers it finds now (None, with `problem`, when it cannot run)."""

    saved: SavedSearch
    papers: int | None
    problem: str | None = None

    def to_json(self) -> dict:
        return {**self.saved.to_json(), "papers": self.papers, "problem": self.problem}


class SavedMixin:
    """Library methods over saved searches (mixed into Library)."""

    def saved_searches(self) -> list[SavedSearch]:
        """Every saved search, in place order (the place is what keys 1-9 recall in the app)."""
        return self.store.saved_searches()

    def saved_search(self, name: str) -> SavedSearch:
        """The saved search of that name (any case); failing that, a whole number is a place (`2`)."""
        try:
            return self.store.saved_search(name)
        except UnknownSaved:
            text = str(name).strip()
            if text.isdecimal():
                found = [s for s in self.store.saved_searches() if s.position == int(text)]
                if found:
                    return found[0]
            raise

    def save_search(self, name: str, query: str, sort: str = "relevance", replace: bool = False) -> SavedSearch:
        """Save a query under a name, undoable; a query that cannot be read is refused (QueryError)
        and so is a name in use, unless `replace`."""
        name, query = saved_name(name), saved_query(query)
        if not query:
            raise StateError("give the query to save (quote it): e.g. `reader saved add morning 'cat:CL -status:read'`")
        self._compile(query)  # QueryError: the one-line message says where and how to fix it
        change = self.store.save_search(name, query, sort_name(sort), replace)
        self._done(change)
        return change.value

    def delete_saved(self, name: str) -> SavedSearch:
        """Delete a saved search, undoable; the one deleted."""
        change = self.store.delete_saved(self.saved_search(name).name)
        self._done(change)
        return change.value

    def saved_counts(self) -> list[Counted]:
        """Every saved search with the number of papers it finds now."""
        return [self.count_saved(saved) for saved in self.saved_searches()]

    def count_saved(self, saved: SavedSearch) -> Counted:
        try:
            return Counted(saved, self.search(saved.query, limit=1, sort=saved.sort).total)
        except QueryError as error:  # e.g. saved by a reader whose query language differed
            return Counted(saved, None, str(error))
