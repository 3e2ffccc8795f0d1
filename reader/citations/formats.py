"""The data and text formats: Markdown, plain text, RIS (rispy), CSL-JSON, CSV, JSONL.

RIS, CSL-JSON, CSV and JSONL can also carry the user's state (tags, lists, status, the note)
in the fields each format has for it; `render_with_state` is the entry point for that.
"""

from __future__ import annotations

import csv
import io
import json

from reader.citations import bibtex as bibtex_format
from reader.citations.csl import csl_item
from reader.citations.fields import (
    arxiv_category,
    arxiv_url,
    browser_url,
    container,
    doi_url,
    text_title,
    venue,
    web_url,
)
from reader.citations.names import split_name
from reader.models import Paper, PaperState
from reader.render import all_authors

CSV_COLUMNS = (
    "key", "id", "title", "authors", "authors_truncated", "year", "published", "category",
    "orgs", "badge", "url", "abstract",
)
STATE_COLUMNS = ("tags", "lists", "status", "note")
AUTHOR_SEPARATOR = "; "
# The fields each format keeps the user's state in; these formats carry it by default (JSONL only
# when asked: its records are a documented contract), and Markdown has nowhere to put it.
STATE_FIELDS = {
    "bibtex": "keywords (tags) and annote (the note)",
    "ris": "KW (tags) and N1 (the note)",
    "csljson": "keyword (tags) and note",
    "csv": "the columns tags, lists, status and note",
}
STATE_FORMATS = (*STATE_FIELDS, "jsonl")
NO_STATE = PaperState()


def author_line(paper: Paper) -> str:
    """`Ashish Vaswani, Noam Shazeer`, ending in ` et al.` when the listing cut the list short."""
    return all_authors(paper) if paper.authors else ""


def _year(paper: Paper) -> str:
    return str(paper.year) if paper.year else "n.d."


def _markdown_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def markdown(papers: list[Paper], keys: dict[str, str], url_template: str | None = None) -> str:
    """`[Title](url), Authors (Year)`, one line per paper."""
    lines = []
    for paper in papers:
        url = browser_url(paper, url_template).replace(")", "%29").replace("(", "%28")
        line = f"[{_markdown_text(text_title(paper))}]({url})"
        authors = author_line(paper)
        lines.append(f"{line}, {_markdown_text(authors)} ({_year(paper)})" if authors else f"{line} ({_year(paper)})")
    return "".join(line + "\n" for line in lines)


def arxiv_label(paper: Paper) -> str | None:
    """`arXiv:2101.03961 [cs.CL]` (arXiv's own form), else `arXiv cs.CL`, else None."""
    if paper.arxiv:
        category = arxiv_category(paper.category)
        return f"arXiv:{paper.arxiv}" + (f" [{category}]" if category else "")
    return venue(paper)


def where_published(paper: Paper) -> str | None:
    """The journal or proceedings, else `arxiv_label`."""
    return container(paper) or arxiv_label(paper)


def plain(papers: list[Paper], keys: dict[str, str]) -> str:
    """`Authors (Year). Title. arXiv cs.CL.`, one line per paper; a DOI follows as its doi.org link."""
    lines = []
    for paper in papers:
        parts = [f"{author_line(paper) or 'Anonymous'} ({_year(paper)})", text_title(paper).rstrip(".")]
        where = where_published(paper)
        if where:
            parts.append(where.rstrip("."))
        line = ". ".join(parts)
        line = line if line[-1] in ".?!" else line + "."
        lines.append(f"{line} {doi_url(paper)}" if paper.doi else line)
    return "".join(line + "\n" for line in lines)


def ris_type(paper: Paper) -> str:
    """`JOUR` with a journal, `CONF` with a booktitle, else `UNPB` (unpublished: a preprint)."""
    if paper.journal:
        return "JOUR"
    return "CONF" if paper.booktitle else "UNPB"


def ris_records(
    papers: list[Paper], keys: dict[str, str], states: dict[str, PaperState] | None = None
) -> list[dict]:
    """rispy records: the type `ris_type` names, authors as `Last, First`, `DO`, `UR`, `JO`/`T2`;
    with `states`, each tag a `KW` and the note an `N1` (on one line: RIS fields cannot hold breaks)."""
    records = []
    for paper in papers:
        kind = ris_type(paper)
        record: dict = {"type_of_reference": kind, "id": keys[paper.id], "title": text_title(paper)}
        if paper.authors:
            record["authors"] = [_ris_name(a) for a in paper.authors]
        if paper.year:
            record["year"] = str(paper.year)
        if paper.published:
            record["date"] = paper.published.strftime("%Y/%m/%d")
        if kind == "JOUR":
            record["journal_name"] = paper.journal
            record["secondary_title"] = paper.journal
        elif kind == "CONF":
            record["secondary_title"] = paper.booktitle
        notes = []
        category = arxiv_category(paper.category)
        if kind == "UNPB" and (category or paper.arxiv):
            record["publisher"] = "arXiv"
        if category:
            record["keywords"] = [category]
        if arxiv_label(paper):
            notes.append(arxiv_label(paper))
        if paper.authors_truncated:
            notes.append("et al.: the listing names only the first authors")
        state = states.get(paper.id, NO_STATE) if states is not None else NO_STATE
        if state.tags:
            record["keywords"] = [*record.get("keywords", []), *state.tags]
        if state.note.strip():
            notes.append(" ".join(state.note.split()))
        if notes:
            record["notes"] = notes
        if paper.doi:
            record["doi"] = paper.doi
        url = arxiv_url(paper) or web_url(paper)
        if url:
            record["urls"] = [url]
        if paper.abstract:
            record["abstract"] = paper.abstract
        records.append(record)
    return records


def _ris_name(author: str) -> str:
    name = split_name(author)
    if name.is_corporate:
        return name.literal
    return ", ".join(p for p in (name.family, name.given, name.suffix) if p)


def ris(papers: list[Paper], keys: dict[str, str], states: dict[str, PaperState] | None = None) -> str:
    """RIS records written by rispy, each starting at its `TY  -` line (no numbered header)."""
    import rispy

    class Writer(rispy.RisWriter):
        def set_header(self, count: int) -> str:
            return ""  # rispy's default `1.` line before each record is not RIS

    return rispy.dumps(ris_records(papers, keys, states), implementation=Writer) if papers else ""


def csljson(papers: list[Paper], keys: dict[str, str], states: dict[str, PaperState] | None = None) -> str:
    """A CSL-JSON array (`DOI`, `URL`, `container-title`, an arXiv id as `number` and its abstract-page
    `URL`); a truncated list is marked `custom.authors_truncated` (CSL-JSON has no et al.).
    With `states`, tags are the `keyword` variable (comma-separated) and the note is `note`."""
    items = []
    for paper in papers:
        item = csl_item(paper, keys[paper.id])
        state = states.get(paper.id, NO_STATE) if states is not None else NO_STATE
        if state.tags:
            item["keyword"] = ", ".join(state.tags)
        if state.note.strip():
            item["note"] = state.note
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def csv_text(
    papers: list[Paper], keys: dict[str, str], url_template: str | None = None,
    states: dict[str, PaperState] | None = None,
) -> str:
    """CSV with a header row; authors and organisations joined with `; `. With `states`, the
    columns `STATE_COLUMNS` follow (tags and lists joined with `; `)."""
    out = io.StringIO()
    columns = CSV_COLUMNS + (STATE_COLUMNS if states is not None else ())
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for paper in papers:
        row = _state_row(states.get(paper.id, NO_STATE)) if states is not None else {}
        writer.writerow({
            **row,
            "key": keys[paper.id],
            "id": paper.id,
            "title": paper.title,
            "authors": AUTHOR_SEPARATOR.join(paper.authors),
            "authors_truncated": "true" if paper.authors_truncated else "false",
            "year": paper.year or "",
            "published": paper.published.isoformat() if paper.published else "",
            "category": paper.category or "",
            "orgs": AUTHOR_SEPARATOR.join(paper.orgs),
            "badge": paper.badge or "",
            "url": browser_url(paper, url_template),
            "abstract": paper.abstract,
        })
    return out.getvalue()


def _state_row(state: PaperState) -> dict[str, str]:
    return {
        "tags": AUTHOR_SEPARATOR.join(state.tags), "lists": AUTHOR_SEPARATOR.join(state.lists),
        "status": state.status, "note": state.note,
    }


def jsonl(papers: list[Paper], keys: dict[str, str], states: dict[str, PaperState] | None = None) -> str:
    """One export record per line: exactly the keys of `Paper.to_json` (the documented contract);
    with `states`, one more key, `state`: {tags, lists, status, note} as `reader search --json` gives it."""
    lines = []
    for paper in papers:
        record = paper.to_json()
        if states is not None:
            state = states.get(paper.id, NO_STATE)
            record["state"] = {"tags": list(state.tags), "lists": list(state.lists), "status": state.status,
                               "note": state.note}
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return "".join(lines)


def bibtex_with_state(papers: list[Paper], keys: dict[str, str], states: dict[str, PaperState]) -> str:
    """BibTeX entries with the tags as `keywords = {a, b}` and the note as `annote` (which styles do
    not print; biblatex and Zotero read both)."""
    entries = []
    for paper in papers:
        state = states.get(paper.id, NO_STATE)
        fields = bibtex_format.bibtex_fields(paper)
        if state.tags:
            fields.append(("keywords", "{" + bibtex_format.escape(", ".join(state.tags)) + "}"))
        if state.note.strip():
            fields.append(("annote", "{" + bibtex_format.escape(state.note.strip()) + "}"))
        body = "".join(f"  {name} = {value},\n" for name, value in fields)
        entries.append(f"@{bibtex_format.entry_type(paper)}{{{keys[paper.id]},\n{body}}}\n")
    return "\n".join(entries)


class NoStateField(ValueError):
    """The format has no field for tags, lists, status or notes."""


def check_state_format(fmt: str) -> None:
    """NoStateField unless `fmt` can carry the user's state."""
    if fmt not in STATE_FORMATS:
        raise NoStateField(f"{fmt} has no field for tags or notes: export as {', '.join(STATE_FORMATS[:-1])} "
                           f"or {STATE_FORMATS[-1]} to carry them, or leave out --with-state")


def render_with_state(
    papers: list[Paper], fmt: str, keys: dict[str, str], states: dict[str, PaperState],
    url_template: str | None = None,
) -> str:
    """`papers` in the export format `fmt` with each paper's state; NoStateField for Markdown and styles."""
    if fmt == "bibtex":
        return bibtex_with_state(papers, keys, states)
    if fmt == "csv":
        return csv_text(papers, keys, url_template, states)
    check_state_format(fmt)
    return {"ris": ris, "csljson": csljson, "jsonl": jsonl}[fmt](papers, keys, states)
