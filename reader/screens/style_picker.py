"""The style picker (`Y`): citation styles with a live preview of the highlighted one."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from reader.models import Paper

STYLES = (
    ("bibtex", "BibTeX"), ("apa", "APA"), ("mla", "MLA"), ("chicago", "Chicago author-date"), ("ieee", "IEEE"),
    ("markdown", "Markdown"), ("plain", "Plain text"), ("ris", "RIS"), ("csljson", "CSL-JSON"),
)


@dataclass
class Preview(Message):
    """The citation of the papers in `style`."""

    style: str
    text: str


class StylePicker(ModalScreen[str | None]):
    """Returns the chosen style (Enter), or None (Escape)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, papers: list[Paper], heading: str, default: str = "bibtex") -> None:
        super().__init__()
        self.papers = papers
        self.heading = heading
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog style-dialog"):
            yield Label(self.heading, classes="dialog-title", markup=False)
            with Horizontal(id="style-body"):
                yield OptionList(*[Option(label, id=style) for style, label in STYLES], id="style-options")
                with VerticalScroll(id="style-preview-scroll"):
                    yield Static("", id="style-preview", markup=False)
            yield Label("Enter: copy in this style · Esc: cancel", classes="dialog-help")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        names = [style for style, _ in STYLES]
        options.highlighted = names.index(self.default) if self.default in names else 0
        options.focus()

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
    def _show(self, message: Preview) -> None:
        option = self.query_one(OptionList).highlighted_option
        if option is not None and option.id == message.style:
            self.query_one("#style-preview", Static).update(message.text)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
