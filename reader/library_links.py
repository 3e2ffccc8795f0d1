"""The Library's linked list files: link and unlink a list, and keep the files current after changes."""

from __future__ import annotations

import threading
from pathlib import Path

from reader import list_links
from reader.models import LibraryError
from reader.store.links import ListLink


_NOTICES_LOCK = threading.Lock()


class LinksMixin:
    """Library methods for reading lists kept in files (mixed into Library)."""

    def link_list(self, name: str, path: str | Path, format: str | None = None, *, with_state: bool | None = None,
                  browser_url: str | None = None, force: bool = False) -> list_links.Outcome:
        """Link the list `name` to a file and write it now; from then on every change to the list (and,
        when the file carries state, to its papers' tags and notes) rewrites it. `format` defaults to
        the one the file's ending names. A file reader did not write is replaced only with `force`
        (else `list_links.LinkRefused`, a StateError, says what to do)."""
        return list_links.link(self, name, path, format, with_state=with_state, browser_url=browser_url, force=force)

    def unlink_list(self, name: str) -> ListLink:
        """Stop keeping the list's file up to date (the file stays); StateError if it is not linked."""
        return list_links.unlink(self, name)

    def list_links(self) -> list[ListLink]:
        """Every list's linked file."""
        return list_links.links(self)

    def sync_linked_files(self) -> list[list_links.Outcome]:
        """Rewrite the linked files whose lists changed (every change through the Library does this);
        what was written, refused, failed or unlinked. Problems are also kept for `take_link_notices`."""
        try:
            outcomes = list_links.sync(self)
        except LibraryError as error:  # the change itself is made: say why its files lag behind
            self._note_links([f"the linked list files were not updated: {error}"])
            return []
        self._note_links([o.message for o in outcomes if o.done in ("refused", "failed", "unlinked")])
        return outcomes

    # undo and redo change lists without passing through `_done`: these wrap StateMixin's (which
    # comes after this mixin in Library's bases) and keep the linked files in step with them
    def undo(self, *args, **kwargs):
        done = super().undo(*args, **kwargs)
        self.sync_linked_files()
        return done

    def redo(self, *args, **kwargs):
        done = super().redo(*args, **kwargs)
        self.sync_linked_files()
        return done

    def take_link_notices(self) -> list[str]:
        """One line for each linked file a change could not write (edited by hand, folder gone), once each."""
        with _NOTICES_LOCK:
            return self.__dict__.pop("_link_notices", [])

    def _note_links(self, lines: list[str]) -> None:
        if lines:
            with _NOTICES_LOCK:
                self.__dict__.setdefault("_link_notices", []).extend(lines)
