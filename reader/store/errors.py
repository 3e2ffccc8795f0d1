"""The store's errors: each message is one line naming the file or value and what to do."""

from __future__ import annotations

from reader.models import LibraryError


class StoreError(LibraryError):
    """The store file cannot be used as it is (corrupt, locked, read-only, too new)."""


class StateError(LibraryError):
    """A bad tag, list name, status or state file given by the user."""


class UnknownList(StateError):
    """No reading list has that name."""
