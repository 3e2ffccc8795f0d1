"""`reader saved add/list/delete` and `reader search --saved`: the morning query typed once."""

from __future__ import annotations

import json

from tests.cli_birds import ids, listings, run  # noqa: F401 - fixtures

MORNING = 'dusk -status:read'


def test_a_saved_search_runs_by_name_in_its_sort(run, ids):
    run("status", ids["owls"], "read")
    added = run("saved", "add", "morning", MORNING, "--sort", "title")
    assert added.exit_code == 0, added.output
    assert added.stdout == f"saved 1  morning  {MORNING}  (title) · 2 papers\n"
    found = json.loads(run("search", "--saved", "morning", "--json").stdout)
    assert [hit["title"] for hit in found] == ["Field Notes on Parrots at Dusk", "Field Notes on Ravens at Dusk"]
    assert json.loads(run("search", "--saved", "MORNING", "--sort", "newest", "--json").stdout)[0]["id"] == ids["ravens"]
    narrowed = json.loads(run("search", "--saved", "morning", "ravens", "--json").stdout)
    assert [hit["id"] for hit in narrowed] == [ids["ravens"]]
    assert "2 of 2 papers · title" in run("search", "--saved", "1").stderr  # by place too


def test_the_query_may_be_given_as_words_with_leading_dashes(run, ids):
    run("status", ids["owls"], "read")
    assert run("saved", "add", "morning", "dusk", "-status:read", "--json").exit_code == 0
    assert run("saved", "add", "owls", "--sort=newest", "--", "-parrots", "-ravens").exit_code == 0
    listed = json.loads(run("saved", "list", "--json").stdout)
    assert [(s["name"], s["query"], s["sort"], s["papers"]) for s in listed] == [
        ("morning", MORNING, "relevance", 2), ("owls", "-parrots -ravens", "newest", 1)]


def test_list_shows_live_counts_and_json_has_the_documented_shape(run, ids):
    assert run("saved", "list").exit_code == 1  # none yet
    run("saved", "add", "morning", MORNING)
    run("saved", "add", "parrots", "parrots", "--sort", "oldest")
    lines = run("saved", "list").stdout.splitlines()
    assert lines == [f" 1       3  morning  ·  {MORNING}  (relevance)", " 2       1  parrots  ·  parrots  (oldest)"]
    run("status", ids["owls"], "read")
    [morning, parrots] = json.loads(run("saved", "list", "--json").stdout)
    assert morning["papers"] == 2 and parrots["papers"] == 1
    assert set(morning) == {"position", "name", "query", "sort", "created", "papers", "problem"}
    assert (morning["position"], morning["problem"]) == (1, None)


def test_delete_by_name_or_place_moves_the_others_up(run):
    for name in ("a", "b", "c"):
        run("saved", "add", name, name)
    deleted = run("saved", "delete", "2", "--json")
    assert json.loads(deleted.stdout)["name"] == "b"
    assert run("saved", "delete", "A").stdout == "deleted the saved search 1  a  a  (relevance)\n"
    assert [s["name"] for s in json.loads(run("saved", "list", "--json").stdout)] == ["c"]
    missing = run("saved", "delete", "zzz")
    assert missing.exit_code == 2
    assert missing.stderr == "reader: no saved search is called “zzz”: saved searches are: c\n"


def test_bad_names_and_queries_are_one_line_not_a_traceback(run):
    bad_query = run("saved", "add", "broken", '"reward model')
    assert bad_query.exit_code == 2 and bad_query.stdout == ""
    assert bad_query.stderr.startswith("reader: unclosed quote in “\"reward model”")
    assert len(bad_query.stderr.splitlines()) == 1 and "Traceback" not in bad_query.output
    unknown_field = run("saved", "add", "broken", "colour:red")
    assert unknown_field.exit_code == 2 and "unknown field" in unknown_field.stderr
    for name in ("", "   ", "\x1b[2J"):
        empty = run("saved", "add", name, "owls")
        assert empty.exit_code == 2 and empty.stderr.startswith("reader: a saved search needs a name")
    no_query = run("saved", "add", "nothing")
    assert no_query.exit_code == 2 and "give the query to save" in no_query.stderr
    assert run("saved", "list").exit_code == 1  # nothing was saved
    taken = [run("saved", "add", "x", "owls"), run("saved", "add", "X", "parrots")][1]
    assert taken.exit_code == 2 and "exists already" in taken.stderr and "--replace" in taken.stderr
    replaced = run("saved", "add", "X", "parrots", "--replace", "--json")
    assert json.loads(replaced.stdout)["replaced"] is True
    unknown = run("search", "--saved", "nope")
    assert unknown.exit_code == 2 and unknown.stderr.startswith("reader: no saved search is called “nope”")


def test_a_name_with_escape_sequences_is_saved_without_them(run):
    added = run("saved", "add", "\x1b]0;pwned\x07mor\x1b[31mning", "owls", "--json")
    assert json.loads(added.stdout)["name"] == "morning"
    assert "\x1b" not in run("saved", "list").stdout


def test_saved_searches_travel_with_state_export_and_import(run, tmp_path):
    run("saved", "add", "morning", MORNING, "--sort", "newest")
    run("state", "export", str(tmp_path / "state.json"))
    data = json.loads((tmp_path / "state.json").read_text())
    assert [(s["name"], s["query"], s["sort"]) for s in data["saved_searches"]] == [("morning", MORNING, "newest")]
    run("saved", "delete", "morning")
    imported = json.loads(run("state", "import", str(tmp_path / "state.json"), "--json").stdout)
    assert imported["imported"]["saved searches"] == 1
    assert json.loads(run("saved", "list", "--json").stdout)[0]["query"] == MORNING
