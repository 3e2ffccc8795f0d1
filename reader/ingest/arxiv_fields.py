"""What arXiv's own pages and digests share: field labels, author lists, subject codes,
dates, the year an id was issued, and one record per arXiv id."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from reader.ingest.dates import MONTHS
from reader.models import Listing

# `Title: …`, `Journal-ref: …`, `Journal ref: …`, `Date (revised v2): …`: the key, then the value.
_LABELS = {
    "title": "title", "authors": "authors", "author": "authors", "comments": "comments",
    "journal-ref": "journal", "journal ref": "journal", "doi": "doi", "report-no": "report",
    "report number": "report", "subjects": "subjects", "categories": "categories",
    "msc-class": "msc", "msc class": "msc", "acm-class": "acm", "acm class": "acm",
    "license": "license", "abstract": "abstract", "date": "date",
}
_LABEL = re.compile(
    r"^\s*(" + "|".join(sorted((re.escape(k) for k in _LABELS), key=len, reverse=True))
    + r")(?:\s*\([^)]*\))?\s*:(?:\s+|$)(.*)$",
    re.IGNORECASE,
)


def split_label(line: str) -> tuple[str | None, str]:
    """(`title`, `Mixtral of Experts`) for `Title: Mixtral of Experts`; (None, line) for text."""
    found = _LABEL.match(line)
    if not found:
        return None, line
    return _LABELS[found.group(1).lower()], found.group(2).strip()


def squeeze(text: str) -> str:
    """Runs of white space as one space, no space at either end."""
    return " ".join(text.split())


# `et al. (16 additional authors not shown)`, with or without `et al.`, or a bare `et al.`.
_TRUNCATED = re.compile(
    r"(?:[,;]?\s*\bet\.?\s*al\.?)?\s*\(\s*\d[\d,]*\s+additional\s+authors?\s+not\s+shown\s*\)\s*$"
    r"|[,;]?\s*\bet\.?\s*al\.?\s*$",
    re.IGNORECASE,
)
_TAIL = 80  # longer than `, et al. (1,234 additional authors not shown)`
_PARENTHESIS = re.compile(r"\s*\([^()]*\)")
_AND = re.compile(r"\s+(?:and|&)\s+", re.IGNORECASE)


def is_truncation_note(line: str) -> bool:
    """A line that is only `et al. (16 additional authors not shown)`."""
    found = _TRUNCATED.search(line)
    return bool(found) and not line[: found.start()].strip(" ,;")


def split_authors(text: str) -> tuple[tuple[str, ...], bool]:
    """Display names from `A, B and C` (affiliations in brackets dropped), and whether the
    list ends in `et al.` or `(N additional authors not shown)`."""
    text = squeeze(text)
    # The marker ends the list: look for it in the tail only (a long list costs no more).
    head, tail = text[:-_TAIL], text[-_TAIL:]
    tail, truncated = _TRUNCATED.subn("", tail)
    text = head + tail
    while "(" in text:  # nested affiliations: `A (1), B (2) ((1) MIT, (2) ETH)`
        text, count = _PARENTHESIS.subn("", text)
        if not count:
            break
    names = []
    for part in re.split(r"[,;]", text):
        for name in _AND.split(" " + part.strip() + " "):
            name = name.strip(" ,;:")
            if name and name.lower() not in {"and", "&"}:
                names.append(name)
    return tuple(names), bool(truncated)


# A subject class: cs.CL, stat.ML, hep-th, cond-mat.stat-mech, astro-ph.GA, q-bio.QM, math-ph.
CODE = r"[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]+(?:-[a-z]+)?)?"
_IN_BRACKETS = re.compile(rf"\(({CODE})\)")
_CODE_LINE = re.compile(rf"^\s*{CODE}(?:\s+{CODE})*\s*$")
_DOTLESS = frozenset(
    "hep-th hep-ph hep-ex hep-lat gr-qc quant-ph math-ph nucl-th nucl-ex cond-mat astro-ph "
    "nlin chao-dyn solv-int patt-sol adap-org cmp-lg".split()
)


def subject_codes(subjects: str) -> list[str]:
    """The codes of `Computation and Language (cs.CL); Machine Learning (cs.LG)`, in order."""
    return _IN_BRACKETS.findall(subjects)


def code_list(line: str) -> list[str]:
    """The codes of a line that is only codes (`cs.LG cs.AI stat.ML`); [] for any other line."""
    if not _CODE_LINE.match(line):
        return []
    codes = line.split()
    return codes if all("." in c or c in _DOTLESS for c in codes) else []


# `Monday, 3 February 2025`, `Fri, 31 Jan 2025`, `11 January, 2021`, `Mon, 3 Feb 25`.
_DATE = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4}|\d{2})\b")


def day_of(text: str) -> date | None:
    """The first `day month year` date in `text`, or None (also for 30 February)."""
    for found in _DATE.finditer(text):
        month = MONTHS.get(found.group(2).lower())
        if month is None:
            continue
        year = int(found.group(3))
        if year < 100:  # `Tue, 24 Feb 98`: arXiv began in 1991
            year += 1900 if year >= 91 else 2000
        try:
            return date(year, month, int(found.group(1)))
        except ValueError:
            return None
    return None


def year_of_id(arxiv: str) -> int | None:
    """The year an arXiv id was issued: 2502.09992 → 2025, hep-th/9901001 → 1999."""
    found = re.match(r"^(\d{2})\d{2}\.\d{4,5}$", arxiv) or re.match(r"^[^/]+/(\d{2})\d{5}$", arxiv)
    if not found:
        return None
    yy = int(found.group(1))
    return 1900 + yy if yy >= 91 else 2000 + yy


def abs_url(arxiv: str) -> str:
    """The abstract page of an arXiv id."""
    return f"https://arxiv.org/abs/{arxiv}"


def is_junk_title(title: str) -> bool:
    """A title that is really an `arXiv:` line, a field label, or a separator (no letter nor digit)."""
    text = title.strip()
    return not any(c.isalnum() for c in text) or bool(re.match(r"^(?:\[\d+\]\s*)?arxiv:", text, re.IGNORECASE)) or (
        split_label(text)[0] is not None
    ) or text.startswith(("\\\\", "---"))


def one_per_id(listings: list[Listing]) -> list[Listing]:
    """One record per arXiv id (a replacement entry is the same paper as the new one):
    the first keeps its place and takes the fields only a later one knows."""
    first: dict[str, int] = {}
    out: list[Listing] = []
    for listing in listings:
        index = first.get(listing.arxiv) if listing.arxiv else None
        if index is None:
            if listing.arxiv:
                first[listing.arxiv] = len(out)
            out.append(listing)
            continue
        kept = out[index]
        fills = {
            name: getattr(listing, name)
            for name in ("abstract", "doi", "journal", "category", "published")
            if not getattr(kept, name) and getattr(listing, name)
        }
        if not kept.authors and listing.authors:
            fills.update(authors=listing.authors, authors_truncated=listing.authors_truncated)
        if fills.get("published"):
            fills["year"] = None
        out[index] = replace(kept, **fills)
    return out
