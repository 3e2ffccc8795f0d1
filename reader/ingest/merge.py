"""Merge listings of the same paper into one record with a stable id."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from reader.models import Listing, Paper

_NON_WORD = re.compile(r"[\W_]+")


def normalise_title(title: str) -> str:
    """Case, accents, punctuation and spacing folded away: the identity of a paper."""
    decomposed = unicodedata.normalize("NFKD", title)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", bare.casefold()).strip()


def paper_id(title: str) -> str:
    """The stable id: a hash of the normalised title."""
    return hashlib.sha256(normalise_title(title).encode("utf-8")).hexdigest()[:12]


def _first(values: Iterable):
    return next((v for v in values if v), None)


def merge_group(group: list[Listing]) -> Paper:
    """One paper from every listing of it, each field from the listing that knows most."""
    with_authors = max(group, key=lambda li: (len(li.authors), not li.authors_truncated))
    orgs: dict[str, None] = {}
    sources: dict[str, None] = {}
    for listing in group:
        orgs.update(dict.fromkeys(listing.orgs))
        sources[listing.source] = None
    return Paper(
        id=paper_id(group[0].title),
        title=group[0].title,
        authors=with_authors.authors,
        authors_truncated=with_authors.authors_truncated,
        orgs=tuple(orgs),
        category=_first(li.category for li in group),
        published=_first(li.published for li in group),
        badge=_first(li.badge for li in group),
        abstract=max((li.abstract for li in group), key=len),
        sources=tuple(sources),
    )


def merge_by_key(listings: Iterable[Listing]) -> dict[str, Paper]:
    """Group listings by normalised title and merge each group: papers by that key, in first-seen order."""
    groups: dict[str, list[Listing]] = {}
    for listing in listings:
        key = normalise_title(listing.title)
        if key:
            groups.setdefault(key, []).append(listing)
    return {key: merge_group(group) for key, group in groups.items()}


def merge(listings: Iterable[Listing]) -> list[Paper]:
    """Group listings by normalised title and merge each group, keeping first-seen order."""
    return list(merge_by_key(listings).values())
