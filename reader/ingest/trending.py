"""Formats 2 and 3: page headers, then titles and abstracts in turn (blank-separated or not)."""

from __future__ import annotations

import re

from reader.ingest.dates import is_bare_date
from reader.models import Listing, ParseWarning

HEADER_LINES = frozenset(
    {
        "new",
        "get trending papers in your email inbox!",
        "get trending papers in your email inbox once a day!",
        "subscribe",
        "byak and the research community",
    }
)
_GLUED_SUBSCRIBE = re.compile(r"^Subscribe(?=[^\W\d_a-z])")
_SENTENCE_BREAK = re.compile(r"(?<![.])[.!?][\"”)]?\s+[A-Z(]")


def is_page_header(line: str) -> bool:
    """A line of the page chrome around the listing (not a title, not an abstract)."""
    text = line.strip()
    return text.lower() in HEADER_LINES or is_bare_date(text)


def kind_of(line: str, expected: str) -> str:
    """Classify a line as 'title' or 'abstract', falling back on what the layout expects."""
    if len(line) > 320:
        return "abstract"
    sentences = len(_SENTENCE_BREAK.findall(line))
    if len(line) <= 200 and sentences <= 1 and not line.endswith("."):
        return "title"
    if sentences >= 2 or line.endswith("."):
        return "abstract"
    return expected


def parse(lines: list[str], source: str) -> tuple[list[Listing], list[ParseWarning]]:
    """Pair titles with the abstracts that follow them."""
    listings: list[Listing] = []
    warnings: list[ParseWarning] = []
    pending: tuple[int, str] | None = None  # a title waiting for its abstract

    def emit(title_line: int, title: str, abstract: str) -> None:
        listings.append(Listing(title=" ".join(title.split()), abstract=abstract, source=source, line=title_line))

    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or is_page_header(line):
            continue
        line = _GLUED_SUBSCRIBE.sub("", line)
        kind = kind_of(line, "abstract" if pending else "title")
        if kind == "title":
            if pending:
                warnings.append(ParseWarning(source, pending[0], f"no abstract for “{pending[1]}”"))
                emit(pending[0], pending[1], "")
            pending = (number, line)
        elif pending:
            emit(pending[0], pending[1], line)
            pending = None
        elif listings and listings[-1].abstract:
            last = listings[-1]
            listings[-1] = Listing(
                title=last.title, abstract=last.abstract + "\n\n" + line, source=source, line=last.line
            )
            warnings.append(
                ParseWarning(
                    source,
                    number,
                    f"a second abstract paragraph was joined to “{last.title}”; "
                    "if it belongs to another paper, add that paper's title above it",
                )
            )
        else:
            warnings.append(ParseWarning(source, number, "this abstract has no title above it; it was skipped"))
    if pending:
        warnings.append(ParseWarning(source, pending[0], f"no abstract for “{pending[1]}”"))
        emit(pending[0], pending[1], "")
    return listings, warnings
