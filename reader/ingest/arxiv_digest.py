"""The arXiv e-mail digest (`cs daily Subj-class mailing`), as saved from a mail client.

Each paper sits between `\\\\` lines: `arXiv:2502.09992`, `Date: … GMT (42kb)` (or
`replaced with revised version …`), `Title:` and `Authors:` continued on indented lines,
`Categories: cs.CL cs.LG`, optional `Comments:`, `Journal-ref:`, `DOI:`, then `\\\\`, the
abstract over several lines, and `\\\\ ( https://arxiv.org/abs/2502.09992 ,  42kb)`.
The mail header and the `-----` separators around the papers are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from reader.ingest import identifiers
from reader.ingest.arxiv_fields import (
    abs_url, code_list, day_of, is_junk_title, one_per_id, split_authors, split_label, squeeze, year_of_id,
)
from reader.models import Listing, ParseWarning

NAME = "arxiv-digest"
SUFFIXES = (".txt", ".eml", ".mbox")

_START = re.compile(r"^arXiv:\s*(?P<id>\S+?)(?:\s*\(.*\))?\s*$", re.IGNORECASE)
_CLOSING = re.compile(r"^\\\\\s*\(\s*(?:https?://)?(?:export\.)?arxiv\.org/abs/", re.IGNORECASE)
_SEPARATOR = re.compile(r"^(?:-{20,}|(?:%%-*)+%*)$")
_BACKSLASHES = "\\\\"


def _start_id(text: str) -> str | None:
    """The arXiv id of a paper's first line (`arXiv:2502.09992`, `arXiv:… (*cross-listing*)`)."""
    found = _START.match(text)
    if not found:
        return None
    arxiv = identifiers.arxiv_id("arXiv:" + found.group("id"))
    return arxiv if arxiv and re.sub(r"v\d+$", "", found.group("id")) == arxiv else None


def sniff(lines: list[str], suffix: str = "") -> float:
    """Sure when `arXiv:` lines come with `\\\\` lines and `Categories:` or closing link lines."""
    ids = backslashes = closings = categories = 0
    for line in lines:
        text = line.strip()
        if text == _BACKSLASHES:
            backslashes += 1
        elif _CLOSING.match(text):
            closings += 1
        elif text.startswith("Categories:"):
            categories += 1
        elif _start_id(text):
            ids += 1
    if ids and (backslashes or closings) and (categories or closings):
        return 0.95
    return 0.5 if (backslashes and categories) or (closings and ids) else 0.0


@dataclass
class _Paper:
    line: int
    arxiv: str | None
    fields: dict[str, str] = field(default_factory=dict)
    paragraphs: list[list[str]] = field(default_factory=lambda: [[]])
    replaced: bool = False
    stage: str = "header"  # then "abstract" after the lone `\\`, then "done"
    last: str | None = None  # the field an indented line continues


def parse(lines: list[str], source: str, reference: date) -> tuple[list[Listing], list[ParseWarning]]:
    """Every paper of the digest, one record per arXiv id; broken papers become warnings."""
    listings: list[Listing] = []
    warnings: list[ParseWarning] = []
    paper: _Paper | None = None

    def finish() -> None:
        nonlocal paper
        if paper is not None:
            record, problem = _record(paper, source)
            if record is not None:
                listings.append(record)
            if problem is not None:
                warnings.append(problem)
        paper = None

    for number, raw in enumerate(lines, 1):
        text = raw.strip()
        # A paper begins at its `arXiv:` line; between papers, a damaged one begins one too.
        if (paper is None and text.lower().startswith("arxiv:")) or _start_id(text):
            finish()
            paper = _Paper(number, _start_id(text))
        elif _SEPARATOR.match(text) or _CLOSING.match(text):
            finish()
        elif paper is not None:
            _add(paper, raw, text)
        elif split_label(text)[0] == "title":
            warnings.append(ParseWarning(
                source, number, "this paper has no `arXiv:` line above it; it was skipped (save the mail again)"
            ))
    finish()
    return one_per_id(listings), warnings


def _add(paper: _Paper, raw: str, text: str) -> None:
    """One line of a paper: a header field, its continuation, or the abstract."""
    if text == _BACKSLASHES:
        paper.stage = "abstract" if paper.stage == "header" else "done"
        return
    if paper.stage == "abstract":
        if not text:
            paper.paragraphs.append([])
        else:
            paper.paragraphs[-1].append(text)
        return
    if paper.stage == "done" or not text:
        return
    label, value = split_label(text)
    if label is not None and label not in paper.fields:
        paper.fields[label], paper.last = value, label
    elif text.lower().startswith("replaced with revised version"):
        paper.replaced, paper.last = True, None
    elif raw[:1].isspace() and paper.last is not None:
        paper.fields[paper.last] += " " + text
    elif "title" in paper.fields:
        # The lone `\\` before the abstract is missing: the abstract begins here.
        paper.stage = "abstract"
        paper.paragraphs[-1].append(text)


def _record(paper: _Paper, source: str) -> tuple[Listing | None, ParseWarning | None]:
    """The paper's record, or None and a warning saying why it was skipped."""
    if paper.arxiv is None:
        return None, ParseWarning(
            source, paper.line, "this `arXiv:` line has no valid arXiv id; the paper was skipped (save the mail again)"
        )
    title = squeeze(paper.fields.get("title", ""))
    if not title or is_junk_title(title):
        return None, ParseWarning(
            source, paper.line, f"arXiv:{paper.arxiv} has no title; the paper was skipped (save the mail again)"
        )
    authors, truncated = split_authors(paper.fields.get("authors", ""))
    problem = None
    if not authors:
        problem = ParseWarning(source, paper.line, f"arXiv:{paper.arxiv} (“{title[:40]}”) lists no authors")
    codes = code_list(paper.fields.get("categories", ""))
    published = None if paper.replaced else day_of(paper.fields.get("date", ""))
    return Listing(
        title=title,
        authors=authors,
        authors_truncated=truncated,
        category=codes[0] if codes else None,
        published=published,
        abstract="\n\n".join(" ".join(p) for p in paper.paragraphs if p),
        source=source,
        line=paper.line,
        arxiv=paper.arxiv,
        doi=identifiers.doi(paper.fields.get("doi")),
        url=abs_url(paper.arxiv),
        year=None if published else year_of_id(paper.arxiv),
        journal=squeeze(paper.fields.get("journal", "")) or None,
    ), problem
