"""The note editor (`n`): a paper's note in a text area; Ctrl+S saves, Escape cancels."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea

from reader.render import safe
from reader.widgets.plain import one_line


class NoteEditor(ModalScreen[str | None]):
    """Returns the edited note (Ctrl+S), or None (Escape). The note is shown, and so saved,
    without control characters (an old store or an import may have left some)."""

    BINDINGS = [Binding("ctrl+s", "save", "Save", priority=True), Binding("escape", "cancel", "Cancel")]

    def __init__(self, heading: str, note: str) -> None:
        super().__init__()
        self.heading = heading
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog note-dialog"):
            yield Label(one_line(self.heading), classes="dialog-title", markup=False)
            yield TextArea(safe(self.note), id="note-text", soft_wrap=True)
            yield Label("Ctrl+S: save · Esc: cancel (an empty note removes it)", classes="dialog-help")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)
