"""Text from outside (tag and list names, notes, headings that quote them) made safe to draw:
control characters and escape sequences removed, shown as plain text, never as markup."""

from __future__ import annotations

from rich.text import Text

from reader.render import safe


def one_line(text: str) -> str:
    """`text` without control characters, with every run of whitespace as one space."""
    return " ".join(safe(text).split())


def plain(text: str, style: str = "", no_wrap: bool = False) -> Text:
    """`text` on one line as a Rich Text: what it says is drawn, never interpreted."""
    return Text(one_line(text), style=style, no_wrap=no_wrap)
