"""One paper as a document: title, byline, details and the abstract, all plain text."""

from __future__ import annotations

from typing import Callable

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from reader.models import Paper, PaperState
from reader.render import all_authors, highlight_spans, latex_to_unicode, safe

PARTS = ("title", "label", "match", "emphasis")  # the styled parts of a document, as component classes


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

    title = latex_to_unicode(" ".join(paper.title.split()))
    doc = marked(title.text, title.emphasis)
    doc.stylize(style("title"))
    doc.append("\n\n")
    details = (
        ("Authors", all_authors(paper)),
        ("Orgs", ", ".join(paper.orgs)),
        ("Category", paper.category or ""),
        ("Published", paper.published.isoformat() if paper.published else ""),
        ("Badge", paper.badge or ""),
        ("Source", ", ".join(paper.sources)),
        ("Id", paper.id),
    )
    if state is not None:
        details += (
            ("Status", state.status if state.status != "unread" else ""),
            ("Tags", ", ".join(state.tags)),
            ("Lists", ", ".join(state.lists)),
            ("Note", " ".join(state.note.split())),
        )
    for label, value in details:
        if value:
            doc.append(f"{label:<10} ", style("label"))
            doc.append_text(marked(safe(value)))
            doc.append("\n")
    doc.append("\n")
    if paper.abstract:
        abstract = latex_to_unicode(paper.abstract)
        doc.append_text(marked(abstract.text, abstract.emphasis))
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
