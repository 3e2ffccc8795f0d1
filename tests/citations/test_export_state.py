"""Exports that carry the user's work: tags and notes in BibTeX, RIS, CSL-JSON, CSV and JSONL."""

from __future__ import annotations

import csv
import io
import json

import bibtexparser
import pytest
import rispy
from bibtexparser import middlewares

from reader.citations import render
from reader.citations.formats import NoStateField, render_with_state
from reader.citations.keys import assign_keys
from reader.models import Paper, PaperState
from tests.bibtex_entries import bibtex_entries
from tests.cli_birds import ids, listings, run  # noqa: F401 - fixtures

OWLS = Paper(id="a1b2c3d4e5f6", title="Owls at Dusk", authors=("Ida Larsen",), year=2024, category="CV")
RAVENS = Paper(id="0f0f0f0f0f0f", title="Ravens", authors=("Ana Silva",), year=2023)
KEYS = assign_keys([OWLS, RAVENS], {})
# a note with every BibTeX special character, a line that looks like an entry, and a RIS end tag
NOTE = "Read §3 {carefully} & 100% of $x_1$ ~ \\ back\n@misc{evil, title={x}}\nER  - not the end # really"
STATES = {
    OWLS.id: PaperState(tags=("ml", "to read"), lists=("Thesis", "Later"), status="reading", note=NOTE),
    RAVENS.id: PaperState(),
}


def test_bibtex_carries_tags_as_keywords_and_the_note_as_annote_and_parses_back():
    text = render_with_state([OWLS, RAVENS], "bibtex", KEYS, STATES)
    entries = bibtex_entries(text)  # bibtexparser 2: no failed blocks
    assert [e["ID"] for e in entries] == [KEYS[OWLS.id], KEYS[RAVENS.id]]
    assert entries[0]["keywords"] == "ml, to read"
    assert "keywords" not in entries[1] and "annote" not in entries[1]
    decoded = bibtexparser.parse_string(text, append_middleware=[middlewares.LatexDecodingMiddleware()])
    assert decoded.entries[0]["annote"] == NOTE  # every character comes back as it was written
    # without state the entries are exactly the plain BibTeX ones
    assert render_with_state([RAVENS], "bibtex", KEYS, STATES) == render([RAVENS], "bibtex", KEYS)


def test_ris_carries_tags_as_kw_and_the_note_as_one_n1_line():
    text = render_with_state([OWLS, RAVENS], "ris", KEYS, STATES)
    records = rispy.loads(text)
    assert len(records) == 2  # the note's `ER  -` did not end the record
    assert records[0]["keywords"] == ["cs.CV", "ml", "to read"]
    assert records[0]["notes"][-1] == " ".join(NOTE.split())
    assert "keywords" not in records[1]
    assert "KW  - ml\n" in text and "KW  - ml" not in render([OWLS], "ris", KEYS)


def test_csljson_carries_keyword_and_note():
    items = json.loads(render_with_state([OWLS, RAVENS], "csljson", KEYS, STATES))
    assert items[0]["keyword"] == "ml, to read" and items[0]["note"] == NOTE
    assert "keyword" not in items[1] and "note" not in items[1]


def test_csv_has_columns_for_tags_lists_status_and_note():
    rows = list(csv.DictReader(io.StringIO(render_with_state([OWLS, RAVENS], "csv", KEYS, STATES))))
    assert (rows[0]["tags"], rows[0]["lists"], rows[0]["status"], rows[0]["note"]) == (
        "ml; to read", "Thesis; Later", "reading", NOTE)
    assert (rows[1]["tags"], rows[1]["status"], rows[1]["note"]) == ("", "unread", "")
    assert "tags" not in next(csv.DictReader(io.StringIO(render([OWLS], "csv", KEYS))))


def test_jsonl_adds_a_state_key_and_markdown_has_no_field_for_state():
    record = json.loads(render_with_state([OWLS], "jsonl", KEYS, STATES).splitlines()[0])
    assert record["state"] == {"tags": ["ml", "to read"], "lists": ["Thesis", "Later"], "status": "reading",
                               "note": NOTE}
    with pytest.raises(NoStateField, match="markdown has no field"):
        render_with_state([OWLS], "markdown", KEYS, STATES)


# the command line -------------------------------------------------------------------
@pytest.fixture
def marked(run, ids):
    run("tag", ids["owls"], "ml,to read")
    run("note", ids["owls"], "Fig. 2 {sic} & more")
    run("status", ids["owls"], "reading")
    return ids


def test_export_carries_state_by_default_where_the_format_has_a_field(run, marked):
    entries = {e["title"]: e for e in bibtex_entries(run("export", "--format", "bibtex").stdout)}
    owls = entries["Field Notes on Owls at Dusk"]
    assert owls["keywords"] == "ml, to read" and owls["annote"] == r"Fig. 2 \{sic\} \& more"
    assert "keywords" not in entries["Field Notes on Ravens at Dusk"]
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(run("export", "--format", "csv").stdout))}
    assert rows[marked["owls"]]["status"] == "reading" and rows[marked["owls"]]["tags"] == "ml; to read"
    assert rispy.loads(run("export", "--format", "ris").stdout)[0]["keywords"][-2:] == ["ml", "to read"]
    assert any(i.get("note") == "Fig. 2 {sic} & more" for i in json.loads(run("export", "--format", "csljson").stdout))


def test_no_state_leaves_it_out_and_jsonl_has_it_only_when_asked(run, marked):
    assert "keywords" not in run("export", "--format", "bibtex", "--no-state").stdout
    assert "tags" not in run("export", "--format", "csv", "--no-state").stdout.splitlines()[0]
    plain = [json.loads(line) for line in run("export", "--format", "jsonl").stdout.splitlines()]
    assert all("state" not in record for record in plain)  # its records are a documented contract
    asked = [json.loads(line) for line in run("export", "--format", "jsonl", "--with-state").stdout.splitlines()]
    assert {r["id"]: r["state"]["tags"] for r in asked}[marked["owls"]] == ["ml", "to read"]


def test_markdown_with_state_is_one_line_saying_which_formats_can(run, marked):
    result = run("export", "--format", "markdown", "--with-state")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "markdown has no field for tags or notes" in result.stderr
    assert "bibtex" in result.stderr


def test_a_citation_never_carries_the_note(run, marked):
    assert "annote" not in run("cite", marked["owls"]).stdout
    assert "keywords" not in run("cite", marked["owls"]).stdout
