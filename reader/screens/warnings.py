"""The parse warnings of every listing file: file, line and what the parser could not place."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from reader.models import ParseWarning
from reader.render import safe
from reader.store.names import plural


class WarningsScreen(Screen[None]):
    """Every warning, one line each; Escape or q goes back."""

    BINDINGS = [
        Binding("escape,q", "close", "Back"),
        Binding("j", "move('cursor_down')", "Down", show=False),
        Binding("k", "move('cursor_up')", "Up", show=False),
        Binding("g", "move('first')", "First", show=False),
        Binding("G", "move('last')", "Last", show=False),
    ]

    def __init__(self, warnings: list[ParseWarning], notes: list[str] = ()) -> None:
        super().__init__()
        self.warnings = warnings
        self.notes = list(notes)

    def compose(self) -> ComposeResult:
        with Vertical(id="warnings"):
            yield Label(f"Parse warnings: {plural(len(self.warnings), 'warning')}", classes="dialog-title",
                        markup=False)
            lines = [Option(Text(safe(note), style="yellow")) for note in self.notes]
            lines += [Option(_line(w)) for w in self.warnings]
            if not lines:
                lines = [Option(Text("Every listing file was read without a problem."), disabled=True)]
            yield OptionList(*lines, id="warnings-list")
            yield Label("j / k: move · Esc: back · reader index prints the same list", classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def action_move(self, action: str) -> None:
        self.query_one(OptionList).run_action(action)

    def action_close(self) -> None:
        self.dismiss(None)


def _line(warning: ParseWarning) -> Text:
    where = safe(warning.file.rsplit("/", 1)[-1]) + (f":{warning.line}" if warning.line else "")
    line = Text(where, style="bold")
    line.append(f"  {safe(warning.message)}")
    return line
