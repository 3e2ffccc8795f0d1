"""One paper as a document: title, byline, details and the abstract, all plain text.

Every part is cut to a bounded length first (`reader.render.clipped`): a paper with a
10 MB abstract renders in milliseconds, with a note saying where the rest is.
"""

from __future__ import annotations

import io
import re
from typing import Callable

from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual import events
from textual.widgets import Static

from reader.models import Paper, PaperState
from reader.render import (
    ABSTRACT_SHOWN,
    FIELD_SHOWN,
    abstract_cut_note,
    all_authors,
    clipped,
    highlight_spans,
    latex_to_unicode,
    safe,
)

PARTS = ("title", "label", "match", "emphasis")  # the styled parts of a document, as component classes
LABEL_WIDTH = 10  # the details' label column; a value starts one space after it
_NARROWEST = 20  # columns a value needs before it is wrapped under its label's end
_MEASURE = Console(file=io.StringIO(), width=200)  # only measures text for wrapping; never prints


def _field(text: str) -> str:
    """A title, author list or note, cut to `FIELD_SHOWN` characters (with `…` when cut)."""
    text, cut = clipped(text, FIELD_SHOWN)
    return f"{text} …" if cut else text


def note_text(note: str) -> str:
    """A note as its lines (single spaces in each; a run of blank lines as one), cut to a bounded length."""
    lines = [" ".join(line.split()) for line in note[: 2 * FIELD_SHOWN].splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def hanging(value: Text, width: int | None) -> Text:
    """A detail's value with every further line (its own line breaks, and its wrapped lines when
    `width` is known) indented to where the value starts, under the label's end."""
    room = (width or 0) - LABEL_WIDTH - 1
    lines = value.wrap(_MEASURE, room, overflow="fold") if room >= _NARROWEST else value.split("\n")
    if len(lines) < 2:
        return value
    out = Text()
    for number, line in enumerate(lines):
        line.rstrip()  # the space a line was wrapped at
        if number:
            out.append("\n" + " " * (LABEL_WIDTH + 1) if line.plain else "\n")
        out.append_text(line)
    return out


def paper_document(
    paper: Paper, terms: frozenset[str], state: PaperState | None, style: Callable[[str], Style],
    width: int | None = None,
) -> Text:
    """The whole paper as one rich Text built from plain strings; `style` gives each part's style.
    Given the `width` it will be drawn at, long details wrap with a hanging indent."""

    def marked(text: str, emphasis=()) -> Text:
        out = Text(text)
        for start, end in emphasis:
            out.stylize(style("emphasis"), start, end)
        for start, end in highlight_spans(text, terms):
            out.stylize(style("match"), start, end)
        return out

    title = latex_to_unicode(_field(" ".join(paper.title[: 2 * FIELD_SHOWN].split())))
    doc = marked(title.text, title.emphasis)
    doc.stylize(style("title"))
    doc.append("\n\n")
    details: tuple[tuple[str, str], ...] = ()
    if state is not None:  # the reader's own state first: what the keys change
        details += (
            ("Status", state.status if state.status != "unread" else ""),
            ("Tags", ", ".join(state.tags)),
            ("Lists", ", ".join(state.lists)),
            ("Note", note_text(state.note)),
        )
    details += (
        ("Authors", all_authors(paper)),
        ("Orgs", ", ".join(paper.orgs)),
        ("Category", paper.category or ""),
        ("Published", paper.published.isoformat() if paper.published else str(paper.year or "")),
        ("Venue", paper.journal or paper.booktitle or ""),
        ("arXiv", paper.arxiv or ""),
        ("DOI", paper.doi or ""),
        ("URL", paper.url or ""),
        ("Badge", paper.badge or ""),
        ("Source", ", ".join(paper.sources)),
        ("Id", paper.id),
    )
    for label, value in details:
        if value:
            doc.append(f"{label:<{LABEL_WIDTH}} ", style("label"))
            doc.append_text(hanging(marked(safe(_field(value))), width))
            doc.append("\n")
    doc.append("\n")
    if paper.abstract:
        shown, cut = clipped(paper.abstract, ABSTRACT_SHOWN)
        abstract = latex_to_unicode(shown)
        doc.append_text(marked(abstract.text, abstract.emphasis))
        if cut:
            doc.append(f"\n\n{abstract_cut_note(paper)}", style("label"))
    else:
        doc.append("(no abstract in the listings)", style("label"))
    return doc


class PaperView(Static):
    """Shows a paper with the query's terms highlighted and LaTeX rendered; never parses markup."""

    COMPONENT_CLASSES = {f"paper-view--{part}" for part in PARTS}

    def __init__(self, **kwargs) -> None:
        super().__init__("", markup=False, **kwargs)
        self.paper: Paper | None = None
        self.terms: frozenset[str] = frozenset()
        self.state: PaperState | None = None  # tags, lists, status and note, once known
        self._width = 0  # the width the paper was laid out for

    def show(self, paper: Paper, terms: frozenset[str] = frozenset(), state: PaperState | None = None) -> None:
        """Show `paper` with `terms` highlighted, and its `state` among the details when known."""
        self.paper, self.terms, self.state = paper, terms, state
        self._lay_out(self.content_region.width)

    def _lay_out(self, width: int) -> None:
        self._width = width
        self.update(paper_document(self.paper, self.terms, self.state, self._style, width or None))

    def on_resize(self, event: events.Resize) -> None:
        if self.paper is not None and self.content_region.width != self._width:
            self._lay_out(self.content_region.width)  # the details' hanging indent follows the width

    def _style(self, part: str) -> Style:
        return self.get_component_rich_style(f"paper-view--{part}", partial=True)
