"""Keys in the order typed: each key, and all it sets off, is handled before the next one.

Textual hands each key to the widget focused when the app reads it, and runs the key's
binding only once the key has bubbled up to the app, through one message queue per
widget; what the binding does (a focus change, a dialog closing, a page asked for)
travels on as more messages. Keys typed faster than that overtook one another: after
`/` the letters behind it still went to the results, Ctrl+U (a binding) ran after the
letters behind it, and `j` moved the old results while a search was on its way.

So the app keeps the keys it reads (and pastes) in a queue, and sends the next one on
only when

- every message queue of the app and its screens is drained: the last key, and every
  message it set off, has been handled;
- nothing the key may act on is on its way (`busy`: a search, a page, a dialog being
  prepared, a change being saved), unless the key only edits the text of a focused
  input: typing never waits for a search.

Textual's priority quit key (Ctrl+Q) never waits, and no key waits longer than
LONGEST_WAIT, so a stuck task never takes the keyboard away.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.widgets import Input, TextArea

LONGEST_WAIT = 10.0  # seconds a key waits at most, for a quiet app or for `busy`
POLL = 0.02  # seconds between looks at `busy` while a key waits for it


def _binding_keys(*widget_classes: type) -> frozenset[str]:
    return frozenset(key.strip() for cls in widget_classes for binding in cls.BINDINGS
                     for key in binding.key.split(","))


INPUT_EDITS = _binding_keys(Input) - {"enter", "tab", "escape"}
TEXT_AREA_EDITS = (_binding_keys(TextArea) | {"enter"}) - {"escape", "tab"}


def edits_text(focused: MessagePump | None, event: events.Event) -> bool:
    """Whether `event` only types into (or moves in) the focused text field."""
    if isinstance(event, events.Paste):
        return isinstance(focused, (Input, TextArea))
    # A printable key the field does not take (the search bar's help key `?`) is a command.
    if isinstance(focused, Input):
        return focused.check_consume_key(event.key, event.character) or event.key in INPUT_EDITS
    if isinstance(focused, TextArea):
        return focused.check_consume_key(event.key, event.character) or event.key in TEXT_AREA_EDITS
    return False


def _unhandled(pump: MessagePump) -> int:
    """Messages waiting in `pump`'s queue, and callbacks due right after the one at hand."""
    return pump._message_queue.qsize() + len(pump._next_callbacks)


class KeyQueue:
    """The keys (and pastes) read from the terminal, sent on one at a time."""

    def __init__(self, app: App, send: Callable[[events.Event], Awaitable[None]], busy: Callable[[], bool]) -> None:
        self.app = app
        self._send = send  # Textual's own handling of a key the app has read
        self._busy = busy
        self._queue: deque[events.Event] = deque()
        self._in_flight: object | None = None  # the key sent on, until it is followed to the app
        self._since = 0.0  # when the key at the head began to wait
        self._sent_at = 0.0
        self._settling: asyncio.Task | None = None
        self._poll = None

    @property
    def pending(self) -> int:
        """Keys read and not yet handled to the end."""
        return len(self._queue) + (self._in_flight is not None)

    async def take(self, event: events.Event) -> None:
        """A key (or paste) read from the terminal: send it on in its turn."""
        if self._bypasses(event):
            await self._send(event)
            return
        if not self._queue:
            self._since = time.monotonic()
        self._queue.append(event)
        await self._pump()

    def resume(self) -> None:
        """Something keys may wait for has finished: look again (on the app's queue)."""
        if self._queue and self._in_flight is None:
            self.app.call_later(self._pump)

    # sending -------------------------------------------------------------------
    async def _pump(self) -> None:
        """Send keys on while the app is quiet and not busy (called while the app handles a message)."""
        if self._in_flight is not None and time.monotonic() - self._sent_at > LONGEST_WAIT:
            self._in_flight = None  # never followed to the end (it cannot happen, but if): go on
        while self._queue and self._in_flight is None:
            overdue = time.monotonic() - self._since > LONGEST_WAIT
            if not overdue and not self.quiet():
                self._settle()
                return
            event = self._queue[0]
            if not overdue and not edits_text(self.app.focused, event) and self._busy():
                self._watch(True)
                return
            self._queue.popleft()
            await self._send_on(event)
        self._watch(bool(self._queue) or self._in_flight is not None)

    async def _send_on(self, event: events.Event) -> None:
        app = self.app
        target = app.focused or app.screen
        token = self._in_flight = object()
        self._sent_at = time.monotonic()
        await self._send(event)
        self._follow(target, token)

    def _follow(self, node: MessagePump, token: object) -> None:
        """Once `node` has handled the key, follow it on to its parent (where it bubbles to), up
        to the app, where its binding runs; what that sets off is then in some queue."""

        def after() -> None:
            parent = node._parent
            if parent is None or parent is self.app:
                self.app.call_later(self._done, token)
            else:
                self._follow(parent, token)

        if not node.call_later(after):  # the widget is gone, and the key with it
            self.app.call_later(self._done, token)

    async def _done(self, token: object) -> None:
        if self._in_flight is token:
            self._in_flight = None
            self._since = time.monotonic()
            await self._pump()

    def _pumps(self) -> list[MessagePump]:
        nodes: list[MessagePump] = [self.app]
        for screen in self.app.screen_stack:
            nodes += screen.walk_children(with_self=True)
        return nodes

    def quiet(self) -> bool:
        """Whether no message is waiting anywhere (a focus change, a dialog closing, a page asked for)."""
        return not any(_unhandled(node) for node in self._pumps())

    def _settle(self) -> None:
        """Look again once every queue has drained (one waiting task at a time)."""
        if self._settling is None or self._settling.done():
            self._settling = asyncio.get_running_loop().create_task(self._until_quiet())

    async def _until_quiet(self) -> None:
        deadline = self._since + LONGEST_WAIT
        turns = 0
        while self.app.is_running and not self.quiet() and time.monotonic() < deadline:
            turns += 1  # a turn lets the widgets' tasks run; after many, stop spinning
            await asyncio.sleep(0 if turns < 200 else 0.002)
        if self.app.is_running:
            self.app.call_later(self._pump)

    def _bypasses(self, event: events.Event) -> bool:
        """Textual's priority quit key is never held up."""
        if not isinstance(event, events.Key):
            return False
        return any(b.priority and b.action in ("quit", "app.quit")
                   for b in self.app._bindings.key_to_bindings.get(event.key, ()))

    def _watch(self, waiting: bool) -> None:
        """A timer looks at `busy` again while a key waits for it."""
        if waiting and self._poll is None:
            self._poll = self.app.set_interval(POLL, self._pump, name="key queue")
        elif self._poll is not None:
            (self._poll.resume if waiting else self._poll.pause)()
