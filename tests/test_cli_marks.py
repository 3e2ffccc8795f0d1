"""What a script can do that a user does with marks, `m`, `f` and `o`: bulk edits by query with a dry
run, state in `show` and `search`, `similar`, `facets` and `open`."""

from __future__ import annotations

import json

import pytest

from tests.cli_birds import BIRDS, ids, listings, run  # noqa: F401 - fixtures





def one_line_error(result, code=2) -> str:
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("reader: ") and result.stderr.count("\n") == 1
    return result.stderr


def tag_counts(run) -> dict[str, int]:
    return {row["tag"]: row["papers"] for row in json.loads(run("tags", "--json").stdout)}


def test_tag_by_query_dry_run_lists_what_it_would_change_and_changes_nothing(run, ids):
    run("tag", ids["owls"], "ml")
    dry = run("tag", "--query", "dusk", "ML", "--dry-run")
    lines = dry.stdout.splitlines()
    assert dry.exit_code == 0 and lines[0] == "would tag 2 papers (of 3 matching “dusk”) with ml"
    assert sorted(line.split()[0] for line in lines[1:]) == sorted([ids["parrots"], ids["ravens"]])
    assert tag_counts(run) == {"ml": 1}
    done = run("tag", "--query", "dusk", "ML", "--json")
    assert json.loads(done.stdout)["changed"] == 2 and tag_counts(run) == {"ml": 3}
    assert run("tag", "--query", "dusk", "ml").stdout == "tagged 0 papers (of 3 matching “dusk”) with ml\n"


def test_untag_by_query_removes_only_from_the_papers_it_finds(run, ids):
    run("tag", "--query", "dusk", "ml,birds")
    dry = json.loads(run("untag", "--query", "owls OR ravens", "ml", "--dry-run", "--json").stdout)
    assert dry["dry_run"] and dry["matched"] == 2 and sorted(dry["papers"]) == sorted([ids["owls"], ids["ravens"]])
    assert tag_counts(run) == {"birds": 3, "ml": 3}
    done = run("untag", "--query", "owls OR ravens", "ml")
    assert done.stdout == "removed ml from 2 papers (of 2 matching “owls OR ravens”)\n"
    assert tag_counts(run) == {"birds": 3, "ml": 1}
    assert run("untag", ids["owls"], "birds").stdout == "untagged 1 paper\n"  # one paper, as before


def test_list_add_by_query_appends_what_is_not_on_the_list(run, ids):
    run("list", "add", "Reading list", ids["parrots"])
    dry = run("list", "add", "Reading list", "--query", "dusk", "--dry-run")
    assert dry.stdout.splitlines()[0] == "would add 2 papers (of 3 matching “dusk”) to Reading list"
    assert [p["id"] for p in json.loads(run("list", "show", "Reading list", "--json").stdout)] == [ids["parrots"]]
    done = json.loads(run("list", "add", "Reading list", "--query", "dusk", "--json").stdout)
    assert done["changed"] == 2 and done["list"] == "Reading list" and not done["dry_run"]
    shown = [p["id"] for p in json.loads(run("list", "show", "Reading list", "--json").stdout)]
    assert shown[0] == ids["parrots"] and sorted(shown) == sorted(ids.values())


@pytest.mark.parametrize("args", [
    ("list", "add", "Reading list", "--query", "dusk", "ffffffffffff"),  # ids and a query: one of the two
    ("list", "add", "Reading list"),  # neither
    ("tag", "--query", '"unclosed', "ml"),  # a malformed query
    ("tag", "ffffffffffff"),  # an id and no tag
    ("list", "add", "Nowhere", "--query", "dusk", "--dry-run"),  # no such list
])
def test_bad_bulk_edits_are_one_line_and_change_nothing(run, ids, args):
    one_line_error(run(*args))
    assert run("tags").exit_code == 1 and run("lists").stdout == "    0  Reading list\n"


def test_a_query_that_finds_nothing_exits_1_and_changes_nothing(run, ids):
    result = run("tag", "--query", "penguins", "ml")
    assert result.exit_code == 1 and result.stdout == "" and "No papers match “penguins”" in result.stderr
    assert json.loads(run("tag", "--query", "penguins", "ml", "--json").stdout)["matched"] == 0
    assert run("tags").exit_code == 1


def test_show_and_search_include_tags_lists_status_and_note(run, ids, tmp_path):
    run("tag", ids["owls"], "ml,night")
    run("list", "add", "Reading list", ids["owls"])
    run("status", ids["owls"], "reading")
    run("note", ids["owls"], "-", input="look at fig 2\nand table 1\n")
    shown = run("show", ids["owls"]).stdout
    assert "Tags:          ml, night\n" in shown and "Lists:         Reading list\n" in shown
    assert "Status:        reading\n" in shown and shown.endswith("Note:\n  look at fig 2\n  and table 1\n")
    assert json.loads(run("show", ids["owls"], "--json").stdout)["state"] == {
        "tags": ["ml", "night"], "lists": ["Reading list"], "status": "reading", "note": "look at fig 2\nand table 1"}
    lines = {line.split()[0]: line for line in run("search", "dusk").stdout.splitlines()}
    assert lines[ids["owls"]].endswith("[reading · tags: ml, night · lists: Reading list · note: look at fig 2 and table 1]")
    assert lines[ids["ravens"]].endswith("— Ida Larsen")  # no state, nothing added
    hits = {hit["id"]: hit["state"] for hit in json.loads(run("search", "dusk", "--json").stdout)}
    assert hits[ids["owls"]]["tags"] == ["ml", "night"] and hits[ids["ravens"]] == {
        "tags": [], "lists": [], "status": "unread", "note": ""}


def test_a_hostile_note_reaches_search_and_show_as_plain_text(run, ids):
    run("note", ids["owls"], "red \x1b[31malert\x1b[0m \x07bell")
    for args in (("search", "owls"), ("show", ids["owls"])):
        out = run(*args).stdout
        assert "\x1b" not in out and "\x07" not in out and "alert" in out, args


def test_reading_state_never_makes_a_store(run, ids, tmp_path):
    assert run("search", "dusk").exit_code == 0 and run("show", ids["owls"]).exit_code == 0
    assert not (tmp_path / "data" / "state.sqlite3").exists()


def test_a_damaged_store_leaves_search_and_show_working_with_state_unavailable(run, ids, tmp_path):
    run("tag", ids["owls"], "ml")
    (tmp_path / "data" / "state.sqlite3").write_bytes(b"\x00garbage" * 1000)
    result = run("search", "dusk")
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 3
    assert all(line.endswith("[state unavailable]") for line in result.stdout.splitlines())
    notes = [line for line in result.stderr.splitlines() if line.startswith("reader: note:")]
    assert len(notes) == 1 and "unavailable" in notes[0] and "state.sqlite3" in notes[0]
    hits = json.loads(run("search", "dusk", "--json").stdout)
    assert [hit["state"] for hit in hits] == [None, None, None]
    shown = run("show", ids["owls"], "--json")
    assert shown.exit_code == 0 and json.loads(shown.stdout)["state"] is None
    assert "Status:        unavailable" in run("show", ids["owls"]).stdout


def test_similar_finds_the_other_papers_not_the_paper_itself(run, ids):
    result = run("similar", ids["owls"][:6])
    found = [line.split()[0] for line in result.stdout.splitlines()]
    assert result.exit_code == 0 and sorted(found) == sorted([ids["parrots"], ids["ravens"]])
    assert [hit["id"] for hit in json.loads(run("similar", ids["owls"], "--json").stdout)] == found
    one_line_error(run("similar", "ffffffffffff"))


def test_facets_count_the_papers_a_query_finds(run, ids):
    run("tag", ids["owls"], "ml")
    data = json.loads(run("facets", "dusk", "--json").stdout)
    assert data["matched"] == 3 and data["categories"] == [{"value": "CV", "papers": 3}]
    assert data["years"] == [{"value": "2024", "papers": 3}] and data["tags"] == [{"value": "ml", "papers": 1}]
    narrowed = json.loads(run("facets", "-owls", "--json").stdout)
    assert narrowed["matched"] == 2 and narrowed["tags"] == []
    text = run("facets").stdout
    assert text.startswith("3 papers\ncategories\n      3  CV\n") and "tags\n      1  ml\n" in text
    nothing = run("facets", "penguins")
    assert nothing.exit_code == 1 and "No papers match “penguins”" in nothing.stderr


@pytest.mark.parametrize("browser_opens", [True, False])
def test_open_uses_the_browser_and_prints_the_address_when_it_cannot(run, ids, monkeypatch, browser_opens):
    opened = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or browser_opens)
    result = run("open", ids["owls"])
    assert result.exit_code == 0 and len(opened) == 1 and "Field+Notes+on+Owls" in opened[0]
    assert result.stdout == ("" if browser_opens else opened[0] + "\n")
    assert ("no browser could open it" in result.stderr) is not browser_opens
    printed = run("open", ids["owls"], "--print")
    assert printed.stdout == opened[0] + "\n" and len(opened) == 1  # --print never opens a browser
    assert json.loads(run("open", ids["owls"], "--print", "--json").stdout) == {
        "id": ids["owls"], "url": opened[0], "opened": False}
