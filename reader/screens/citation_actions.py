"""Citations of the papers a screen shows: copy, copy in a chosen style, export to a file.

A mixin shared by the main screen and the reading view, next to StateActions (which gives
`_targets_or_bell` and `_describe`). Export, bound on the main screen only, also needs
`_export_source()` from the host: what to export when nothing is marked.
"""

from __future__ import annotations

from textual import work

from reader.citations.formats import STATE_FIELDS
from reader.library import LibraryError
from reader.models import Paper


class CitationActions:
    """y copies the targets' citation, Y picks a style first, E exports to a file."""

    def action_copy(self, style: str | None = None) -> None:
        papers = self._targets_or_bell()
        if not papers:
            return
        style = style or self.app.config.citation_style
        self._cite(papers, style, f"{style} for {self._describe(papers)}")

    @work(thread=True, group="cite", exit_on_error=False, name="writing the citation")
    def _cite(self, papers: list[Paper], style: str, what: str) -> None:
        try:
            text = self.app.library.export(papers, style, browser_url=self.app.config.browser_url)
        except (LibraryError, ValueError) as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        self.app.call_from_thread(self.app.copy_text, text, what)

    def action_copy_style(self) -> None:
        papers = self._targets_or_bell()
        if not papers:
            return
        from reader.screens.style_picker import StylePicker

        self.app.push_screen(
            StylePicker(papers, f"Copy {self._describe(papers)} as…", self.app.config.citation_style),
            lambda style: style and self.action_copy(style),
        )

    def action_export(self) -> None:
        from reader.citations import EXPORT_FORMATS
        from reader.screens.picker import Picker

        marked, text, sort, what = self._export_source()

        def chosen(style: str | None) -> None:
            if style:
                self._export(marked, text, sort, style)

        self.app.push_screen(Picker(f"Export {what} as…", [(f, "") for f in EXPORT_FORMATS]), chosen)

    @work(thread=True, group="cite", exit_on_error=False, name="exporting")
    def _export(self, marked: list[Paper], text: str, sort: str, style: str) -> None:
        library = self.app.library
        papers = marked or [h.paper for h in library.search(text, limit=None, sort=sort).hits]
        body = library.export(papers, style, browser_url=self.app.config.browser_url,
                              with_state=style in STATE_FIELDS)  # as `reader export` does by default
        extension = {"bibtex": "bib", "csljson": "json", "markdown": "md"}.get(style, style)
        self.app.call_from_thread(self.app.save_text, body, f"reader-export.{extension}")
