"""Merge listings of the same paper into one record with a stable id.

Listings are the same paper when they share an arXiv id, else a DOI, else the folded
title; a shared DOI or title never joins two listings whose arXiv ids (or DOIs) differ.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence

from reader.models import Listing, Paper

_NON_WORD = re.compile(r"[\W_]+")
# What _NON_WORD matches among ASCII characters, each made a space.
_ASCII_NON_WORD = str.maketrans({chr(code): " " for code in range(128) if not chr(code).isalnum()})


class _CombiningMarks(dict):
    """A str.translate table that drops combining marks, filled as characters are met."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_DROP_MARKS = _CombiningMarks()


def normalise_title(title: str) -> str:
    """Case, accents, punctuation and spacing folded away: the identity of a paper."""
    if not title.isascii():
        title = unicodedata.normalize("NFKD", title).translate(_DROP_MARKS).casefold()
        if not title.isascii():
            return _NON_WORD.sub(" ", title).strip()
    # ASCII (most titles): casefold() is lower(), and the runs of _NON_WORD are split away.
    return " ".join(title.lower().translate(_ASCII_NON_WORD).split())


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def paper_id(title: str) -> str:
    """The stable id of a paper known by its title alone: a hash of the normalised title."""
    return _hash(normalise_title(title))


def identity_id(arxiv: str | None, doi: str | None, title: str) -> str:
    """The stable id: from the arXiv id, else the DOI, else the title (so a fixed title keeps it)."""
    if arxiv:
        return _hash(f"arxiv:{arxiv.lower()}")
    if doi:
        return _hash(f"doi:{doi.lower()}")
    return paper_id(title)


def merge_keys(listing: Listing) -> list[str]:
    """The keys a listing can be matched on, strongest first."""
    keys = []
    if listing.arxiv:
        keys.append(f"arxiv:{listing.arxiv.lower()}")
    if listing.doi:
        keys.append(f"doi:{listing.doi.lower()}")
    title = normalise_title(listing.title)
    if title:
        keys.append(f"title:{title}")
    return keys


class _Groups:
    """Union-find over listing positions, refusing to join different arXiv ids or DOIs."""

    def __init__(self, listings: Sequence[Listing]):
        self.parent = list(range(len(listings)))
        self.ids = [{"arxiv": {li.arxiv.lower()} if li.arxiv else set(), "doi": {li.doi.lower()} if li.doi else set()}
                    for li in listings]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int, checks: tuple[str, ...]) -> None:
        a, b = self.find(a), self.find(b)
        if a == b:
            return
        left, right = self.ids[a], self.ids[b]
        if any(left[k] and right[k] and left[k] != right[k] for k in checks):
            return
        if b < a:
            a, b = b, a
        self.parent[b] = a
        for k in left:  # the root (the earlier listing) holds the ids of its whole group
            self.ids[a][k] |= self.ids[b][k]


def group_indices(listings: Sequence[Listing]) -> list[list[int]]:
    """The positions of the listings of each paper, each group and the groups in first-seen order."""
    groups = _Groups(listings)
    keys = [merge_keys(listing) for listing in listings]
    of_kind: dict[str, list[tuple[str, int]]] = {"arxiv": [], "doi": [], "title": []}
    for i, mine in enumerate(keys):
        for key in mine:
            of_kind[key.partition(":")[0]].append((key, i))
    # Strongest key first: every arXiv id, then DOIs, then folded titles.
    for kind, checks in (("arxiv", ()), ("doi", ("arxiv",)), ("title", ("arxiv", "doi"))):
        first: dict[str, int] = {}
        for key, i in of_kind[kind]:
            earlier = first.setdefault(key, i)
            if earlier != i:
                groups.join(earlier, i, checks)
    out: dict[int, list[int]] = {}
    for i, mine in enumerate(keys):
        if mine:
            out.setdefault(groups.find(i), []).append(i)
    return list(out.values())


def group(listings: Sequence[Listing]) -> list[list[Listing]]:
    """Listings grouped into papers, each group and the groups in first-seen order."""
    return [[listings[i] for i in members] for members in group_indices(listings)]


def _first(values: Iterable):
    return next((v for v in values if v), None)


def _single(listing: Listing) -> Paper:
    """merge_group of a paper with one listing (most are), without the comparisons."""
    arxiv, doi, published = listing.arxiv or None, listing.doi or None, listing.published or None
    return Paper(
        id=identity_id(arxiv, doi, listing.title),
        title=listing.title,
        authors=listing.authors,
        authors_truncated=listing.authors_truncated,
        orgs=tuple(dict.fromkeys(listing.orgs)),
        category=listing.category or None,
        published=published,
        badge=listing.badge or None,
        abstract=listing.abstract,
        sources=(listing.source,),
        arxiv=arxiv,
        doi=doi,
        url=listing.url or None,
        year=published.year if published else listing.year or None,
        journal=listing.journal or None,
        booktitle=listing.booktitle or None,
    )


def merge_group(group: list[Listing]) -> Paper:
    """One paper from every listing of it, each field from the listing that knows most."""
    return _single(group[0]) if len(group) == 1 else _merged(group)


def _merged(group: list[Listing]) -> Paper:
    """merge_group of a paper with more than one listing."""
    with_authors = max(group, key=lambda li: (not li.authors_truncated and bool(li.authors), len(li.authors)))
    orgs: dict[str, None] = {}
    sources: dict[str, None] = {}
    for listing in group:
        orgs.update(dict.fromkeys(listing.orgs))
        sources[listing.source] = None
    arxiv = _first(li.arxiv for li in group)
    doi = _first(li.doi for li in group)
    published = _first(li.published for li in group)
    return Paper(
        id=identity_id(arxiv, doi, group[0].title),
        title=group[0].title,
        authors=with_authors.authors,
        authors_truncated=with_authors.authors_truncated,
        orgs=tuple(orgs),
        category=_first(li.category for li in group),
        published=published,
        badge=_first(li.badge for li in group),
        abstract=max((li.abstract for li in group), key=len),
        sources=tuple(sources),
        arxiv=arxiv,
        doi=doi,
        url=_first(li.url for li in group),
        year=published.year if published else _first(li.year for li in group),
        journal=_first(li.journal for li in group),
        booktitle=_first(li.booktitle for li in group),
    )


def merge(listings: Iterable[Listing]) -> list[Paper]:
    """Group listings into papers and merge each group, keeping first-seen order."""
    return [merge_group(g) for g in group(list(listings))]


def merge_with_keys(listings: Iterable[Listing]) -> list[tuple[Paper, set[str]]]:
    """Each paper with the merge keys of all its listings, in first-seen order."""
    return [(merge_group(g), {key for li in g for key in merge_keys(li)}) for g in group(list(listings))]
