"""The facets sidebar: the saved searches with their live counts (choosing one runs it), then
paper counts per tag, list, status, category, year, organisation and author (with the papers
that have none; choosing one filters)."""

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
SAVED = "saved\x1f"  # a saved search's option id starts so (a filter's query text holds no control character)


@dataclass(frozen=True)
class SavedLine:
    """A saved search as the sidebar lists it: its place, name and count (None: its query fails)."""

    position: int
    name: str
    papers: int | None


class FacetOptions(OptionList):
    """The counts; j/k and g/G move here as they do in the results."""

    BINDINGS = [
        Binding("j", "cursor_down", show=False), Binding("k", "cursor_up", show=False),
        Binding("g", "first", show=False), Binding("G", "last", show=False),
    ]


def _line(tick: str, name: str, number: str, style: str = "") -> Text:
    """`✓ name      123`: the name cut to fit, the number right-aligned and dim."""
    label = Text(f"{tick} {name[: WIDTH - len(number) - 3]}".ljust(WIDTH - len(number)), style=style)
    label.append(number, style="dim")
    return label


class FacetsSidebar(Vertical):
    """Counts for the current results; Enter or a click toggles that value as a filter, or runs
    that saved search."""

    @dataclass
    class Toggled(Message):
        """Add `filter` (query text such as `cat:CV`) if absent, else remove it."""

        filter: str

    @dataclass
    class SavedChosen(Message):
        """Run the saved search called `name`."""

        name: str

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.saved: tuple[SavedLine, ...] = ()
        self._shown: tuple[Facets | None, list[str]] | None = None  # what `show` was last given

    def on_mount(self) -> None:
        self.border_title = "Facets"

    def compose(self) -> ComposeResult:
        yield Label("Enter: filter · Esc: close", classes="facets-title")
        yield FacetOptions(id="facet-options")

    def show_saved(self, saved: list[SavedLine] | tuple[SavedLine, ...]) -> None:
        """List these saved searches (with their counts) above the facets."""
        self.saved = tuple(saved)
        if self._shown is not None:
            self.show(*self._shown)

    def show(self, facets: Facets | None, active: list[str]) -> None:
        """List the saved searches, then the counts (or a loading line), ticking the active filters."""
        self._shown = (facets, list(active))
        options = self.query_one(OptionList)
        highlighted = options.highlighted_option.id if options.highlighted_option else None
        options.clear_options()
        self._add_saved(options)
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
                style = "italic" if query == missing_filter(field) else ""
                options.add_option(Option(_line(tick, name, f"{count:,}", style), id=query))
        if highlighted:
            try:
                options.highlighted = options.get_option_index(highlighted)
            except OptionDoesNotExist:
                pass

    def _add_saved(self, options: OptionList) -> None:
        """The "Saved searches" section: each one's place (its key), name and count; none: no heading."""
        if not self.saved:
            return
        options.add_option(Option(Text("Saved searches", style="bold"), disabled=True))
        for line in self.saved:
            number = f"{line.papers:,}" if line.papers is not None else "?"
            place = str(line.position) if line.position <= 9 else " "
            options.add_option(Option(_line(place, safe(line.name), number), id=f"{SAVED}{line.name}"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        chosen = event.option.id
        if chosen and chosen.startswith(SAVED):
            self.post_message(self.SavedChosen(chosen[len(SAVED):]))
        elif chosen:
            self.post_message(self.Toggled(chosen))
