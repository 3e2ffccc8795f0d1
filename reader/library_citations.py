"""The Library's citations: keys (pinned once shown), rendering in any style, the paper's page."""

from __future__ import annotations

from collections.abc import Iterable

from reader import citations
from reader.citations import fields as citation_fields
from reader.citations import formats as citation_formats
from reader.citations import keys as citation_keys
from reader.models import Paper, UnknownPaper
from reader.store import StateError


class CitationsMixin:
    """Library methods for citing and exporting (mixed into Library)."""

    def citation_keys(self, papers: Iterable[Paper]) -> dict[str, str]:
        """Each paper's key: its pinned one, else a new Scholar-style key (pinned only once output)."""
        return citation_keys.assign_keys(papers, self.pinned_keys())

    def cite(self, ids: str | Iterable[str], style: str | None = None, *, browser_url: str | None = None) -> str:
        """These papers (ids or unique prefixes) in `style` (default bibtex); pins the keys it shows."""
        wanted = self._ids(ids)
        found = self.index.catalog.get(wanted)
        missing = [i for i in wanted if i not in found]
        if missing:
            raise UnknownPaper(f"paper {missing[0]} is no longer in the listings: find it with `reader search`")
        return self.export([found[i] for i in wanted], style or citations.DEFAULT_STYLE, browser_url=browser_url)

    def export(
        self, papers: Iterable[Paper], style: str, *, browser_url: str | None = None, with_state: bool = False
    ) -> str:
        """`papers` as one text in `style` (a format or a CSL style); pins the keys it shows.
        `with_state` adds each paper's tags, note (and in CSV lists and status) where the format
        has fields for them (`citation_formats.STATE_FIELDS`).

        Raises `citations.UnknownStyle` (a ValueError) for an unknown style, and
        `citation_formats.NoStateField` (also a ValueError) for state in a format without a field for it."""
        return self._render(papers, style, browser_url, pin=True, with_state=with_state)

    def preview(self, papers: Iterable[Paper], style: str, *, browser_url: str | None = None,
                with_state: bool = False) -> str:
        """`papers` in `style` as `export` would write them, without pinning any key."""
        return self._render(papers, style, browser_url, pin=False, with_state=with_state)

    def _render(self, papers: Iterable[Paper], style: str, browser_url: str | None, pin: bool,
                with_state: bool = False) -> str:
        papers = list(papers)
        style = citations.check_style(style)
        if with_state:
            citation_formats.check_state_format(style)  # before any key is pinned
        if not citations.shows_keys(style):
            keys = citation_keys.LazyKeys(papers)  # not shown: worked out only if a style asks, store unread
        elif pin and not self.store.read_only:  # a read-only store shows keys it cannot pin
            keys = self._pinned_keys_for(papers)
        else:
            keys = self.citation_keys(papers)
        if with_state:
            states = self.states_if_kept(p.id for p in papers)
            return citation_formats.render_with_state(papers, style, keys, states, browser_url)
        return citations.render(papers, style, keys, browser_url)

    def _pinned_keys_for(self, papers: list[Paper]) -> dict[str, str]:
        """Every paper's key, pinned now if it was not yet."""
        tries = 3  # another process may pin a key between our read and our write
        while True:
            keys = self.citation_keys(papers)
            try:
                self.pin_keys(keys)
                return keys
            except StateError:
                tries -= 1
                if not tries:
                    raise

    def browser_url(self, paper_id: str, template: str | None = None) -> str:
        """The page to open for a paper: the config's `browser_url` template, default an arXiv title search."""
        return citation_fields.browser_url(self.get(paper_id), template)
