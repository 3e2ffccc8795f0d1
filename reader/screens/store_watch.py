"""The main screen's watch on the store: say when it cannot be used, and pick it up again when it can.

A store that cannot be read turns tags and lists off (search goes on without them) until a
read or a write succeeds again; the check every few seconds is that read. A change that
cannot be saved is reported every time and turns nothing off: while another program holds
the write lock, reading still works.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from textual import work
from textual.message import Message
from textual.timer import Timer

from reader.library import StoreError
from reader.widgets.status_line import StatusLine

CHECK_EVERY = 2.0  # seconds between looks at the store (changes by others, or a store back in use)


@dataclass
class StateChanged(Message):
    """A change to the user's state was saved (or undone); `said` tells the user what happened."""

    said: str


@dataclass
class StoreFailed(Message):
    """The store could not be used; `error` says why and what to do."""

    error: str
    asked: bool = False  # the user asked for this (a key): always say so
    saving: bool = False  # a change was not saved: reading may still work


@dataclass
class StoreRecovered(Message):
    """The store answered again after a failure."""


class StoreWatch:
    """Mixin for the main screen and the reading view: `store_error`, the periodic check, failure and
    recovery reports.

    Handlers go by name (`on_store_failed`), as Textual's `@on` needs a Widget subclass.
    """

    store_error: str | None = None  # why tags and lists are off; None while the store reads
    store_timer: Timer | None = None

    def watch_store(self) -> None:
        """Check the store every few seconds from now on."""
        self.store_timer = self.set_interval(CHECK_EVERY, self.check_store)

    def check_store(self) -> None:
        """Pick up changes another reader process saved; while the store is off, see whether it is back.

        The first look only notes how the store is (a change is one since the last look): the main
        screen looks once as soon as the library is open, so a change made before the first
        periodic look is not missed."""
        if self.app.library is not None:
            self._check_store_worker()

    @work(thread=True, exclusive=True, group="store-check", exit_on_error=False, name="checking for changes")
    def _check_store_worker(self) -> None:
        with self.store_errors():
            if self.app.library.refresh():
                self.post_message(StateChanged(""))

    @contextmanager
    def store_errors(self, asked: bool = False, saving: bool = False):
        """Turn a StoreError in the block into a report; a success after a failure into a recovery."""
        try:
            yield
        except StoreError as error:
            self.post_message(StoreFailed(str(error), asked, saving))
        else:
            if self.store_error is not None:
                self.post_message(StoreRecovered())

    def on_store_failed(self, message: StoreFailed) -> None:
        if message.saving:
            self.notify(f"Your change was not saved: {message.error}.", title="Not saved",
                        severity="error", timeout=10, markup=False)
            return
        first = self.store_error is None
        self.store_error = message.error
        if first or message.asked:
            self.notify(f"{message.error}. Searching still works; tags and lists are off until then.",
                        title="Your tags and lists are unavailable", severity="error", timeout=15, markup=False)

    def on_store_recovered(self, message: StoreRecovered) -> None:
        if self.store_error is None:
            return
        self.store_error = None
        said = "The store answers again: your tags and lists are back."
        if self.query(StatusLine):
            self.query_one(StatusLine).say(said)
        else:  # the reading view has no status line
            self.notify(said, markup=False)
        self.post_message(StateChanged(""))  # re-read the states of what is shown
