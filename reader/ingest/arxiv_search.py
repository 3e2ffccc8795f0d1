"""arXiv search results (arxiv.org/search) copied as text from a browser.

A result is `arXiv:2101.03961  [pdf, other]  cs.LG cs.AI`, the title, `Authors: …`
(perhaps ending `et al. (16 additional authors not shown)`), `Abstract: … ▽ More` and/or the
full abstract ending `△ Less`, `Submitted 11 January, 2021; v1 submitted …`, then optional
`Comments:`, `Journal ref:`, `Report number:` lines. The search form, paging and footer
around the results are skipped.
"""

from __future__ import annotations

import re
from datetime import date

from reader.ingest import identifiers
from reader.ingest.arxiv_fields import (
    abs_url, code_list, day_of, is_junk_title, is_truncation_note, one_per_id, split_authors, split_label, squeeze,
    year_of_id,
)
from reader.ingest.arxiv_listing import is_chrome
from reader.models import Listing, ParseWarning

NAME = "arxiv-search"
SUFFIXES = (".txt",)

_RESULT = re.compile(
    r"^(?:\d+\.\s*)?arXiv:\s*(?P<id>\S+?)(?:\s+(?P<links>\[[^\[\]]*\]))?(?P<rest>(?:\s+\S+)*)\s*$", re.IGNORECASE
)
_RESULT_START = re.compile(r"^(?:\d+\.\s*)?arXiv:", re.IGNORECASE)
_SUBMITTED = re.compile(r"^Submitted\s+\d{1,2}\s+[A-Za-z]+", re.IGNORECASE)
_HEADER = re.compile(r"^Showing\s+[\d,]+\s*[–—-]\s*[\d,]+\s+of\s+[\d,]+\s+results\b", re.IGNORECASE)
_DOI_TAG = re.compile(r"^doi\s*(?P<doi>10\.\S+)?$", re.IGNORECASE)
_LINKS = re.compile(r"^\[[^\[\]]*\]\s*(.*)$")
_PAGING = re.compile(r"^(?:previous|next|previous\s+next|…|\.\.\.|[\d\s…]+)$", re.IGNORECASE)
_FIELDS = frozenset({"authors", "abstract", "comments", "journal", "report", "msc", "acm", "doi"})
_MORE, _LESS = "▽ More", "△ Less"


def _result(text: str) -> tuple[str, list[str]] | None:
    """(arXiv id, subject codes) of a result's first line, or None."""
    found = _RESULT.match(text)
    if not found:
        return None
    arxiv = identifiers.arxiv_id("arXiv:" + found.group("id"))
    if not arxiv or re.sub(r"v\d+$", "", found.group("id")) != arxiv:
        return None
    rest = found.group("rest").strip()
    codes = code_list(rest) if rest else []
    if rest and not codes:
        return None
    return arxiv, codes


def sniff(lines: list[str], suffix: str = "") -> float:
    """Sure when results with subject codes come with `Authors:`, `Abstract:` or `Submitted` lines."""
    results = coded = marks = header = foreign = 0
    for line in lines:
        text = line.strip()
        if _RESULT_START.match(text):
            found = _result(text)
            results += found is not None
            coded += bool(found and found[1])
            foreign += text.startswith("[")
        elif _SUBMITTED.match(text) or text.startswith(("Abstract:", "Authors:")) or text.endswith((_MORE, _LESS)):
            marks += 1
        elif _HEADER.match(text):
            header = 1
        elif text == "\\\\" or text.startswith(("Subjects:", "Categories:")):
            foreign += 1
    if foreign * 2 > results + marks or not (results or header):
        return 0.0
    if (coded or header) and marks:
        return 0.95
    return 0.5 if results and marks else 0.0


def parse(lines: list[str], source: str, reference: date) -> tuple[list[Listing], list[ParseWarning]]:
    """Every result on the page, one record per arXiv id; broken results become warnings."""
    listings: list[Listing] = []
    warnings: list[ParseWarning] = []
    start: tuple[int, tuple[str, list[str]] | None] | None = None
    body: list[tuple[int, str]] = []
    outside_warned = False

    def finish() -> None:
        if start is not None:
            record, problems = _record(start[0], start[1], body, source)
            warnings.extend(problems)
            if record is not None:
                listings.append(record)

    for number, raw in enumerate(lines, 1):
        text = raw.strip()
        if _RESULT_START.match(text):
            finish()
            start, body, outside_warned = (number, _result(text)), [], False
        elif start is not None:
            body.append((number, text))
        elif text and not outside_warned and split_label(text)[0] == "authors":
            outside_warned = True
            warnings.append(ParseWarning(
                source, number, "this result has no `arXiv:` line above it; it was skipped (copy the page again)"
            ))
    finish()
    return one_per_id(listings), warnings


def _kind(text: str) -> str:
    if not text:
        return "blank"
    if _SUBMITTED.match(text):
        return "submitted"
    label = split_label(text)[0]
    return label if label in _FIELDS else "text"


def _cut(kinds: list[str], lines: list[str]) -> int:
    """Where a result that lost its `arXiv:` line begins (len(kinds) if none): at the
    unlabelled lines (its title) before a field seen twice."""
    seen: set[str] = set()
    for i, kind in enumerate(kinds):
        if kind in ("blank", "text"):
            continue
        if kind in seen:
            return _title_above(i, kinds, lines)
        seen.add(kind)
    return len(kinds)


def _title_above(i: int, kinds: list[str], lines: list[str]) -> int:
    """The first line of a result's head above its first field: one title line and the
    code and `doi` lines above it."""
    def skip_blanks(i: int) -> int:
        while i > 0 and kinds[i - 1] == "blank":
            i -= 1
        return i

    i = skip_blanks(i)
    if i > 0 and kinds[i - 1] == "text":
        i = skip_blanks(i - 1)
    while i > 0 and kinds[i - 1] == "text" and (code_list(lines[i - 1]) or _DOI_TAG.match(lines[i - 1])):
        i = skip_blanks(i - 1)
    return i


def _record(line: int, head, body: list[tuple[int, str]], source: str) -> tuple[Listing | None, list[ParseWarning]]:
    """One result's record, or None and a warning saying why it was skipped."""
    kinds = [_kind(text) for _, text in body]
    cut = _cut(kinds, [text for _, text in body])
    problems = []
    if cut < len(body):
        problems.append(ParseWarning(
            source, body[cut][0], "these lines look like a result whose `arXiv:` line is missing; they were skipped",
        ))
    if head is None:
        return None, problems + [ParseWarning(
            source, line, "this `arXiv:` line has no valid arXiv id; the result was skipped (copy the page again)"
        )]
    arxiv, codes = head
    fields = _fields(body[:cut], kinds[:cut])
    codes = codes or fields["codes"]
    title = squeeze(fields["title"])
    if not title or is_junk_title(title):
        return None, problems + [ParseWarning(
            source, line, f"arXiv:{arxiv} has no title; the result was skipped (copy the page again)"
        )]
    authors, truncated = split_authors(fields.get("authors", ""))
    if not authors:
        problems.append(ParseWarning(source, line, f"arXiv:{arxiv} (“{title[:40]}”) lists no authors"))
    submitted = fields.get("submitted", "")
    first = re.search(r"\bv1 submitted\b(.*)", submitted, re.IGNORECASE)
    published = day_of(first.group(1) if first else submitted)
    return Listing(
        title=title,
        authors=authors,
        authors_truncated=truncated,
        category=codes[0] if codes else None,
        published=published,
        abstract=_abstract(fields.get("abstract", "")),
        source=source,
        line=line,
        arxiv=arxiv,
        doi=identifiers.doi(fields.get("doi")),
        url=abs_url(arxiv),
        year=None if published else year_of_id(arxiv),
        journal=squeeze(fields.get("journal", "")) or None,
    ), problems


def _fields(body: list[tuple[int, str]], kinds: list[str]) -> dict:
    """The title, codes, labelled fields and the `Submitted` line of one result."""
    fields: dict = {"codes": [], "title": ""}
    title: list[str] = []
    current = None  # the field that unlabelled lines continue
    for (_, text), kind in zip(body, kinds):
        if kind == "blank":
            continue
        if kind == "submitted":
            fields["submitted"], current = text, "after"
            continue
        if kind != "text":
            fields[kind], current = split_label(text)[1], kind
            continue
        doi_tag = _DOI_TAG.match(text)
        links = _LINKS.match(text)
        if current is None and not title and links:  # `[pdf, ps, other]  hep-th` under the id
            fields["codes"] = fields["codes"] or code_list(links.group(1))
            continue
        if current is None and (code_list(text) or doi_tag):
            if doi_tag:
                fields["doi"] = doi_tag.group("doi") or ""
                current = "doi" if not doi_tag.group("doi") else None
            else:
                fields["codes"] = fields["codes"] or code_list(text)
            continue
        if current == "doi" and not fields.get("doi"):
            fields["doi"], current = text, None
        elif current is None:
            if not (is_chrome(text) or _PAGING.match(text) or is_junk_title(text)):
                title.append(text)
        elif current == "authors" and (is_truncation_note(text) or fields["authors"].endswith(",")):
            fields["authors"] += " " + text
        elif current == "abstract" and not (is_chrome(text) or _PAGING.match(text)):
            fields["abstract"] += " " + text
        else:
            current = "after"  # what follows the fields is the page around the results
    # The title is the one line above `Authors:`; with no authors line, the only line there is.
    fields["title"] = title[-1] if title and "authors" in fields else title[0] if len(title) == 1 else ""
    return fields


def _abstract(text: str) -> str:
    """The full abstract from `short… ▽ More full △ Less`, without the markers."""
    text = squeeze(text)
    if _LESS in text:
        text = text[: text.rfind(_LESS)]
        if _MORE in text:
            text = text[text.rfind(_MORE) + len(_MORE):]
    elif _MORE in text:
        text = text[: text.find(_MORE)].rstrip().removesuffix("…").removesuffix("...")
    return text.strip()
