"""Markdown, plain, RIS (round trip through rispy), CSL-JSON, CSV (round trip through csv), JSONL."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
import rispy

from reader.citations import render
from reader.citations.keys import assign_keys
from reader.ingest.identifiers import arxiv_id
from reader.models import Paper

PAPER = Paper(
    id="a1b2c3d4e5f6", title="BERT [and] GPT-4: R&D at 100%",
    authors=("Jörg Müller", "Aäron van den Oord", "Gemini Team"), authors_truncated=True,
    orgs=("deepmind",), category="CL", published=date(2023, 5, 10), abstract="An abstract, with \"quotes\".",
)
BARE = Paper(id="0f0f0f0f0f0f", title="No authors here")
KEYS = assign_keys([PAPER, BARE], {})
PREPRINT = Paper(
    id="p1", title="Switch Transformers", authors=("William Fedus",), category="LG",
    published=date(2021, 1, 11), arxiv="2101.03961",
)
JOURNAL = Paper(
    id="j1", title="Exploring the Limits of Transfer Learning", authors=("Colin Raffel",), year=2020,
    doi="10.5555/3455716.3455856", journal="Journal of Machine Learning Research", arxiv="1910.10683",
)
CONFERENCE = Paper(
    id="c1", title="BERT", authors=("Jacob Devlin",), year=2019, doi="10.18653/v1/n19-1423",
    booktitle="Proceedings of NAACL-HLT 2019", url="https://aclanthology.org/N19-1423",
)
WEB = Paper(id="w1", title="A Blog Post", year=2024, url="https://example.org/post")
IDENTIFIED = [PREPRINT, JOURNAL, CONFERENCE, WEB]
ID_KEYS = assign_keys(IDENTIFIED, {})


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


def test_ris_records_start_at_their_type_line():
    text = render([PAPER, BARE], "ris", KEYS)
    assert text.startswith("TY  - UNPB\n")
    lines = text.splitlines()
    assert not [line for line in lines if line.rstrip(".").isdigit()]  # rispy's `1.` header is gone
    starts = [i for i, line in enumerate(lines) if line.startswith("TY  - ")]
    assert len(starts) == 2 and lines[starts[1] - 1] == ""  # the second follows the first's ER and a blank line


def test_ris_carries_identifiers_and_venue():
    text = render(IDENTIFIED, "ris", ID_KEYS)
    preprint, journal, conference, web = rispy.loads(text)
    assert preprint["type_of_reference"] == "UNPB" and preprint["publisher"] == "arXiv"
    assert preprint["urls"] == ["https://arxiv.org/abs/2101.03961"] and "doi" not in preprint
    assert preprint["notes"] == ["arXiv:2101.03961 [cs.LG]"] and preprint["keywords"] == ["cs.LG"]
    assert journal["type_of_reference"] == "JOUR" and journal["doi"] == "10.5555/3455716.3455856"
    assert journal["journal_name"] == journal["secondary_title"] == "Journal of Machine Learning Research"
    assert journal["urls"] == ["https://arxiv.org/abs/1910.10683"] and "publisher" not in journal
    assert conference["type_of_reference"] == "CONF" and conference["secondary_title"] == "Proceedings of NAACL-HLT 2019"
    assert conference["doi"] == "10.18653/v1/n19-1423" and conference["urls"] == ["https://aclanthology.org/N19-1423"]
    assert "journal_name" not in conference and conference["year"] == "2019" and "date" not in conference
    assert web["type_of_reference"] == "UNPB" and web["urls"] == ["https://example.org/post"]
    assert "DO  - 10.18653/v1/n19-1423\n" in text and "JO  - Journal of Machine Learning Research\n" in text


def test_csljson_carries_identifiers():
    preprint, journal, conference, web = json.loads(render(IDENTIFIED, "csljson", ID_KEYS))
    assert preprint == {
        "id": "fedus2021switch",
        "type": "article",
        "title": "Switch Transformers",
        "author": [{"family": "Fedus", "given": "William"}],
        "issued": {"date-parts": [[2021, 1, 11]]},
        "publisher": "arXiv",
        "number": "arXiv:2101.03961",
        "URL": "https://arxiv.org/abs/2101.03961",
    }
    assert journal == {
        "id": "raffel2020exploring",
        "type": "article-journal",
        "title": "Exploring the Limits of Transfer Learning",
        "author": [{"family": "Raffel", "given": "Colin"}],
        "issued": {"date-parts": [[2020]]},
        "container-title": "Journal of Machine Learning Research",
        "DOI": "10.5555/3455716.3455856",
        "URL": "https://arxiv.org/abs/1910.10683",
    }
    assert conference["type"] == "paper-conference" and conference["container-title"] == "Proceedings of NAACL-HLT 2019"
    assert conference["DOI"] == "10.18653/v1/n19-1423" and conference["URL"] == "https://aclanthology.org/N19-1423"
    assert web["type"] == "article" and web["URL"] == "https://example.org/post" and "publisher" not in web


@pytest.mark.parametrize("paper", [PREPRINT, JOURNAL])
def test_csljson_arxiv_id_reads_back(paper):
    """What reader's CSL-JSON importer reads: the id from the arxiv.org URL (and a preprint's `number`)."""
    item = json.loads(render([paper], "csljson", ID_KEYS))[0]
    assert arxiv_id(item["URL"]) == paper.arxiv
    assert arxiv_id(item.get("number")) in (paper.arxiv, None)


def test_markdown_and_csv_link_the_papers_own_page():
    assert render(IDENTIFIED, "markdown", ID_KEYS, "https://example.org/{id}") == (
        "[Switch Transformers](https://arxiv.org/abs/2101.03961), William Fedus (2021)\n"
        "[Exploring the Limits of Transfer Learning](https://arxiv.org/abs/1910.10683), Colin Raffel (2020)\n"
        "[BERT](https://doi.org/10.18653/v1/n19-1423), Jacob Devlin (2019)\n"
        "[A Blog Post](https://example.org/post) (2024)\n"
    )
    rows = list(csv.DictReader(io.StringIO(render(IDENTIFIED, "csv", ID_KEYS))))
    assert [r["url"] for r in rows] == [
        "https://arxiv.org/abs/2101.03961", "https://arxiv.org/abs/1910.10683",
        "https://doi.org/10.18653/v1/n19-1423", "https://example.org/post",
    ]


def test_plain_names_the_venue_and_the_doi():
    assert render(IDENTIFIED, "plain", ID_KEYS) == (
        "William Fedus (2021). Switch Transformers. arXiv:2101.03961 [cs.LG].\n"
        "Colin Raffel (2020). Exploring the Limits of Transfer Learning. Journal of Machine Learning Research. "
        "https://doi.org/10.5555/3455716.3455856\n"
        "Jacob Devlin (2019). BERT. Proceedings of NAACL-HLT 2019. https://doi.org/10.18653/v1/n19-1423\n"
        "Anonymous (2024). A Blog Post.\n"
    )
