"""The help screen: every key in force, from the same table as the bindings and the palette."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.key_bindings import keys_in_force
from reader.keys import KEYS, SCOPES, Key, keys_for

NOTES = (
    "Arrows and PgUp/PgDn move through the results while you type.",
    "Query language: words (all must match), \"a phrase\", a OR b, -word, lang*, transfomer~,",
    "title: author: abstract: org: cat: year:2024 year:2022..2024, and cat:none year:none org:none",
    "for papers without one  (see the README).",
)


def help_text(in_force: tuple[Key, ...] = KEYS) -> Group:
    """The keys in force by scope, as tables of plain text."""
    parts = []
    for scope, heading in SCOPES.items():
        table = Table.grid(padding=(0, 2))
        table.add_column(width=12, style="bold")
        table.add_column(ratio=1)
        for key in keys_for(scope, in_force):
            table.add_row(Text(key.display), Text(key.help))
        parts += [Text(heading, style="bold underline"), table, Text("")]
    parts.append(Text("\n".join(NOTES), style="italic"))
    return Group(*parts)


class HelpScreen(ModalScreen):
    """Esc, ? or q closes it."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "Close", key_display="Esc")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "reader keys"
            box.border_subtitle = "Esc to close"
            yield Static(help_text(keys_in_force(self)), id="help-text")

    def action_close(self) -> None:
        self.dismiss()
