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

FOCUS = (
    "Where the keys go: the search bar, lit up, has them at first, and every letter typed there types "
    "(? opens this help, Ctrl+Q quits, ↓↑ PgUp PgDn move the results); Enter goes to the results. "
    "Elsewhere the pane with the keys has a bright rule above it and the footer shows its keys; "
    "/ goes back to the search bar with the query selected, so typing replaces it."
)
QUERIES = (
    "Queries: words (all must match), \"a phrase\", a OR b, -word, lang*, transfomer~, title: author: "
    "abstract: org: cat: year:2024 year:2022..2024, and cat:none year:none org:none for papers without one. "
    "Your own: tag:ml list:\"Reading list\" status:unread status:reading status:read note:word "
    "(see the README)."
)
HELP_KEYS = "j k ↓↑ scroll · g G top, end · Esc ? q close"


def help_text(in_force: tuple[Key, ...] = KEYS) -> Group:
    """The keys in force by scope, as tables of plain text, then where keys go and the query fields."""
    parts = []
    for scope, heading in SCOPES.items():
        table = Table.grid(padding=(0, 2))
        table.add_column(width=12, style="bold")
        table.add_column(ratio=1)
        for key in keys_for(scope, in_force):
            table.add_row(Text(key.display), Text(key.help))
        parts += [Text(heading, style="bold underline"), table, Text("")]
    parts += [Text(FOCUS, style="italic"), Text(""), Text(QUERIES, style="italic")]
    return Group(*parts)


class HelpScreen(ModalScreen):
    """Esc, ? or q closes it; j k g G and the arrows scroll it."""

    BINDINGS = [
        Binding("escape,question_mark,q", "close", "Close", key_display="Esc"),
        Binding("j,down", "scroll('scroll_down')", "Scroll", show=False),
        Binding("k,up", "scroll('scroll_up')", "Scroll up", show=False),
        Binding("g,home", "scroll('scroll_home')", "Top", show=False),
        Binding("G,end", "scroll('scroll_end')", "End", show=False),
        Binding("pagedown,space", "scroll('scroll_page_down')", "Page down", show=False),
        Binding("pageup", "scroll('scroll_page_up')", "Page up", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "reader keys"
            box.border_subtitle = HELP_KEYS
            yield Static(help_text(keys_in_force(self)), id="help-text")

    def on_mount(self) -> None:
        self.set_focus(self.box)

    @property
    def box(self) -> VerticalScroll:
        return self.query_one("#help-box", VerticalScroll)

    def action_scroll(self, how: str) -> None:
        getattr(self.box, how)(animate=False)

    def action_close(self) -> None:
        self.dismiss()
