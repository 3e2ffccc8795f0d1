"""The arXiv metadata snapshot (`arxiv-metadata-oai-snapshot.json`): one JSON object per line.

It holds millions of papers, so `iter_records` reads any iterable of lines one at a time
and yields each listing or warning as it goes; `parse` collects them for the registry.
Titles and abstracts keep their LaTeX (the app renders it) with whitespace squashed;
authors come from `authors_parsed` (`[last, first, suffix]`), their TeX accents decoded.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import date
from email.utils import parsedate_to_datetime

from reader.ingest.identifiers import arxiv_id, doi
from reader.ingest.latex import latex_text, squash
from reader.models import Listing, ParseWarning

NAME = "arxiv-snapshot"
SUFFIXES = (".json", ".jsonl")

_SNAPSHOT_KEYS = frozenset({"categories", "authors_parsed", "versions", "submitter"})
_SNIFF_RECORDS = 5
_NEW_ID_YEAR = re.compile(r"^(\d\d)(\d\d)\.\d{4,5}")
_OLD_ID_YEAR = re.compile(r"/(\d\d)\d{5}$")
_ET_AL = frozenset({"et al", "et al.", "others"})
_DECODER = json.JSONDecoder(strict=False)  # raw tabs inside strings are tolerated


def _is_record(data: object) -> bool:
    return isinstance(data, dict) and "id" in data and "title" in data and bool(data.keys() & _SNAPSHOT_KEYS)


def sniff(lines: list[str], suffix: str) -> float:
    """Sure when the first lines of content are JSON objects with an `id`, a `title` and snapshot keys."""
    head = []
    for line in lines:
        if line.strip():
            head.append(line.strip())
            if len(head) == _SNIFF_RECORDS:
                break
    if not head or not head[0].startswith("{"):
        return 0.0
    good = 0
    for line in head:
        try:
            good += _is_record(_DECODER.decode(line))
        except (ValueError, RecursionError):
            pass
    if not good:
        return 0.0
    return 0.95 if good * 5 >= len(head) * 3 else 0.5


def iter_records(lines: Iterable[str], source: str) -> Iterator[Listing | ParseWarning]:
    """A listing or a warning for each line of content, one line at a time (never the whole file)."""
    for number, raw in enumerate(lines, 1):
        line = raw.strip().lstrip("\ufeff")
        if not line:
            continue
        try:
            data = _DECODER.decode(line)
        except (ValueError, RecursionError) as error:
            reason = getattr(error, "msg", "nested too deeply")
            yield ParseWarning(source, number, f"this line is not valid JSON ({reason}); it was skipped")
            continue
        if not isinstance(data, dict):
            yield ParseWarning(source, number, "this line is not a JSON object; it was skipped")
            continue
        yield _listing(data, source, number)


def parse(lines: list[str], source: str, reference: date) -> tuple[list[Listing], list[ParseWarning]]:
    """Every record with a title; a broken line or a record without a title is a warning."""
    listings, warnings = [], []
    for found in iter_records(lines, source):
        (listings if isinstance(found, Listing) else warnings).append(found)
    return listings, warnings


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _authors(data: dict) -> tuple[tuple[str, ...], bool]:
    """`First Last Suffix` from `authors_parsed`, else from the `authors` line split at commas and `and`."""
    parsed = data.get("authors_parsed")
    if isinstance(parsed, list) and parsed:
        people = []
        for person in parsed:
            parts = [_str(p) for p in person[:3]] if isinstance(person, list) else []
            last, first, suffix = (parts + ["", "", ""])[:3]
            people.append(" ".join(p for p in (first, last, suffix) if p.strip()))
    else:
        people = re.split(r",\s*|\s+and\s+", _str(data.get("authors")))
    out, truncated = [], False
    for person in people:
        name = latex_text(person)
        if name.lower() in _ET_AL:
            truncated = True
        elif name:
            out.append(name)
    return tuple(out), truncated


def _first_version(data: dict) -> date | None:
    """The day v1 was submitted (`Mon, 2 Apr 2007 19:18:42 GMT`)."""
    versions = data.get("versions")
    if not isinstance(versions, list):
        return None
    dated = [v for v in versions if isinstance(v, dict) and _str(v.get("created"))]
    first = next((v for v in dated if v.get("version") == "v1"), dated[0] if dated else None)
    if first is None:
        return None
    try:
        return parsedate_to_datetime(first["created"]).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _id_year(identifier: str) -> int | None:
    """The year an arXiv id was issued in (2101.03961 → 2021, hep-th/9711200 → 1997)."""
    found = _NEW_ID_YEAR.match(identifier) or _OLD_ID_YEAR.search(identifier)
    if not found:
        return None
    year = int(found.group(1))
    return 1900 + year if year >= 91 else 2000 + year


def _listing(data: dict, source: str, line: int) -> Listing | ParseWarning:
    title = squash(_str(data.get("title")))
    if not title:
        return ParseWarning(source, line, "this record has no title; it was skipped")
    identifier = arxiv_id(_str(data.get("id")), bare=True)
    authors, truncated = _authors(data)
    published = _first_version(data)
    categories = squash(_str(data.get("categories"))).split()
    return Listing(
        title=title,
        authors=authors,
        authors_truncated=truncated,
        category=categories[0] if categories else None,
        published=published,
        abstract=squash(_str(data.get("abstract"))),
        source=source,
        line=line,
        arxiv=identifier,
        doi=doi(squash(_str(data.get("doi")))),
        year=None if published or not identifier else _id_year(identifier),
        journal=squash(_str(data.get("journal-ref"))) or None,
    )
