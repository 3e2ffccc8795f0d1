"""The facets sidebar: paper counts per tag, list, status, category, year, organisation and
author (with the papers that have none); choosing one filters."""

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
from reader.search.facets import Facets, filter_text, missing_filter

WIDTH = 26  # characters of an option line in the sidebar
SECTIONS = (
    ("tags", "Tags", "tag"), ("lists", "Lists", "list"), ("statuses", "Status", "status"),
    ("categories", "Categories", "cat"), ("years", "Years", "year"), ("orgs", "Organisations", "org"),
    ("authors", "Authors", "author"),
)
STATE_FIELDS = ("tag", "list", "status")  # from the user's store: no heading while there is nothing
UNKNOWN = "unknown"  # how the papers without a value are listed


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
        unknown, sampled, added = dict(facets.unknown), dict(facets.sampled), set()
        for attribute, heading, field in SECTIONS:
            pairs = [(safe(value), filter_text(field, value), count) for value, count in getattr(facets, attribute)]
            only_unread = field == "status" and all(name == "unread" for name, _, _ in pairs)
            if field in STATE_FIELDS and (not pairs or only_unread):
                continue  # no tags, lists or statuses yet (everything unread): no empty headings
            if field in unknown:
                pairs.append((UNKNOWN, missing_filter(field), unknown[field]))
            if attribute in sampled:
                heading = f"{heading} (first {sampled[attribute]:,} found)"
            options.add_option(Option(Text(heading, style="bold"), disabled=True))
            if not pairs:
                options.add_option(Option(Text("  none"), disabled=True))
            for name, query, count in pairs:
                if query in added:  # two names that filter alike (`a"b` and `ab`): one option
                    continue
                added.add(query)
                tick = "✓" if query in active else " "
                number = f"{count:,}"
                label = Text(f"{tick} {name[: WIDTH - len(number) - 3]}".ljust(WIDTH - len(number)),
                             style="italic" if query == missing_filter(field) else "")
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
