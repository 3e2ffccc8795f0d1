"""One paper as a document: title, byline, details and the abstract, all plain text.

Every part is cut to a bounded length first (`reader.render.clipped`): a paper with a
10 MB abstract renders in milliseconds, with a note saying where the rest is.
"""

from __future__ import annotations

from typing import Callable

from rich.style import Style
from rich.text import Text
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


def _field(text: str) -> str:
    """A title, author list or note, cut to `FIELD_SHOWN` characters (with `…` when cut)."""
    text, cut = clipped(text, FIELD_SHOWN)
    return f"{text} …" if cut else text


def paper_document(
    paper: Paper, terms: frozenset[str], state: PaperState | None, style: Callable[[str], Style]
) -> Text:
    """The whole paper as one rich Text built from plain strings; `style` gives each part's style."""

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
    details = (
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
    if state is not None:
        details += (
            ("Status", state.status if state.status != "unread" else ""),
            ("Tags", ", ".join(state.tags)),
            ("Lists", ", ".join(state.lists)),
            ("Note", " ".join(state.note[: 2 * FIELD_SHOWN].split())),
        )
    for label, value in details:
        if value:
            doc.append(f"{label:<10} ", style("label"))
            doc.append_text(marked(safe(_field(value))))
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

    def show(self, paper: Paper, terms: frozenset[str] = frozenset()) -> None:
        """Show `paper` with `terms` highlighted."""
        self.paper = paper
        self.update(paper_document(paper, terms, None, self._style))

    def _style(self, part: str) -> Style:
        return self.get_component_rich_style(f"paper-view--{part}", partial=True)
