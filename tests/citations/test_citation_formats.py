"""Markdown, plain, RIS (round trip through rispy), CSL-JSON, CSV (round trip through csv), JSONL."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import rispy

from reader.citations import render
from reader.citations.keys import assign_keys
from reader.models import Paper

PAPER = Paper(
    id="a1b2c3d4e5f6", title="BERT [and] GPT-4: R&D at 100%",
    authors=("Jörg Müller", "Aäron van den Oord", "Gemini Team"), authors_truncated=True,
    orgs=("deepmind",), category="CL", published=date(2023, 5, 10), abstract="An abstract, with \"quotes\".",
)
BARE = Paper(id="0f0f0f0f0f0f", title="No authors here")
KEYS = assign_keys([PAPER, BARE], {})


def test_markdown_links_the_configured_url():
    assert render([PAPER, BARE], "markdown", KEYS) == (
        "[BERT \\[and\\] GPT-4: R&D at 100%](https://arxiv.org/search/?query=BERT+%5Band%5D+GPT-4%3A+R%26D+at+100%25"
        "&searchtype=title), Jörg Müller, Aäron van den Oord, Gemini Team et al. (2023)\n"
        "[No authors here](https://arxiv.org/search/?query=No+authors+here&searchtype=title) (n.d.)\n"
    )
    custom = render([BARE], "markdown", KEYS, "https://example.org/p/{id}?q={title}")
    assert custom == "[No authors here](https://example.org/p/0f0f0f0f0f0f?q=No+authors+here) (n.d.)\n"


def test_plain():
    assert render([PAPER, BARE], "plain", KEYS) == (
        "Jörg Müller, Aäron van den Oord, Gemini Team et al. (2023). BERT [and] GPT-4: R&D at 100%. arXiv cs.CL.\n"
        "Anonymous (n.d.). No authors here.\n"
    )


def test_ris_round_trip():
    records = rispy.loads(render([PAPER, BARE], "ris", KEYS))
    assert len(records) == 2
    first = records[0]
    assert first["type_of_reference"] == "UNPB"
    assert first["id"] == "muller2023bert"
    assert first["title"] == PAPER.title
    assert first["authors"] == ["Müller, Jörg", "van den Oord, Aäron", "Gemini Team"]
    assert first["year"] == "2023" and first["date"] == "2023/05/10"
    assert "arXiv cs.CL" in first["notes"] and any("et al." in n for n in first["notes"])
    assert records[1]["title"] == "No authors here" and "authors" not in records[1]


def test_csljson_items():
    items = json.loads(render([PAPER, BARE], "csljson", KEYS))
    assert items[0] == {
        "id": "muller2023bert",
        "type": "article",
        "title": PAPER.title,
        "author": [
            {"family": "Müller", "given": "Jörg"},
            {"family": "van den Oord", "given": "Aäron"},
            {"literal": "Gemini Team"},
        ],
        "issued": {"date-parts": [[2023, 5, 10]]},
        "publisher": "arXiv",
        "abstract": PAPER.abstract,
        "custom": {"authors_truncated": True},
    }
    assert items[1] == {"id": "anonndno", "type": "article", "title": "No authors here"}


def test_csv_round_trip():
    rows = list(csv.DictReader(io.StringIO(render([PAPER, BARE], "csv", KEYS))))
    assert [r["id"] for r in rows] == [PAPER.id, BARE.id]
    first = rows[0]
    assert first["key"] == "muller2023bert"
    assert first["title"] == PAPER.title
    assert first["authors"].split("; ") == list(PAPER.authors)
    assert first["authors_truncated"] == "true" and first["year"] == "2023" and first["published"] == "2023-05-10"
    assert first["abstract"] == PAPER.abstract and first["orgs"] == "deepmind" and first["category"] == "CL"
    assert rows[1]["year"] == "" and rows[1]["authors"] == ""


def test_jsonl_keeps_the_export_contract(seeds_library):
    papers = list(seeds_library.papers())
    text = render(papers, "jsonl", assign_keys(papers, {}))
    assert text == "".join(json.dumps(p.to_json(), ensure_ascii=False) + "\n" for p in papers)
