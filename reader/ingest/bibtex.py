"""BibTeX files (`.bib`): bibtexparser 2 splits the entries, this module reads their fields.

bibtexparser's splitter finds the blocks, their lines and the ones it fails on; field
values are then evaluated here as BibTeX does (`{…}`, `"…"`, numbers, `@string` macros
and month names, `#` concatenation, which bibtexparser 2 does not resolve), and names
are split with bibtexparser's own BibTeX name rules. LaTeX becomes Unicode (`latex_text`).
A block bibtexparser fails on is one warning and is skipped; its neighbours are read.
"""

from __future__ import annotations

import logging
import re
from datetime import date

from reader.ingest.identifiers import arxiv_id, doi, url
from reader.ingest.latex import latex_text, squash
from reader.models import Listing, ParseWarning

NAME = "bibtex"
SUFFIXES = (".bib", ".bibtex")

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# The fields read; the others (`keywords`, `pages`, `file`…) are never evaluated, so a flaw there costs nothing.
USED_FIELDS = frozenset(
    "title author year month day date doi url journal booktitle abstract primaryclass eprint archiveprefix "
    "eprinttype howpublished note".split()
)
_NOT_ENTRIES = frozenset({"comment", "string", "preamble"})
_BLOCK_START = re.compile(r"^\s*@\s*([A-Za-z]+)\s*[{(]")
_FIELD_LINE = re.compile(r"^\s*[A-Za-z][\w:.+-]*\s*=")
_CLOSER_LINE = re.compile(r"^\s*[})]\s*,?\s*$")
# A value that ran into the next field's line: a `}` or `"` is missing before it.
_SWALLOWED_FIELD = re.compile(r"\n\s*[A-Za-z][\w-]*\s*=\s*[{\"\d]")
_YEAR = re.compile(r"(?<!\d)(1[6-9]\d\d|2\d\d\d)(?!\d)")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_TOKEN = re.compile(r"[^\s#{}\"]+")
_ESCAPED = re.compile(r"\\([_%&#$~])")  # `10.1000/a\_b` in a DOI or URL is `10.1000/a_b`

# The splitter logs each failed block; each becomes a ParseWarning here instead.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)


def sniff(lines: list[str], suffix: str) -> float:
    """Sure when entry starts (`@article{key,`) and field lines make up the text."""
    content = [line for line in lines if line.strip() and not line.lstrip().startswith("%")]
    if not content:
        return 0.0
    starts = [m.group(1).lower() for m in map(_BLOCK_START.match, content) if m]
    if not any(kind not in _NOT_ENTRIES for kind in starts):
        return 0.0
    shapes = (_BLOCK_START, _FIELD_LINE, _CLOSER_LINE)
    shaped = sum(1 for line in content if any(shape.match(line) for shape in shapes))
    ratio = shaped / len(content)
    return 0.95 if ratio >= 0.25 else 0.5 if ratio >= 0.1 else 0.0


def parse(lines: list[str], source: str, reference: date) -> tuple[list[Listing], list[ParseWarning]]:
    """Every entry with a title as a listing; a failed block or an entry without a title is a warning."""
    import bibtexparser
    from bibtexparser import model

    try:
        library = bibtexparser.parse_string("\n".join(lines), parse_stack=[])
    except Exception as error:  # noqa: BLE001 - bibtexparser's own bug-guard: report, never crash
        message = f"bibtexparser could not split this file ({squash(str(error))}); it was skipped"
        return [], [ParseWarning(source, 1, message)]
    macros = {month: str(number) for number, month in enumerate(MONTHS, 1)}
    listings, warnings = [], []
    for block in library.blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, model.String):
            try:
                macros[block.key.lower()] = evaluate(block.value, macros)
            except ValueError as error:
                message = f"the @string “{squash(block.key)}” is malformed ({squash(str(error))}); it was ignored"
                warnings.append(ParseWarning(source, line, message))
            continue
        if isinstance(block, model.DuplicateBlockKeyBlock):
            block = block.ignore_error_block  # reader needs no keys: a reused key is still a paper
        elif isinstance(block, model.DuplicateFieldKeyBlock):
            fields = ", ".join(f"`{squash(key)}`" for key in sorted(block.duplicate_keys))
            warnings.append(ParseWarning(source, line, f"{fields} given twice in this entry; the first was used"))
            block = block.ignore_error_block
        elif isinstance(block, model.ParsingFailedBlock):
            warnings.append(_failed(block, source, line))
            continue
        if isinstance(block, model.Entry) and block.entry_type.lower() not in _NOT_ENTRIES:
            found = _listing(block, macros, source, line)
            (listings if isinstance(found, Listing) else warnings).append(found)
    return listings, warnings


def _failed(block, source: str, line: int) -> ParseWarning:
    head = squash((block.raw or "").split("\n", 1)[0])[:40]
    reason = squash(getattr(block.error, "abort_reason", "") or str(block.error))
    return ParseWarning(
        source, line,
        f"the BibTeX entry “{head}” is malformed ({reason.rstrip('. ')}); "
        "it was skipped: check its braces, quotes and commas",
    )


def evaluate(raw: str, macros: dict[str, str]) -> str:
    """A field value as BibTeX reads it: `{…}` and `"…"` pieces, numbers and macros joined by `#`.
    Raises ValueError on what BibTeX would reject (an unclosed piece, two pieces with no `#`)."""
    pieces, index, size, joined = [], 0, len(raw), True
    while index < size:
        char = raw[index]
        if char.isspace():
            index += 1
            continue
        if char == "#":
            joined, index = True, index + 1
            continue
        if not joined:
            raise ValueError(f"`{raw[index:index + 20]}` follows a value with no `#` before it")
        if char in "{\"":
            end = _closing(raw, index)
            if end < 0:
                raise ValueError(f"the `{char}` that opens `{raw[index:index + 20]}` is never closed")
            pieces.append(raw[index + 1 : end])
            index = end + 1
        else:
            token = _TOKEN.match(raw, index)
            if token is None:
                raise ValueError(f"a stray `{char}`")
            pieces.append(macros.get(token.group().lower(), token.group()))
            index = token.end()
        joined = False
    return "".join(pieces)


def _closing(raw: str, start: int) -> int:
    """The index closing the `{` or `"` at `start` (braces nest, backslash-escaped ones do not count), or -1."""
    depth = 0
    for index in range(start + 1, len(raw)):
        char = raw[index]
        if char in "{}" and raw[index - 1] == "\\":
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return index if raw[start] == "{" else -1
            depth -= 1
        elif char == '"' and raw[start] == '"' and depth == 0:
            return index
    return -1


def _listing(entry, macros: dict[str, str], source: str, line: int) -> Listing | ParseWarning:
    fields: dict[str, str] = {}
    for field in entry.fields:
        if _SWALLOWED_FIELD.search(field.value):
            problem = "it runs into the next field: a `}` or `\"` is missing"
        else:
            if field.key.lower() not in USED_FIELDS or field.key.lower() in fields:
                continue
            try:
                fields[field.key.lower()] = evaluate(field.value, macros)
                continue
            except ValueError as error:
                problem = squash(str(error))
        where = f"the `{squash(field.key)}` of “{squash(entry.key)}”"
        return ParseWarning(source, line, f"{where} is malformed ({problem}); this entry was skipped")
    title = latex_text(fields.get("title"))
    if not title:
        return ParseWarning(source, line, f"the entry “{squash(entry.key)}” has no title; it was skipped")
    authors, truncated = names(fields.get("author", ""))
    published, year = _when(fields)
    return Listing(
        title=title,
        authors=authors,
        authors_truncated=truncated,
        category=squash(fields.get("primaryclass")) or None,
        published=published,
        abstract=latex_text(fields.get("abstract")),
        source=source,
        line=line,
        arxiv=_arxiv(fields),
        doi=doi(_unescaped(fields.get("doi"))),
        url=url(_unescaped(fields.get("url"))),
        year=None if published else year,
        journal=latex_text(fields.get("journal")) or None,
        booktitle=latex_text(fields.get("booktitle")) or None,
    )


def names(value: str) -> tuple[tuple[str, ...], bool]:
    """Display names (`First von Last Jr.`) of a BibTeX name list, and whether it ended in `and others`."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names

    if not value.strip():
        return (), False
    try:
        people = split_multiple_persons_names(value)
    except Exception:  # noqa: BLE001 - a name list bibtexparser cannot split: one name per ` and `
        people = re.split(r"\s+and\s+", value)
    out, truncated = [], False
    for person in people:
        if person.strip().lower() in ("others", "et al.", "et al"):
            truncated = True
            continue
        try:
            parts = parse_single_name_into_parts(person, strict=False)
            words = parts.first + parts.von + parts.last + parts.jr
        except Exception:  # noqa: BLE001 - keep the name as written
            words = [person]
        display = latex_text(" ".join(words))
        if display:
            out.append(display)
    return tuple(out), truncated


def _when(fields: dict[str, str]) -> tuple[date | None, int | None]:
    """The full date when a day is known (`date = {2019-06-02}` or year, month and day), else the year."""
    iso = _ISO_DATE.match(fields.get("date", ""))
    if iso:
        try:
            return date(*map(int, iso.groups())), None
        except ValueError:
            pass
    found = _YEAR.search(fields.get("year", "") or fields.get("date", ""))
    year = int(found.group()) if found else None
    month, day = _month(fields.get("month", "")), squash(fields.get("day"))
    if year and month and day.isdigit():
        try:
            return date(year, month, int(day)), None
        except ValueError:
            pass
    return None, year


def _month(value: str) -> int | None:
    value = squash(value).lower().rstrip(".")
    if value.isdigit():
        return int(value) if 1 <= int(value) <= 12 else None
    return MONTHS.index(value[:3]) + 1 if value[:3] in MONTHS else None


def _unescaped(value: str | None) -> str | None:
    return _ESCAPED.sub(r"\1", value) if value else value


def _arxiv(fields: dict[str, str]) -> str | None:
    """From `eprint` (when its archive is arXiv or unnamed), a 10.48550 DOI, an arxiv.org URL,
    or an `arXiv:…` mention in the journal, `howpublished` or note."""
    archive = squash(fields.get("archiveprefix") or fields.get("eprinttype")).lower()
    eprint = fields.get("eprint")
    if eprint and archive in ("", "arxiv"):
        found = arxiv_id(eprint, bare=True) or arxiv_id(eprint)
        if found:
            return found
    for key in ("doi", "url", "journal", "howpublished", "note"):
        found = arxiv_id(fields.get(key))
        if found:
            return found
    return None
