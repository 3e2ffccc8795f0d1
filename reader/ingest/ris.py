"""RIS files (`.ris`): `TY  -` … `ER  -` records, each read by rispy.

The records are found here, line by line, so that each listing and warning names its
line and a broken record costs only itself; rispy reads the tags of each one.
"""

from __future__ import annotations

import re
from datetime import date

from reader.ingest.identifiers import arxiv_from, arxiv_id, doi, url
from reader.ingest.latex import squash
from reader.models import Listing, ParseWarning

NAME = "ris"
SUFFIXES = (".ris",)

_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: |$)")
_DATE = re.compile(r"^\s*(\d{4})(?:[/-](\d{1,2})(?:[/-](\d{1,2}))?)?")
_BOOK_PARTS = frozenset({"CONF", "CPAPER", "CHAP", "CHAPTER"})
_ET_AL = frozenset({"et al", "et al.", "others"})
# What `reader export --format ris` notes on a list it only knows the start of.
_TRUNCATED_NOTE = "et al."


def sniff(lines: list[str], suffix: str) -> float:
    """Sure when most lines are `XY  - value` tags and a `TY` opens a record."""
    content = [line for line in lines if line.strip()]
    if not content:
        return 0.0
    tags = [m.group(1) for m in map(_TAG.match, content) if m]
    if "TY" not in tags:
        return 0.0
    ratio = len(tags) / len(content)
    return 0.95 if ratio >= 0.5 else 0.5 if ratio >= 0.2 else 0.0


def records(lines: list[str]):
    """(first line number, lines, closed) of each `TY` … `ER` record, and the numbers of stray lines."""
    found, stray, current, start = [], [], None, 0
    for number, line in enumerate(lines, 1):
        tag = _TAG.match(line)
        if tag and tag.group(1) == "TY":
            if current is not None:
                found.append((start, current, False))
            current, start = [line], number
        elif current is None:
            if line.strip():
                stray.append(number)
        elif tag and tag.group(1) == "ER":
            current.append(line)
            found.append((start, current, True))
            current = None
        else:
            current.append(line)
    if current is not None:
        found.append((start, current, False))
    return found, stray


def parse(lines: list[str], source: str, reference: date) -> tuple[list[Listing], list[ParseWarning]]:
    """Every record with a title; a record without one, an unclosed record or text outside records is a warning."""
    import rispy

    found, stray = records(lines)
    listings, warnings = [], []
    if stray:
        more = f" (and {len(stray) - 1} more)" if len(stray) > 1 else ""
        warnings.append(ParseWarning(
            source, stray[0], f"this line is outside any `TY  -` … `ER  -` record{more}; it was ignored",
        ))
    parser = rispy.RisParser(enforce_list_tags=True)
    for start, chunk, closed in found:
        try:
            [record] = parser.parse_lines(iter(chunk if closed else [*chunk, "ER  -"]))
        except Exception:  # noqa: BLE001 - rispy could not read it: report the record, keep the rest
            warnings.append(ParseWarning(source, start, "rispy could not read this record; it was skipped"))
            continue
        found_listing = _listing(record, source, start)
        if isinstance(found_listing, Listing):
            listings.append(found_listing)
            if not closed:
                warnings.append(ParseWarning(
                    source, start,
                    f"no `ER  -` closes the record that starts here; it was read up to line {start + len(chunk) - 1}",
                ))
        else:
            warnings.append(found_listing)
    return listings, warnings


def _text(record: dict, *keys: str) -> str:
    """The first of these fields that has text (a list is joined with spaces)."""
    for key in keys:
        value = record.get(key)
        if isinstance(value, list):
            value = " ".join(str(v) for v in value)
        value = squash(str(value)) if value else ""
        if value:
            return value
    return ""


def _names(record: dict) -> tuple[tuple[str, ...], bool]:
    """`Last, First[, Suffix]` names as `First Last Suffix`; `et al.` marks a cut list."""
    out, truncated = [], False
    for raw in [*record.get("authors", []), *record.get("first_authors", [])]:
        name = squash(raw)
        if name.lower() in _ET_AL:
            truncated = True
        elif name:
            parts = [squash(p) for p in name.split(",")]
            family, given, suffix = (parts + ["", ""])[:3]
            out.append(" ".join(p for p in (given, family, suffix) if p))
    notes = record.get("notes", [])
    if any(squash(str(note)).lower().startswith(_TRUNCATED_NOTE) for note in notes):
        truncated = True
    return tuple(out), truncated


def _when(record: dict) -> tuple[date | None, int | None]:
    """`DA` or `Y1` (`2021/01/11/`) gives the day when it has one; `PY` the year."""
    year = None
    for key in ("date", "publication_year", "year"):
        found = _DATE.match(_text(record, key))
        if not found:
            continue
        y, m, d = found.groups()
        if m and d:
            try:
                return date(int(y), int(m), int(d)), None
            except ValueError:
                pass
        year = year or int(y)
    return None, year


def _listing(record: dict, source: str, line: int) -> Listing | ParseWarning:
    title = _text(record, "title", "primary_title")
    if not title:
        return ParseWarning(source, line, "this record has no `TI` or `T1` title; it was skipped")
    authors, truncated = _names(record)
    published, year = _when(record)
    doi_text = _text(record, "doi")
    urls = [squash(u) for u in record.get("urls", []) if squash(u)]
    kind = _text(record, "type_of_reference").upper()
    container = _text(record, "secondary_title")
    journal = _text(record, "journal_name", "alternate_title3", "alternate_title1", "alternate_title2")
    in_book = kind in _BOOK_PARTS
    notes = " ".join(str(n) for n in record.get("notes", []))
    return Listing(
        title=title,
        authors=authors,
        authors_truncated=truncated,
        published=published,
        abstract=_text(record, "abstract", "notes_abstract"),
        source=source,
        line=line,
        arxiv=arxiv_from(doi_text=doi_text, url_text=" ".join(urls), other=journal) or arxiv_id(notes),
        doi=doi(doi_text),
        url=url(urls[0]) if urls else None,
        year=None if published else year,
        journal=(journal or (container if not in_book else "")) or None,
        booktitle=(container if in_book else "") or None,
    )
