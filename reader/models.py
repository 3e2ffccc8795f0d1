"""Plain records shared by every layer: no I/O here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

STATUSES = ("unread", "reading", "read")


class LibraryError(Exception):
    """A problem the user can fix; the message says how."""


class UnknownPaper(LibraryError):
    """No paper, or more than one, has the given id or id prefix."""


@dataclass(frozen=True)
class PaperState:
    """What the user has said about one paper: tags, reading lists, status and note."""

    tags: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    status: str = "unread"
    note: str = ""


@dataclass(frozen=True)
class ParseWarning:
    """A line the parser could not place, or placed with a guess."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Listing:
    """One paper as one listing file states it, before merging."""

    title: str
    authors: tuple[str, ...] = ()
    authors_truncated: bool = False
    orgs: tuple[str, ...] = ()
    category: str | None = None
    published: date | None = None
    badge: str | None = None
    abstract: str = ""
    source: str = ""
    line: int = 0
    arxiv: str | None = None  # the arXiv id without its version: 2101.03961, hep-th/9901001
    doi: str | None = None  # lower case, no resolver prefix: 10.1145/3442188.3445922
    url: str | None = None
    year: int | None = None  # when the source gives a year and no full date
    journal: str | None = None
    booktitle: str | None = None


@dataclass(frozen=True)
class Paper:
    """One distinct paper, merged from every listing that names it."""

    id: str
    title: str
    authors: tuple[str, ...] = ()
    authors_truncated: bool = False
    orgs: tuple[str, ...] = ()
    category: str | None = None
    published: date | None = None
    badge: str | None = None
    abstract: str = ""
    sources: tuple[str, ...] = ()
    arxiv: str | None = None
    doi: str | None = None
    url: str | None = None
    year: int | None = None  # filled from `published` when that is known
    journal: str | None = None
    booktitle: str | None = None

    def __post_init__(self) -> None:
        if self.published is not None and self.year is None:
            object.__setattr__(self, "year", self.published.year)

    def to_json(self) -> dict:
        """The export record: exactly the documented keys."""
        return {
            "id": self.id,
            "title": self.title,
            "authors": list(self.authors),
            "authors_truncated": self.authors_truncated,
            "orgs": list(self.orgs),
            "category": self.category,
            "published": self.published.isoformat() if self.published else None,
            "badge": self.badge,
            "abstract": self.abstract,
            "sources": list(self.sources),
            "arxiv": self.arxiv,
            "doi": self.doi,
            "url": self.url,
            "year": self.year,
            "journal": self.journal,
            "booktitle": self.booktitle,
        }

    @classmethod
    def from_json(cls, data: dict) -> Paper:
        """Inverse of `to_json`."""
        published = data.get("published")
        return cls(
            id=data["id"],
            title=data["title"],
            authors=tuple(data.get("authors", ())),
            authors_truncated=bool(data.get("authors_truncated", False)),
            orgs=tuple(data.get("orgs", ())),
            category=data.get("category"),
            published=date.fromisoformat(published) if published else None,
            badge=data.get("badge"),
            abstract=data.get("abstract", ""),
            sources=tuple(data.get("sources", ())),
            arxiv=data.get("arxiv"),
            doi=data.get("doi"),
            url=data.get("url"),
            year=data.get("year"),
            journal=data.get("journal"),
            booktitle=data.get("booktitle"),
        )


@dataclass(frozen=True)
class Hit:
    """One search result: the paper, its score and the terms it matched."""

    paper: Paper
    score: float
    terms: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SearchResult:
    """The answer to one query."""

    query: str
    hits: tuple[Hit, ...]
    total: int
    sort: str = "relevance"
    suggestion: str | None = None
    elapsed: float = 0.0
    terms: frozenset[str] = field(default_factory=frozenset)
