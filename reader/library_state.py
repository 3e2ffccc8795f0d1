"""The Library's user state: tags, reading lists, status, notes, the history (undo, redo), import and export."""

from __future__ import annotations

from collections.abc import Iterable

from reader.models import Paper, PaperState
from reader.store import Change
from reader.store.history import Entry as HistoryEntry


class StateMixin:
    """Library methods over the user's store (mixed into Library)."""

    def tag(self, ids: str | Iterable[str], tags: str | Iterable[str]) -> int:
        """Add tags (a list, or comma-separated) to papers in one transaction; papers that gained one."""
        return self._done(self.store.tag(self._ids(ids), tags))

    def untag(self, ids: str | Iterable[str], tags: str | Iterable[str]) -> int:
        """Remove tags from papers in one transaction; papers that lost one."""
        return self._done(self.store.untag(self._ids(ids), tags))

    def tags(self) -> list[tuple[str, int]]:
        """Every tag with its number of papers."""
        return self.store.tags()

    def tagged(self, tag: str) -> list[Paper]:
        """Papers with this tag that are in the listings, most recently tagged first."""
        return self._in_listings(self.store.tagged(tag))

    def rename_tag(self, old: str, new: str) -> int:
        """Rename a tag everywhere (merging into `new` if it exists); papers renamed."""
        return self._done(self.store.rename_tag(old, new))

    def delete_tag(self, name: str) -> int:
        """Remove a tag from every paper; papers it was on."""
        return self._done(self.store.delete_tag(name))

    def lists(self) -> list[tuple[str, int]]:
        """Every reading list with its number of papers, oldest list first."""
        return self.store.lists()

    def create_list(self, name: str) -> None:
        self._done(self.store.create_list(name))

    def rename_list(self, old: str, new: str) -> None:
        self._done(self.store.rename_list(old, new))

    def delete_list(self, name: str) -> int:
        """Delete a list (its papers keep everything else); papers it held."""
        return self._done(self.store.delete_list(name))

    def list_add(self, name: str, ids: str | Iterable[str]) -> int:
        """Append papers to a list in one transaction; papers added (ones already on it stay put)."""
        return self._done(self.store.list_add(name, self._ids(ids)))

    def list_remove(self, name: str, ids: str | Iterable[str]) -> int:
        return self._done(self.store.list_remove(name, self._ids(ids)))

    def list_ids(self, name: str) -> list[str]:
        """Every id on a list in order, including papers that have left the listings."""
        return self.store.list_ids(name)

    def list_papers(self, name: str) -> list[Paper]:
        """The papers of a list in order; ids no longer in the listings are skipped (see `orphans`)."""
        return self._in_listings(self.store.list_ids(name))

    def list_move(self, name: str, paper_id: str, delta: int) -> int:
        """Move a paper `delta` places on a list (negative: up), stopping at the ends; its new index."""
        change = self.store.list_move(name, self._ids(paper_id)[0], delta)
        self._done(change)
        return change.value

    def status(self, paper_id: str) -> str:
        return self.store.status(self._ids(paper_id)[0])

    def set_status(self, ids: str | Iterable[str], status: str) -> int:
        """Set unread, reading or read on papers in one transaction; papers changed."""
        return self._done(self.store.set_status(self._ids(ids), status))

    def cycle_status(self, ids: str | Iterable[str]) -> str:
        """unread → reading → read → unread, from the first paper's status, for every paper; the new status."""
        change = self.store.cycle_status(self._ids(ids))
        self._done(change)
        return change.value

    def note(self, paper_id: str) -> str:
        return self.store.note(self._ids(paper_id)[0])

    def set_note(self, paper_id: str, text: str) -> bool:
        """Replace a paper's note (empty text removes it); whether it changed."""
        return bool(self._done(self.store.set_note(self._ids(paper_id)[0], text)))

    def state(self, paper_id: str) -> PaperState:
        """One paper's tags, lists, status and note."""
        return self.store.state(self._ids(paper_id)[0])

    def states(self, ids: Iterable[str]) -> dict[str, PaperState]:
        """The state of many papers (full ids, e.g. a page of hits) in one read."""
        return self.store.states(list(ids))

    @property
    def history_limit(self) -> int | None:
        """Entries the store's history keeps (the config's `history_limit`; None: the store's default)."""
        return self._history_limit

    @history_limit.setter
    def history_limit(self, limit: int | None) -> None:
        self._history_limit = limit
        if self._store is not None and limit is not None:
            self._store.history_limit = limit

    def undo(self, seq: int | None = None) -> str | None:
        """Undo the newest change in force, by anyone (the app, the CLI, another process), or change
        `seq` of the history; what undoing it did, or None when there is nothing to undo.
        StateError (nothing changed) when a later change depends on it."""
        said = self.store.undo(seq)
        if said is not None:
            self._done(Change(1, None))  # what follows any change (linked list files) follows an undo too
        return said

    def redo(self) -> str | None:
        """Do again the change undone most recently; what it did, or None when there is nothing to redo."""
        said = self.store.redo()
        if said is not None:
            self._done(Change(1, None))
        return said

    def history(self, limit: int = 0) -> list[HistoryEntry]:
        """The newest `limit` changes of the history (all with 0), newest first."""
        return self.store.history(limit)

    def history_size(self) -> dict[str, int]:
        """Entries in the history, how many can be undone and redone, and its limit."""
        return self.store.history_size()

    def orphans(self) -> list[str]:
        """Ids with state (tags, lists, status, notes, keys) that are no longer in the listings."""
        held = sorted(self.store.paper_ids())
        present = self.index.catalog.get(held)
        return [i for i in held if i not in present]

    def export_state(self) -> dict:
        """All user state as JSON-ready data (for `reader state export`)."""
        return self.store.export_state()

    def import_state(self, data: dict) -> dict:
        """Merge an export in (never dropping anything here), undoable; counts of what was added."""
        change = self.store.import_state(data)
        self._done(change)
        return change.value

    def pinned_keys(self) -> dict[str, str]:
        """Citation keys pinned so far, by paper id."""
        return self.store.pinned_keys()

    def pin_keys(self, mapping: dict[str, str]) -> int:
        """Pin keys for papers that have none (a pinned key never changes; keys are unique); how many."""
        return self.store.pin_keys(mapping)

    def refresh(self) -> bool:
        """Whether the store changed (another process, or another thread) since the last call; cheap."""
        return self.store.changed()

    def states_if_kept(self, ids: Iterable[str]) -> dict[str, PaperState]:
        """Like `states`, but reading never makes a store: with no store file yet, every paper
        has the default state (for `reader search` and `reader show`)."""
        ids = list(ids)
        if self._store is None and not self.store_path.exists():
            return {i: PaperState() for i in ids}
        return self.states(ids)

    def full_ids(self, ids: str | Iterable[str]) -> list[str]:
        """Full ids for ids or unique prefixes, as every edit takes them (an id the store keeps is kept)."""
        return self._ids(ids)
