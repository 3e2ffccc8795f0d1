"""Saved searches in the store and the Library: names as outside text, places, counts, undo,
state export and import, and a store made before they existed."""

from __future__ import annotations

import pytest

from reader.library import Library, QueryError, StateError
from reader.store import Store, connection
from reader.store.saved import UnknownSaved
from reader.store.schema import migrate


def test_saved_searches_keep_their_query_sort_and_place(library, ids):
    library.set_status([ids["owls"]], "read")
    first = library.save_search("morning", 'dusk -status:read', "newest")
    second = library.save_search("Swans", "swans", "title")
    assert (first.position, second.position) == (1, 2)
    assert [(s.name, s.query, s.sort) for s in library.saved_searches()] == [
        ("morning", "dusk -status:read", "newest"), ("Swans", "swans", "title")]
    counted = library.saved_counts()
    assert [(c.saved.name, c.papers) for c in counted] == [("morning", 5), ("Swans", 1)]
    library.set_status([ids["parrots"]], "read")  # the count is live: it follows the state
    assert library.saved_counts()[0].papers == 4


def test_a_name_loses_its_control_characters_and_an_empty_one_is_refused(library):
    saved = library.save_search("\x1b[31mred\x1b[0m  \x07alert", "owls")
    assert saved.name == "red alert"
    assert library.saved_search("RED ALERT").query == "owls"  # names match in any case
    for empty in ("", "   ", "\x1b[2J", "\x07\x08"):
        with pytest.raises(StateError, match="needs a name"):
            library.save_search(empty, "owls")
    with pytest.raises(StateError, match="too long"):
        library.save_search("x" * 101, "owls")
    assert [s.name for s in library.saved_searches()] == ["red alert"]


def test_a_query_loses_its_control_characters_and_a_bad_or_empty_one_is_refused(library):
    assert library.save_search("owls", "ow\x1b[1mls\x1b[0m\n dusk").query == "owls dusk"
    with pytest.raises(QueryError, match="unclosed quote"):
        library.save_search("broken", '"reward model')
    with pytest.raises(QueryError, match="unknown field"):
        library.save_search("broken", "colour:red")
    with pytest.raises(StateError, match="give the query"):
        library.save_search("nothing", "  \x07 ")
    with pytest.raises(StateError, match="unknown sort"):
        library.save_search("sorted", "owls", "loudest")
    assert [s.name for s in library.saved_searches()] == ["owls"]


def test_a_list_search_keeps_the_list_order(library, ids):
    library.create_list("Later")
    library.list_add("Later", [ids["swans"], ids["owls"]])
    saved = library.save_search("later", 'list:"Later"', "list")
    assert saved.sort == "list"
    [counted] = library.saved_counts()
    assert counted.papers == 2
    assert [h.paper.id for h in library.search(saved.query, sort=saved.sort).hits] == [ids["swans"], ids["owls"]]


def test_a_name_in_use_is_refused_unless_replaced_in_its_place(library):
    library.save_search("a", "owls")
    library.save_search("b", "parrots")
    with pytest.raises(StateError, match="exists already"):
        library.save_search("A", "ravens")
    replaced = library.save_search("A", "ravens", "oldest", replace=True)
    assert (replaced.name, replaced.position) == ("A", 1)
    assert [(s.name, s.query, s.sort) for s in library.saved_searches()] == [
        ("A", "ravens", "oldest"), ("b", "parrots", "relevance")]


def test_deleting_moves_the_later_ones_up_and_undo_puts_it_back(library):
    for name in ("one", "two", "three"):
        library.save_search(name, name)
    assert library.delete_saved("TWO").name == "two"
    assert [(s.name, s.position) for s in library.saved_searches()] == [("one", 1), ("three", 2)]
    assert library.saved_search("2").name == "three"  # a place, when no name is "2"
    library.undo()
    assert [(s.name, s.position) for s in library.saved_searches()] == [("one", 1), ("two", 2), ("three", 3)]
    with pytest.raises(UnknownSaved, match="no saved search is called “four”: saved searches are: one, two, three"):
        library.delete_saved("four")


def test_a_saved_query_that_no_longer_reads_is_counted_as_a_problem(library):
    library.save_search("fine", "owls")
    with library.store.conn.writing() as db:  # e.g. written by a reader whose query language differed
        db.execute("UPDATE saved_searches SET query='colour:red' WHERE name='fine'")
    [counted] = library.saved_counts()
    assert counted.papers is None and "unknown field" in counted.problem


def test_saved_searches_travel_in_a_state_export(library, tmp_path, listings):
    library.save_search("morning", "dusk -status:read", "newest")
    library.save_search("swans", "swans")
    data = library.export_state()
    assert [(s["name"], s["query"], s["sort"]) for s in data["saved_searches"]] == [
        ("morning", "dusk -status:read", "newest"), ("swans", "swans", "relevance")]
    other = Store.open(tmp_path / "other.sqlite3")
    other.save_search("Swans", "swans", "title")  # here already, differently: kept
    summary = other.import_state(data).value
    assert summary["saved searches"] == 1
    assert any("“Swans” is different here: kept yours" in w for w in summary["warnings"])
    assert [(s.name, s.query, s.sort, s.position) for s in other.saved_searches()] == [
        ("Swans", "swans", "title", 1), ("morning", "dusk -status:read", "newest", 2)]
    assert other.import_state(data).value["saved searches"] == 0  # importing twice adds nothing
    other.close()


def test_an_imported_saved_search_is_cleaned_and_a_malformed_one_refused(tmp_path):
    store = Store.open(tmp_path / "state.sqlite3")
    data = {"format": "reader-state", "saved_searches": [
        {"name": "\x1b]0;pwned\x07evil", "query": "owls\x1b[2J", "sort": "loudest"},
        {"name": "\x1b[0m", "query": "owls"},
    ]}
    summary = store.import_state(data).value
    assert [(s.name, s.query, s.sort) for s in store.saved_searches()] == [("evil", "owls", "relevance")]
    warnings = " ".join(summary["warnings"])
    assert "held control characters: imported as “evil”" in warnings and "unknown sort" in warnings
    assert "was left out" in warnings and "\x1b" not in warnings
    with pytest.raises(StateError, match="not a list"):
        store.import_state({"format": "reader-state", "saved_searches": {"name": "x"}})
    with pytest.raises(StateError, match="is not a saved search"):
        store.import_state({"format": "reader-state", "saved_searches": ["owls"]})
    assert len(store.saved_searches()) == 1
    store.close()


def test_a_store_from_before_saved_searches_gains_the_table(tmp_path):
    path = tmp_path / "state.sqlite3"
    db = connection.connect(path, create=True)
    db.execute("PRAGMA journal_mode = WAL")
    migrate(db, path, target=3)
    db.close()
    store = Store.open(path)
    assert store.saved_searches() == []
    assert store.save_search("x", "owls").value.position == 1
    store.close()


def test_adding_and_deleting_are_in_the_history_and_undone_after_a_restart(library, listings, tmp_path):
    library.save_search("morning", "dusk -status:read", "newest")
    library.save_search("Morning", "dusk", replace=True)
    library.delete_saved("morning")
    assert [e.what for e in library.history(3)] == [
        "Deleted the saved search Morning", "Replaced the saved search Morning", "Saved the search morning "
        "(dusk -status:read)"]
    library.close()
    again = Library.open(tmp_path / "data", [listings])  # a restart: the history is in the store
    try:
        assert again.undo() == "Restored the saved search Morning"
        assert [(s.name, s.query) for s in again.saved_searches()] == [("Morning", "dusk")]
        assert again.undo() == "Put back the saved search morning"
        assert again.saved_search("morning").query == "dusk -status:read"
        assert again.redo() == "Replaced the saved search Morning"  # redo: the last one undone, done again
        assert [(s.name, s.query) for s in again.saved_searches()] == [("Morning", "dusk")]
    finally:
        again.close()
