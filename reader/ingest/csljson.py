"""CSL-JSON files (`.json`): an array of items, as Zotero and `reader export --format csljson` write.

The array is read one item at a time with the standard decoder, so each listing and
warning names the line its item starts on, and broken JSON costs only what follows it.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from datetime import date

from reader.ingest.identifiers import arxiv_from, arxiv_id, doi, url
from reader.ingest.latex import squash
from reader.models import Listing, ParseWarning

NAME = "csljson"
SUFFIXES = (".json", ".csljson")

# Keys that only a bibliography item has (a `title` alone could be any JSON).
_CSL_KEYS = frozenset({"author", "issued", "container-title", "DOI", "URL", "editor", "citation-key", "ISSN", "ISBN"})
_KEY = re.compile(r'"([A-Za-z][\w-]*)"\s*:')
# CSL rich text: the HTML-like tags a title may hold (`<i>AlphaFold</i>`, `<span class="nocase">`).
_RICH_TAG = re.compile(r"</?(?:i|b|sup|sub|sc)>|<span(?:\s+(?:class|style)=\"[^\"]*\")*\s*>|</span>", re.IGNORECASE)
_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_BOOK_PARTS = frozenset({"paper-conference", "chapter", "entry-encyclopedia", "entry-dictionary"})
_ET_AL = frozenset({"et al", "et al.", "others"})


def _is_item(item: object) -> bool:
    return isinstance(item, dict) and "title" in item and bool(item.keys() & _CSL_KEYS)


def sniff(lines: list[str], suffix: str) -> float:
    """Sure when the text is a JSON array of items with a title and bibliography keys."""
    text = "\n".join(lines).strip()
    if not text.startswith("["):
        return 0.0
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # the head of a longer file (or absurdly deep): judge its keys
        keys = set(_KEY.findall(text))
        return 0.8 if "title" in keys and keys & _CSL_KEYS else 0.0
    if not isinstance(data, list) or not data:
        return 0.0
    return 0.95 if sum(map(_is_item, data)) * 2 >= len(data) else 0.0


def parse(lines: list[str], source: str, reference: date) -> tuple[list[Listing], list[ParseWarning]]:
    """Every item with a title; an item without one, or JSON that breaks off, is a warning."""
    text = "\n".join(lines)
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)

    def line_at(offset: int) -> int:
        return bisect_right(starts, offset)

    listings, warnings = [], []
    decoder = json.JSONDecoder()
    index = _skip_space(text, 0)
    if not text.startswith("[", index):
        message = "a CSL-JSON file is an array: `[` was expected here; the file was skipped"
        return [], [ParseWarning(source, line_at(index), message)]
    index = _skip_space(text, index + 1)
    while index < len(text) and text[index] != "]":
        try:
            item, end = decoder.raw_decode(text, index)
        except (ValueError, RecursionError) as error:
            reason = "nested too deeply"
            if isinstance(error, json.JSONDecodeError):
                reason = f"{error.msg}, line {error.lineno}"
            warnings.append(ParseWarning(
                source, line_at(index),
                f"the item that starts here is not valid JSON ({reason}); it and the items after it were skipped",
            ))
            break
        line = line_at(index)
        found = _listing(item, source, line)
        (listings if isinstance(found, Listing) else warnings).append(found)
        index = _skip_space(text, end)
        if text.startswith(",", index):
            index = _skip_space(text, index + 1)
        elif not text.startswith("]", index):
            warnings.append(ParseWarning(
                source, line_at(index), "a `,` or `]` was expected after the item above; the rest was skipped",
            ))
            break
    return listings, warnings


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def _text(value: object) -> str:
    if isinstance(value, list):  # some writers give a one-element list
        value = " ".join(str(v) for v in value if isinstance(v, (str, int, float)))
    return squash(_RICH_TAG.sub("", str(value))) if isinstance(value, (str, int, float)) else ""


def _names(item: dict) -> tuple[tuple[str, ...], bool]:
    """`given`, particles, `family`, `suffix` of each person; a `literal` (a body) whole."""
    out, truncated = [], False
    people = item.get("author")
    for person in people if isinstance(people, list) else []:
        if not isinstance(person, dict):
            continue
        if person.get("literal"):
            name = _text(person["literal"])
        else:
            keys = ("given", "dropping-particle", "non-dropping-particle", "family", "suffix")
            name = " ".join(p for p in (_text(person.get(k)) for k in keys) if p)
        if name.lower() in _ET_AL:
            truncated = True
        elif name:
            out.append(name)
    custom = item.get("custom")
    if isinstance(custom, dict) and custom.get("authors_truncated") is True:
        truncated = True
    return tuple(out), truncated


def _when(issued: object) -> tuple[date | None, int | None]:
    """`date-parts` [[y, m, d]] (numbers or strings), else `raw` `2021-06-17`, else a year in `literal`."""
    if not isinstance(issued, dict):
        return None, None
    parts: list = []
    date_parts = issued.get("date-parts")
    if isinstance(date_parts, list) and date_parts and isinstance(date_parts[0], list):
        parts = [str(p).strip() for p in date_parts[0][:3]]
    else:
        found = _ISO.match(_text(issued.get("raw") or issued.get("literal") or ""))
        parts = [p for p in found.groups() if p] if found else []
    if not parts or not all(p.isdigit() for p in parts):
        return None, None
    numbers = [int(p) for p in parts]
    if len(numbers) == 3:
        try:
            return date(*numbers), None
        except ValueError:
            pass
    return None, numbers[0] if 1000 <= numbers[0] <= 2999 else None


def _arxiv(item: dict) -> str | None:
    """From a 10.48550 DOI, an arxiv.org URL, `number` or `archive_location` (`arXiv:2106.09685`), or the note."""
    found = arxiv_from(doi_text=_text(item.get("DOI")), url_text=_text(item.get("URL")))
    for key in ("number", "archive_location", "note"):
        found = found or arxiv_id(_text(item.get(key)))
    if not found and _text(item.get("archive")).lower() == "arxiv":
        found = arxiv_id(_text(item.get("archive_location")), bare=True)
    return found


def _listing(item: object, source: str, line: int) -> Listing | ParseWarning:
    if not isinstance(item, dict):
        return ParseWarning(source, line, "this array element is not a CSL-JSON item (an object); it was skipped")
    title = _text(item.get("title"))
    if not title:
        return ParseWarning(source, line, "this item has no title; it was skipped")
    authors, truncated = _names(item)
    published, year = _when(item.get("issued"))
    container = _text(item.get("container-title"))
    in_book = _text(item.get("type")) in _BOOK_PARTS
    return Listing(
        title=title,
        authors=authors,
        authors_truncated=truncated,
        published=published,
        abstract=_text(item.get("abstract")),
        source=source,
        line=line,
        arxiv=_arxiv(item),
        doi=doi(_text(item.get("DOI"))),
        url=url(_text(item.get("URL"))),
        year=year if not published else None,
        journal=(container if not in_book else "") or None,
        booktitle=(container if in_book else "") or None,
    )
