"""The registry of listing formats: each says how sure it is that a text is its format.

A format module has `NAME`, `SUFFIXES`, `sniff(lines, suffix) -> float` (0 to 1, from the
content; the suffix may add weight, never decide alone) and
`parse(lines, source, reference) -> (listings, warnings)`. The most confident format reads
the file; a text that no format claims with at least `MIN_CONFIDENCE` is reported once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from types import ModuleType

from reader.ingest import dated, trending
from reader.ingest.dates import is_bare_date
from reader.models import Listing, ParseWarning

MIN_CONFIDENCE = 0.3
SNIFF_LINES = 400  # lines of the head a format judges


def _dated_sniff(lines: list[str], suffix: str) -> float:
    content = [line for line in lines if line.strip()]
    if not content:
        return 0.0
    # A bare date (`Mar 11`) is the trending page's header too: only a category marks a dated file.
    headers = sum(1 for line in content if dated.is_header(line) and not is_bare_date(line))
    return 0.9 if headers and headers * 6 >= len(content) else 0.0


@dataclass(frozen=True)
class Format:
    """One way of reading a file."""

    name: str
    suffixes: tuple[str, ...]
    sniff: object  # (lines, suffix) -> float
    parse: object  # (lines, source, reference) -> (listings, warnings)


def _from_module(module: ModuleType) -> Format:
    return Format(module.NAME, module.SUFFIXES, module.sniff, module.parse)


def _trending_parse(lines, source, reference):
    return trending.parse(lines, source)


FORMATS: list[Format] = [
    Format("dated", (".txt",), _dated_sniff, dated.parse),
    Format("trending", (".txt",), trending.sniff, _trending_parse),
]


def register(module: ModuleType) -> None:
    """Add a format module to the registry (once)."""
    if all(f.name != module.NAME for f in FORMATS):
        FORMATS.append(_from_module(module))


def choose(lines: list[str], suffix: str) -> tuple[Format | None, float]:
    """The most confident format for these lines, and its confidence (None below the bar)."""
    head = lines[:SNIFF_LINES]
    best, score = None, 0.0
    for fmt in FORMATS:
        confidence = float(fmt.sniff(head, suffix))
        if suffix in fmt.suffixes and confidence > 0:
            confidence += 0.05
        if confidence > score:
            best, score = fmt, confidence
    return (best, score) if score >= MIN_CONFIDENCE else (None, score)


def describe(line: str, limit: int = 50) -> str:
    """A short quote of a line for a message."""
    text = " ".join(line.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def unknown_warning(lines: list[str], source: str) -> ParseWarning:
    """The one warning for a file no format claims, naming its first line of content."""
    number, first = next(((i, line) for i, line in enumerate(lines, 1) if line.strip()), (1, ""))
    return ParseWarning(
        source, number,
        f"not a listing reader knows: line {number} looks like “{describe(first)}”; expected an arXiv "
        "listing or search page, an arXiv e-mail digest, BibTeX, RIS, CSL-JSON, arXiv metadata "
        "JSON lines or a trending page (see the README's listing formats); the file was skipped",
    )


# What is never a paper's title: a field label, a BibTeX line, a page header.
_FIELD_LABEL = re.compile(
    r"^\s*(?:title|authors?|comments?|subjects?|journal-ref|doi|report-no|categories|abstract|date|"
    r"from|submitted|msc-class|acm-class|license|url|keywords?|ty|au|ti|t1|er)\s*[:=-]",
    re.IGNORECASE,
)
_BIBTEX_LINE = re.compile(r"^\s*(?:@\w+\s*[{(]|\w[\w-]*\s*=\s*[{\"\d]|[{}],?\s*$)")


# arXiv's section headings and counts ("New submissions (showing 42 of 42 entries)").
_ARXIV_HEADING = re.compile(
    r"^(?:(?:new|cross|replacement) submissions|cross-lists|replacements|showing new listings|"
    r"showing \d[\d,]* *[–-] *\d[\d,]* of|total of \d+ entries)\b", re.IGNORECASE)


def junk_title(title: str) -> bool:
    """Whether a title is really a field label, a BibTeX line or a page header."""
    return bool(_FIELD_LABEL.match(title) or _BIBTEX_LINE.match(title) or _ARXIV_HEADING.match(title)
                or trending.is_page_header(title))


def drop_junk(listings: list[Listing], source: str) -> tuple[list[Listing], list[ParseWarning]]:
    """Keep the listings with a real title; one warning for each that has none."""
    kept, warnings = [], []
    for listing in listings:
        if junk_title(listing.title):
            warnings.append(ParseWarning(
                source, listing.line, f"“{describe(listing.title)}” is not a title; this record was skipped",
            ))
        else:
            kept.append(listing)
    return kept, warnings


def parse_lines(lines: list[str], source: str, suffix: str, reference: date):
    """(format name, listings, warnings) for the lines of one file."""
    fmt, _ = choose(lines, suffix)
    if fmt is None:
        return "unknown", [], [unknown_warning(lines, source)]
    listings, warnings = fmt.parse(lines, source, reference)
    kept, dropped = drop_junk(list(listings), source)
    name = fmt.name
    if name == "trending":  # the two trending layouts keep their own names
        name = trending.layout(lines)
    return name, kept, list(warnings) + dropped


# Bibliography files and the arXiv metadata snapshot.
from reader.ingest import arxiv_snapshot, bibtex, csljson, ris  # noqa: E402 - after the registry they join

register(bibtex)
register(ris)
register(csljson)
register(arxiv_snapshot)

# arXiv's own listing pages, search results and e-mail digest.
from reader.ingest import arxiv_digest, arxiv_listing, arxiv_search  # noqa: E402 - after the registry they join

register(arxiv_listing)
register(arxiv_search)
register(arxiv_digest)
