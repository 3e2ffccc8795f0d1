"""The end of the clipboard chain: the text to select by hand, with an offer to save it to a file."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea


class CopyFallback(ModalScreen[str | None]):
    """Shows `text` read-only; Ctrl+S returns "save", Escape closes."""

    BINDINGS = [Binding("ctrl+s", "save", "Save to a file", priority=True), Binding("escape", "close", "Close")]

    def __init__(self, text: str, why: str) -> None:
        super().__init__()
        self.text = text
        self.why = why

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog note-dialog"):
            yield Label(f"No clipboard worked ({self.why}). Select the text below, or save it.",
                        classes="dialog-title", markup=False)
            yield TextArea(self.text, read_only=True, soft_wrap=True, id="copy-text")
            yield Label("Ctrl+S: save to a file · Esc: close", classes="dialog-help")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.select_all()

    def action_save(self) -> None:
        self.dismiss("save")

    def action_close(self) -> None:
        self.dismiss(None)
