"""The facets sidebar: paper counts per category, year and organisation; choosing one filters."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from reader.render import safe
from reader.search.facets import Facets, filter_text

WIDTH = 26  # characters of an option line in the sidebar
SECTIONS = (
    ("tags", "Tags", "tag"), ("lists", "Lists", "list"),
    ("categories", "Categories", "cat"), ("years", "Years", "year"), ("orgs", "Organisations", "org"),
)


class FacetOptions(OptionList):
    """The counts; j/k and g/G move here as they do in the results."""

    BINDINGS = [
        Binding("j", "cursor_down", show=False), Binding("k", "cursor_up", show=False),
        Binding("g", "first", show=False), Binding("G", "last", show=False),
    ]


class FacetsSidebar(Vertical):
    """Counts for the current results; Enter or a click toggles that value as a filter."""

    @dataclass
    class Toggled(Message):
        """Add `filter` (query text such as `cat:CV`) if absent, else remove it."""

        filter: str

    def on_mount(self) -> None:
        self.border_title = "Facets"

    def compose(self) -> ComposeResult:
        yield Label("Enter: filter · Esc: close", classes="facets-title")
        yield FacetOptions(id="facet-options")

    def show(self, facets: Facets | None, active: list[str]) -> None:
        """List the counts (or a loading line) and tick the active filters."""
        options = self.query_one(OptionList)
        highlighted = options.highlighted_option.id if options.highlighted_option else None
        options.clear_options()
        if facets is None:
            options.add_option(Option(Text("counting…"), disabled=True))
            return
        for attribute, heading, field in SECTIONS:
            pairs = getattr(facets, attribute)
            if field in ("tag", "list") and not pairs:
                continue  # no tags or lists yet: no empty headings
            options.add_option(Option(Text(heading, style="bold"), disabled=True))
            if not pairs:
                options.add_option(Option(Text("  none"), disabled=True))
            for value, count in pairs:
                query = filter_text(field, value)
                tick = "✓" if query in active else " "
                number = f"{count:,}"
                name = safe(value)[: WIDTH - len(number) - 3]
                label = Text(f"{tick} {name}".ljust(WIDTH - len(number)))
                label.append(number, style="dim")
                options.add_option(Option(label, id=query))
        if highlighted:
            try:
                options.highlighted = options.get_option_index(highlighted)
            except OptionDoesNotExist:
                pass

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Toggled(event.option.id))
