"""One paper as a document: title, byline, details and the abstract, all plain text."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from reader.models import Paper, PaperState
from reader.render import all_authors, highlight_spans, latex_to_unicode, safe


class PaperView(Static):
    """Shows a paper with the query's terms highlighted and LaTeX rendered; never parses markup."""

    COMPONENT_CLASSES = {"paper-view--title", "paper-view--label", "paper-view--match", "paper-view--emphasis"}

    def __init__(self, **kwargs) -> None:
        super().__init__("", markup=False, **kwargs)
        self.paper: Paper | None = None
        self.state: PaperState | None = None

    def show(self, paper: Paper | None, terms: frozenset[str] = frozenset(), state: PaperState | None = None) -> None:
        """Show `paper` (or nothing) with `terms` highlighted, and what the user said of it."""
        self.paper = paper
        self.state = state
        self.update(self.document(paper, terms, state) if paper else Text(""))

    def _style(self, name: str):
        return self.get_component_rich_style(f"paper-view--{name}", partial=True)

    def _marked(self, text: str, terms: frozenset[str], emphasis=()) -> Text:
        out = Text(text)
        for start, end in emphasis:
            out.stylize(self._style("emphasis"), start, end)
        for start, end in highlight_spans(text, terms):
            out.stylize(self._style("match"), start, end)
        return out

    def document(self, paper: Paper, terms: frozenset[str], state: PaperState | None = None) -> Text:
        """The whole paper as one rich Text built from plain strings."""
        title = latex_to_unicode(" ".join(paper.title.split()))
        doc = self._marked(title.text, terms, title.emphasis)
        doc.stylize(self._style("title"))
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
                doc.append(f"{label:<10} ", self._style("label"))
                doc.append_text(self._marked(safe(value), terms))
                doc.append("\n")
        doc.append("\n")
        if paper.abstract:
            abstract = latex_to_unicode(paper.abstract)
            doc.append_text(self._marked(abstract.text, terms, abstract.emphasis))
        else:
            doc.append("(no abstract in the listings)", self._style("label"))
        return doc
