"""Finding a paper again after its listing changed: the same arXiv id or DOI, the same folded
title, or a near-identical title with the same first author."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from whoosh import query as Q

from reader.ingest.merge import normalise_title
from reader.models import Paper
from reader.search.analysis import fold

NEAR = 0.9  # how alike two folded titles must be (difflib's ratio) to be the same paper's


@dataclass(frozen=True)
class Identity:
    """What identifies a paper that may have left the listings."""

    id: str
    title: str
    first_author: str = ""
    arxiv: str | None = None
    doi: str | None = None

    @classmethod
    def of(cls, paper: Paper) -> Identity:
        return cls(paper.id, paper.title, paper.authors[0] if paper.authors else "", paper.arxiv, paper.doi)

    def row(self) -> tuple:
        return self.id, self.title, self.first_author, self.arxiv, self.doi


def _family(name: str) -> str:
    """A name's last word, folded: enough to tell first authors apart."""
    words = fold(name).split()
    return words[-1] if words else ""


def matches(index, who: Identity, limit: int = 20) -> list[str]:
    """Ids of the papers in the index that are likely `who`, best evidence first."""
    catalog = index.catalog
    for key in (f"arxiv:{who.arxiv.lower()}" if who.arxiv else None,
                f"doi:{who.doi.lower()}" if who.doi else None,
                f"title:{normalise_title(who.title)}"):
        if key:
            found = [i for i in catalog.ids_for_key(key) if i != who.id]
            if found:
                return found
    title = normalise_title(who.title)
    words = title.split()
    if not words:
        return []
    with index.reading() as searcher:
        terms = list(dict.fromkeys(searcher.schema["title"].process_text(title, mode="query")))[:30]
        query = Q.Or([Q.Term("title", term) for term in terms])
        try:
            ids = [hit["id"] for hit in searcher.search(query, limit=limit)]
        except Exception:  # noqa: BLE001 - a title whose words the analyser drops finds nothing
            return []
    papers = catalog.get(ids)
    family = _family(who.first_author)
    near = []
    for paper_id in ids:
        paper = papers.get(paper_id)
        if paper is None or paper.id == who.id:
            continue
        if family != _family(paper.authors[0] if paper.authors else ""):
            continue
        ratio = difflib.SequenceMatcher(None, title, normalise_title(paper.title)).ratio()
        if ratio >= NEAR:
            near.append((ratio, paper_id))
    return [paper_id for _, paper_id in sorted(near, reverse=True)]
