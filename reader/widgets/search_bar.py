"""The search bar: a one-line query input at the top of the main screen.

Every printable key typed here types, so nothing typed in the bar can run a command,
except the help key `?` (a query has no use for it: wildcards only end a word). Enter
goes to the results; only Enter, Tab or a click leave the bar.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input

from reader.key_bindings import keys_in_force
from reader.key_names import types_text
from reader.widgets.follow_focus import act_now

PLACEHOLDER = "Search papers: words, \"a phrase\", author:name, cat:CL, year:2023..  (Enter: results · ?: help)"


class SearchBar(Input):
    """The query input; every change asks for a (debounced) search."""

    BINDINGS = [  # shown in the footer while typing, where letter keys type
        Binding("enter", "screen.submit_search", "Results", key_display="Enter"),
        Binding("escape", "screen.back", "Clear", key_display="Esc"),
        Binding("down", "screen.move('cursor_down')", "Move", key_display="↓↑"),
        Binding("ctrl+q", "app.quit", "Quit", key_display="^q"),  # Textual's own quit key: q types here
    ]

    # Input sets its virtual size (the text's width) on every keystroke, and the stock
    # reactive lays out the whole screen for it. A one-line bar of fixed size scrolls
    # its text without a layout pass.
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def __init__(self, value: str = "", **kwargs) -> None:
        super().__init__(value=value, placeholder=PLACEHOLDER, select_on_focus=False, compact=True, **kwargs)
        self._help_keys = {name for key in keys_in_force(self) if key.action == "help"
                           for name in key.keys.split(",")}

    def start_new_search(self) -> None:
        """Take the focus with the whole query selected: typing replaces it, → or End keeps it."""
        self.screen.set_focus(self)
        self.select_all()

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """Every key that types text is the bar's but the help key (Textual misses some, such as
        `/`), so the footer never offers a letter command while the bar has the focus."""
        if key in self._help_keys:
            return False
        return super().check_consume_key(key, character) or types_text(key)

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            await act_now(self, event, "screen.submit_search")
        elif event.key in self._help_keys:
            await act_now(self, event, "app.help")
        else:
            await super()._on_key(event)
