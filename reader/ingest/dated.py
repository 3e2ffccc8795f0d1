"""Format 1: a `CLApr 28, 2023` line, a glued title+authors line, then the abstract."""

from __future__ import annotations

import re
from datetime import date

from reader.ingest import dates
from reader.ingest.names import split_byline
from reader.models import Listing, ParseWarning

# The category is glued to the month (`CLApr 28, 2023`), the badge to the date (`2020Code`).
CATEGORY_DATE = re.compile(
    r"^(?P<category>(?:[a-z][a-z-]*\.)?[A-Z][A-Za-z-]*?)?"
    + dates.DATE_PATTERN
    + r"(?P<badge>[A-Z][\w ,&+-]*)?$"
)


# Far longer than any category+date+badge line; a longer line is not tried as one.
_MAX_HEADER_CHARS = 120


def match_header(line: str) -> re.Match | None:
    """The category+date match of a line that opens a record, or None."""
    text = line.strip()
    return CATEGORY_DATE.match(text) if len(text) <= _MAX_HEADER_CHARS else None


def is_header(line: str) -> bool:
    """Whether `line` is a category+date line that opens a record."""
    return match_header(line) is not None


def _looks_like_abstract(line: str) -> bool:
    return len(line) > 320 and len(re.findall(r"[.!?] [A-Z]", line)) >= 2


def parse(lines: list[str], source: str, reference: date) -> tuple[list[Listing], list[ParseWarning]]:
    """Read every record; lines before the first header become warnings."""
    listings: list[Listing] = []
    warnings: list[ParseWarning] = []
    headers = [match_header(line) for line in lines]
    i = 0
    while i < len(lines):
        match = headers[i]
        if not match:
            if lines[i].strip():
                warnings.append(ParseWarning(source, i + 1, "text outside any record was skipped"))
            i += 1
            continue
        start = i
        body: list[tuple[int, str]] = []
        i += 1
        while i < len(lines) and not headers[i]:
            if lines[i].strip():
                body.append((i + 1, lines[i]))
            i += 1
        record, problems = _record(match, body, source, start + 1, reference)
        warnings.extend(problems)
        if record:
            listings.append(record)
    return listings, warnings


def _record(match, body, source, line_no, reference):
    problems: list[ParseWarning] = []
    if not body:
        return None, [ParseWarning(source, line_no, "a date line with no title after it was skipped")]
    byline_no, byline = body[0]
    if _looks_like_abstract(byline):
        return None, [
            ParseWarning(source, byline_no, "this abstract has no title line above it; the record was skipped")
        ]
    parts = split_byline(byline)
    if not parts.certain:
        problems.append(
            ParseWarning(
                source,
                byline_no,
                "could not tell where the title ends and the authors begin; kept the whole line as the title",
            )
        )
    published = dates.from_match(match, reference)
    if published is None:
        problems.append(ParseWarning(source, line_no, "the date does not exist; it was left out"))
    abstract = "\n".join(text.strip() for _, text in body[1:])
    for extra_no, _ in body[2:]:
        # A record is three lines; a further line is kept, joined to the abstract, and said.
        problems.append(
            ParseWarning(
                source,
                extra_no,
                f"a line after the abstract was joined to the abstract of “{parts.title}”; "
                "if it is a new record, add its category and date line above it",
            )
        )
    if not abstract:
        problems.append(ParseWarning(source, byline_no, f"no abstract for “{parts.title}”"))
    badge = (match.group("badge") or "").strip() or None
    return (
        Listing(
            title=parts.title,
            authors=parts.authors,
            authors_truncated=parts.authors_truncated,
            orgs=parts.orgs,
            category=match.group("category") or None,
            published=published,
            badge=badge,
            abstract=abstract,
            source=source,
            line=line_no,
        ),
        problems,
    )
