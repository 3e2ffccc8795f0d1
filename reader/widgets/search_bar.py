"""The search bar: a one-line query input at the top of the main screen."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input

from reader.widgets.follow_focus import act_now, forward_if_unfocused

PLACEHOLDER = "Search papers: words, \"a phrase\", author:name, cat:CL, year:2023..  (Enter: go to the results)"


class SearchBar(Input):
    """The query input; every change asks for a (debounced) search."""

    BINDINGS = [  # shown in the footer while typing, where letter keys type
        Binding("enter", "screen.submit_search", "Results", key_display="Enter"),
        Binding("escape", "screen.back", "Clear", key_display="Esc"),
        Binding("down", "screen.move('cursor_down')", "Move", key_display="↓↑"),
    ]

    # Input sets its virtual size (the text's width) on every keystroke, and the stock
    # reactive lays out the whole screen for it. A one-line bar of fixed size scrolls
    # its text without a layout pass.
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def __init__(self, value: str = "", **kwargs) -> None:
        super().__init__(value=value, placeholder=PLACEHOLDER, select_on_focus=False, compact=True, **kwargs)

    async def _on_key(self, event: events.Key) -> None:
        if forward_if_unfocused(self, event):
            return
        if event.key == "enter":
            await act_now(self, event, "screen.submit_search")
        else:
            await super()._on_key(event)
