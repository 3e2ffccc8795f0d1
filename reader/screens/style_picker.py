"""The style picker (`Y`): the common formats, or any bundled CSL style searched by name as you
type, with a live preview of the highlighted one.

Both the search and the preview run in thread workers: reading the ~10,800 bundled styles'
titles takes about half a second once (started when the picker opens), and a search over
them a few milliseconds; a result for a query that is no longer typed is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from reader.citations import style_catalog
from reader.models import Paper

STYLES = (
    ("bibtex", "BibTeX"), ("apa", "APA"), ("mla", "MLA"), ("chicago", "Chicago author-date"), ("ieee", "IEEE"),
    ("markdown", "Markdown"), ("plain", "Plain text"), ("ris", "RIS"), ("csljson", "CSL-JSON"),
)
SHOWN = 200  # matches listed at once; typing more narrows them


@dataclass
class Preview(Message):
    """The citation of the papers in `style`."""

    style: str
    text: str


@dataclass
class Matches(Message):
    """The styles matching `query`: (id, label) pairs, at most SHOWN, of `total`."""

    query: str
    styles: list[tuple[str, str]]
    total: int


def matching_styles(query: str) -> tuple[list[tuple[str, str]], int]:
    """(id, title) of the formats and bundled styles matching `query`, best first; and how many matched."""
    formats = [(style, label) for style, label in STYLES if all(
        word in f"{style} {label.casefold()}" for word in query.casefold().split())]
    found = style_catalog.search(query, style_catalog.catalog())
    taken = {style for style, _ in formats}
    styles = formats + [(e.id, e.title) for e in found if e.id not in taken]
    return styles[:SHOWN], len(styles)


def _label(style: str, title: str) -> Content:
    """The title with the id (what `--style` takes) after it, dimmed; never markup."""
    return Content(title) + Content.styled(f"  {style}", "dim")


class StylePicker(ModalScreen[str | None]):
    """Returns the chosen style (Enter), or None (Escape)."""

    DEFAULT_CSS = """
    StylePicker #style-search { margin-bottom: 1; }
    StylePicker #style-count { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move('cursor_down')", show=False),
        Binding("up", "move('cursor_up')", show=False),
        Binding("pagedown", "move('page_down')", show=False),
        Binding("pageup", "move('page_up')", show=False),
    ]

    def __init__(self, papers: list[Paper], heading: str, default: str = "bibtex") -> None:
        super().__init__()
        self.papers = papers
        self.heading = heading
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog style-dialog"):
            yield Label(self.heading, classes="dialog-title", markup=False)
            yield Input(placeholder="Type to search every bundled CSL style by name…", id="style-search")
            with Horizontal(id="style-body"):
                yield OptionList(*self._common(), id="style-options", markup=False)
                with VerticalScroll(id="style-preview-scroll"):
                    yield Static("", id="style-preview", markup=False)
            yield Label("", id="style-count", markup=False)
            yield Label("Type to search · ↑↓ choose · Enter: copy in this style · Esc: cancel", classes="dialog-help")

    def _common(self) -> list[Option]:
        """The formats, and the configured default first when it is none of them (a CSL id or file)."""
        options = [Option(_label(style, label), id=style) for style, label in STYLES]
        if self.default not in {style for style, _ in STYLES}:
            options.insert(0, Option(_label(self.default, "Your default style"), id=self.default))
        return options

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        options.highlighted = ids.index(self.default) if self.default in ids else 0
        self.query_one(Input).focus()
        self._load_catalog()

    @work(thread=True, group="style-catalog", exit_on_error=False, name="reading the style titles")
    def _load_catalog(self) -> None:
        count = len(style_catalog.catalog())
        self.app.call_from_thread(self._set_count, f"{len(STYLES)} formats · {count:,} CSL styles to search")

    def _set_count(self, text: str) -> None:
        if not self.query_one(Input).value.strip():
            self.query_one("#style-count", Label).update(text)

    def action_move(self, action: str) -> None:
        getattr(self.query_one(OptionList), f"action_{action}")()

    @on(Input.Changed, "#style-search")
    def _typed(self, event: Input.Changed) -> None:
        query = event.value.strip()
        if not query:
            self._show(self._common(), None)
            return
        self._search(query)

    @work(thread=True, exclusive=True, group="style-search", exit_on_error=False, name="searching the styles")
    def _search(self, query: str) -> None:
        styles, total = matching_styles(query)
        self.post_message(Matches(query, styles, total))

    @on(Matches)
    def _matched(self, message: Matches) -> None:
        if message.query != self.query_one(Input).value.strip():
            return  # typed on since
        self._show([Option(_label(style, title), id=style) for style, title in message.styles], message)

    def _show(self, choices: list[Option], message: Matches | None) -> None:
        """List `choices` and say how many matched (`message`; None: the common formats)."""
        options = self.query_one(OptionList)
        options.set_options(choices)
        count = self.query_one("#style-count", Label)
        if message is None:
            count.update(f"{len(STYLES)} formats · type to search every CSL style")
        elif not message.total:
            count.update(f"No style matches “{message.query}”")
            self.query_one("#style-preview", Static).update("")
        elif message.total > len(message.styles):
            count.update(f"{len(message.styles)} of {message.total:,} matches; type more to narrow them")
        else:
            count.update(f"{message.total:,} {'match' if message.total == 1 else 'matches'}")
        if options.option_count:
            options.highlighted = 0

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one("#style-preview", Static).update("…")
        self._make_preview(event.option.id)

    @work(thread=True, exclusive=True, group="preview", exit_on_error=False, name="rendering the citation")
    def _make_preview(self, style: str) -> None:
        try:
            text = self.app.library.preview(self.papers, style)
        except Exception as error:  # noqa: BLE001 - shown in the preview, never raised
            text = f"Cannot render {style}: {error}"
        self.post_message(Preview(style, text))

    @on(Preview)
    def _show_preview(self, message: Preview) -> None:
        option = self.query_one(OptionList).highlighted_option
        if option is not None and option.id == message.style:
            self.query_one("#style-preview", Static).update(message.text)

    @on(Input.Submitted, "#style-search")
    def _submitted(self, event: Input.Submitted) -> None:
        option = self.query_one(OptionList).highlighted_option
        if option is not None:
            self.dismiss(option.id)
        else:
            self.app.bell()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
