"""Removable filter chips under the search bar: facet filters and `like: <paper>`."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.containers import HorizontalScroll
from textual.message import Message
from textual.widgets import Button, Label

from reader.render import safe
from reader.widgets.plain import one_line

SIMILAR = "\0similar"  # the chip that stands for similar-papers mode


class FilterBar(HorizontalScroll):
    """One chip per active filter; pressing a chip removes it."""

    @dataclass
    class Removed(Message):
        """The chip for `filter` was pressed (SIMILAR for the similar-papers chip)."""

        filter: str

    def set_filters(self, filters: list[str], similar_title: str | None = None) -> None:
        """Show chips for `filters`, and one for similar-papers mode when `similar_title` is set."""
        chips = [(f, f) for f in filters]
        if similar_title is not None:
            title = " ".join(safe(similar_title).split())
            chips.insert(0, (SIMILAR, "like: " + (title if len(title) <= 40 else title[:39] + "…")))
        self.remove_children()
        if chips:
            widgets = [Label("Filters:", classes="filters-label")]
            for value, label in chips:
                # A facet filter quotes a tag or list name: drawn without its control characters.
                button = Button(Text(f"{one_line(label)} ✕"), compact=True, classes="chip",
                                tooltip="Remove this filter")
                button.filter_value = value
                widgets.append(button)
            self.mount_all(widgets)
        self.display = bool(chips)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Removed(event.button.filter_value))
