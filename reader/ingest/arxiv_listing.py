"""arXiv listing pages (`/list/<cat>/new`, `/list/<cat>/recent`) copied as text from a browser.

An entry is `[1] arXiv:2502.09992 [pdf, html, other]` (or `… (cross-list from cs.LG) …`,
`… (replaced) …`), the title (after `Title:` or alone), the authors (after `Authors:` or
alone), optional `Comments:`, `Journal-ref:`, `DOI:`, `Report-no:` lines, `Subjects:`, and on
new pages the abstract. Section and day headings between entries give the kind and the date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from reader.ingest import identifiers
from reader.ingest.arxiv_fields import (
    abs_url, day_of, is_junk_title, one_per_id, split_authors, split_label, squeeze, subject_codes, year_of_id,
)
from reader.ingest.trending import is_sure_abstract
from reader.models import Listing, ParseWarning

NAME = "arxiv-listing"
SUFFIXES = (".txt",)

_ENTRY_START = re.compile(r"^(?:\[\d+\]\s*)?arXiv:", re.IGNORECASE)
# What is left of an entry's first line cut short: `[`, `[12`, `[12] arX`.
_CUT_START = re.compile(r"^\[(?:\d+(?:\](?:\s*a(?:r(?:x(?:iv?)?)?)?)?)?)?$", re.IGNORECASE)
_ENTRY = re.compile(
    r"^(?:\[\d+\]\s*)?arXiv:\s*(?P<id>\S+?)(?P<rest>(?:\s*(?:\([^()]*\)|\[[^\[\]]*\]))*)\s*$", re.IGNORECASE
)
_SECTION = re.compile(r"^(New submissions|Cross submissions|Cross-lists|Replacement submissions|Replacements)\b")
_DAY = re.compile(r"^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,\s+\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{2,4}\b(?:\s*\(.*\))?$")
_SHOWING = re.compile(r"^Showing new listings for\b", re.IGNORECASE)
_CHROME = re.compile(
    r"^(?:Total of \d[\d,]* entries|Showing up to \d+ entries per page|Authors and titles for\b|"
    r"Titles? and authors for\b|We gratefully acknowledge support from\b|Which authors of this paper\b|"
    r"Disable MathJax|Subscribe to arXiv mailings|Get status notifications via|Click here to\b|"
    r"Skip to main content|Help \| Advanced Search|Go to (?:next|previous|page)\b)",
    re.IGNORECASE,
)
# A search result's date line, mixed into a listing page: no part of any entry.
_SEARCH_DATE = re.compile(r"^Submitted \d{1,2} [A-Za-z]+,? \d{4}\b")
_CHROME_LINES = frozenset({
    "about", "help", "contact", "subscribe", "copyright", "privacy policy", "web accessibility assistance",
    "arxiv operational status", "contact arxiv", "donate", "login", "search", "advanced search", "all fields",
    "go", "fewer | more | all", "(what is mathjax?)", "▽ more", "△ less", "previous", "next", "previous next",
})
# Labels that come after the title and authors; the abstract follows them.
_META = frozenset({"comments", "journal", "doi", "report", "subjects", "categories", "msc", "acm", "license"})
_CUES = frozenset({"title", "subjects"})  # labels that show an entry lost its arXiv line


def is_chrome(text: str) -> bool:
    """A line of the page around the entries: counts, paging, navigation, footer."""
    return text.lower() in _CHROME_LINES or bool(_CHROME.match(text))


def entry_match(text: str) -> re.Match | None:
    """The match of an entry's `arXiv:` line whose id is a real id, else None."""
    found = _ENTRY.match(text)
    if found and identifiers.arxiv_id("arXiv:" + found.group("id"), bare=False) == _bare(found.group("id")):
        return found
    return None


def _bare(found: str) -> str:
    return re.sub(r"v\d+$", "", found)


def sniff(lines: list[str], suffix: str = "") -> float:
    """Sure when `[n] arXiv:` entry lines come with `Subjects:` lines or the page's headings."""
    entries = numbered = subjects = headings = foreign = 0
    for line in lines:
        text = line.strip()
        if not text:
            continue
        if _ENTRY_START.match(text):
            found = entry_match(text)
            if found and (text.startswith("[") or "[" in found.group("rest") or "(" in found.group("rest")):
                entries += 1
                numbered += text.startswith("[")
            elif re.search(r"\]\s+[a-z-]+\.[A-Za-z]", text):
                foreign += 1  # `[pdf, other]  cs.LG cs.AI`: a search result
        elif text.startswith("Subjects:"):
            subjects += 1
        elif _SECTION.match(text) or _SHOWING.match(text) or _DAY.match(text) or text.startswith("Authors and titles"):
            headings += 1
        elif text == "\\\\" or text.startswith(("Submitted ", "Abstract:", "Categories:")):
            foreign += 1
    if foreign > entries:  # digest separators, search results' dates and abstracts
        return 0.0
    if entries and (subjects or numbered or headings):
        return 0.95
    if subjects and headings:
        return 0.85
    return 0.4 if entries else 0.0


@dataclass
class _Entry:
    line: int
    match: re.Match | None  # None when the arXiv line is damaged
    section: str
    day: date | None
    body: list[tuple[int, str]] = field(default_factory=list)


def parse(lines: list[str], source: str, reference: date) -> tuple[list[Listing], list[ParseWarning]]:
    """Every entry of the page, one record per arXiv id; broken entries become warnings."""
    listings: list[Listing] = []
    warnings: list[ParseWarning] = []
    section, day = "new", None
    entry: _Entry | None = None
    outside_warned = False  # one warning per run of entry text outside any entry

    def finish() -> None:
        nonlocal entry
        if entry is not None:
            record, problems = _record(entry, source)
            warnings.extend(problems)
            if record is not None:
                listings.append(record)
        entry = None

    for number, raw in enumerate(lines, 1):
        text = raw.strip()
        if _ENTRY_START.match(text) or _CUT_START.match(text):
            finish()
            entry, outside_warned = _Entry(number, entry_match(text), section, day), False
        elif _SECTION.match(text):
            finish()
            heading = _SECTION.match(text).group(1).lower()
            section = "cross" if heading.startswith("cross") else "replaced" if heading.startswith("repl") else "new"
            day = day_of(text) or day
        elif _SHOWING.match(text) or (_DAY.match(text) and len(text) < 80):
            finish()
            day = day_of(text)
        elif is_chrome(text) or _SEARCH_DATE.match(text):
            finish()
        elif entry is not None:
            entry.body.append((number, text))
        elif text and not outside_warned and split_label(text)[0] in _CUES:
            outside_warned = True
            warnings.append(ParseWarning(
                source, number, "this entry has no `arXiv:` line above it; it was skipped (copy the page again)"
            ))
        elif not text:
            outside_warned = False
    finish()
    return one_per_id(listings), warnings


def _kind(text: str) -> str:
    if not text:
        return "blank"
    label, _ = split_label(text)
    return label if label in _META or label in ("title", "authors") else "text"


def _cut(body: list[tuple[int, str]], kinds: list[str]) -> int:
    """Where a second entry that lost its arXiv line begins in this entry's body (len(body) if none)."""
    seen: set[str] = set()
    meta = ended = False
    for i, kind in enumerate(kinds):
        if kind == "blank":
            continue
        if kind == "text":
            ended = ended or meta
            continue
        if kind in seen or ended or (meta and kind in ("title", "authors")):
            # Its unlabelled title and authors lines stand just above its first label.
            back = {"title": 0, "authors": 1}.get(kind, 2)
            while back and i > 0 and kinds[i - 1] == "text" and not is_sure_abstract(body[i - 1][1]):
                i, back = i - 1, back - 1
            return i
        seen.add(kind)
        meta = meta or kind in _META
    return len(body)


def _record(entry: _Entry, source: str) -> tuple[Listing | None, list[ParseWarning]]:
    """One entry's record, or None and a warning saying why it was skipped."""
    body = entry.body
    kinds = [_kind(text) for _, text in body]
    cut = _cut(body, kinds)
    problems = []
    if cut < len(body):
        problems.append(ParseWarning(
            source, body[cut][0], "these lines look like an entry whose `arXiv:` line is missing; they were skipped",
        ))
    if entry.match is None:
        return None, problems + [ParseWarning(
            source, entry.line, "this `arXiv:` line has no valid arXiv id; the entry was skipped (copy the page again)"
        )]
    arxiv = _bare(identifiers.arxiv_id("arXiv:" + entry.match.group("id")) or "")
    parts = _parts(body[:cut], kinds[:cut])
    if not parts["title"]:
        return None, problems + [ParseWarning(
            source, entry.line, f"arXiv:{arxiv} has no title; the entry was skipped (copy the page again)"
        )]
    title = squeeze(parts["title"])
    if is_junk_title(title):
        return None, problems + [ParseWarning(
            source, entry.line, f"arXiv:{arxiv} has no title, only “{title[:40]}”; the entry was skipped"
        )]
    authors, truncated = split_authors(parts["authors"])
    if not authors:
        problems.append(ParseWarning(source, entry.line, f"arXiv:{arxiv} (“{title[:40]}”) lists no authors"))
    rest = entry.match.group("rest").lower()
    replaced = "(replaced" in rest or (entry.section == "replaced" and "cross-list" not in rest)
    published = None if replaced else entry.day
    codes = subject_codes(parts.get("subjects", ""))
    return Listing(
        title=title,
        authors=authors,
        authors_truncated=truncated,
        category=codes[0] if codes else None,
        published=published,
        abstract=parts["abstract"],
        source=source,
        line=entry.line,
        arxiv=arxiv,
        doi=identifiers.doi(parts.get("doi")),
        url=abs_url(arxiv),
        year=None if published else year_of_id(arxiv),
        journal=squeeze(parts.get("journal", "")) or None,
    ), problems


def _parts(body: list[tuple[int, str]], kinds: list[str]) -> dict[str, str]:
    """Title, authors, metadata fields and abstract of one entry's lines (no second entry among them)."""
    labelled: dict[str, tuple[int, str]] = {}
    head: list[tuple[int, str]] = []  # unlabelled lines before the metadata: title, authors
    paragraphs: list[list[str]] = []
    stage = "head"  # then "meta" (after the first metadata label), then "abstract"
    head_closed = False  # a blank line after the title block, or an abstract-like line
    for index, ((_, text), kind) in enumerate(zip(body, kinds)):
        if kind == "blank":
            if stage == "abstract" and paragraphs and paragraphs[-1]:
                paragraphs.append([])
            head_closed = head_closed or bool(head or labelled)
            continue
        if kind in ("title", "authors"):
            labelled[kind] = (index, split_label(text)[1])
            continue
        if kind in _META:
            labelled[kind] = (index, split_label(text)[1])
            stage = "meta" if stage == "head" else stage
            continue
        if stage == "head" and head and text == head[-1][1]:
            continue  # the same line twice (a copy made twice) is no author list
        room = 0 if "authors" in labelled else 2 - ("title" in labelled) - len(head)
        if stage == "head" and room > 0 and not head_closed and not is_sure_abstract(text):
            head.append((index, text))
            continue
        stage = "abstract"
        if not paragraphs:
            paragraphs.append([])
        paragraphs[-1].append(text)
    parts = {key: value for key, (_, value) in labelled.items()}
    title, authors = _title_and_authors(labelled, head)
    parts["title"], parts["authors"] = title, authors
    parts["abstract"] = "\n\n".join(" ".join(p) for p in paragraphs if p)
    return parts


def _title_and_authors(labelled: dict[str, tuple[int, str]], head: list[tuple[int, str]]) -> tuple[str, str]:
    title_label, authors_label = labelled.get("title"), labelled.get("authors")
    lines = [text for _, text in head]
    if title_label and authors_label:
        between = [text for index, text in head if title_label[0] < index < authors_label[0]]
        return " ".join([title_label[1], *between]), authors_label[1]
    if title_label:
        return title_label[1], " ".join(lines)
    if authors_label:
        return " ".join(text for index, text in head if index < authors_label[0]), authors_label[1]
    if len(lines) >= 2:
        return lines[0], lines[1]
    if lines and _reads_as_names(lines[0]):
        return "", lines[0]  # the title line is the one that is missing
    return (lines[0], "") if lines else ("", "")


def _reads_as_names(line: str) -> bool:
    """Several comma-separated parts, each of a few capitalised words: an author list."""
    parts = [p.strip() for p in re.split(r",|\band\b", line) if p.strip()]
    return len(parts) >= 2 and all(
        len(p.split()) <= 5 and all(w[:1].isupper() or w.lower() in {"van", "der", "de", "von", "den", "la", "di"}
                                    for w in p.split())
        for p in parts
    )
