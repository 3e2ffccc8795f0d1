"""Tags, reading lists, status, notes, keys and the undo stack, through the Library."""

from __future__ import annotations

import pytest

from reader.library import LibraryError, StateError, UnknownList, UnknownPaper
from reader.models import PaperState


def statements(library) -> list[str]:
    """Record the SQL this thread's store connection runs from now on."""
    seen: list[str] = []
    library.store.conn.get().set_trace_callback(seen.append)
    return seen


def test_tags_on_many_papers_are_one_transaction(library, ids):
    seen = statements(library)
    birds = [ids["owls"], ids["parrots"], ids["ravens"]]
    assert library.tag(birds, ["ML", " deep   learning "]) == 3
    assert seen.count("BEGIN IMMEDIATE") == 1 and seen.count("COMMIT") == 1
    assert library.tags() == [("deep learning", 3), ("ml", 3)]
    assert library.tag(birds, "ml") == 0  # already there
    assert library.tag([ids["swans"]], "ml, vision") == 1
    assert library.state(ids["swans"]).tags == ("ml", "vision")


def test_untag_rename_and_delete_return_counts(library, ids):
    library.tag([ids["owls"], ids["parrots"]], ["ml"])
    library.tag([ids["parrots"], ids["swans"]], ["learning"])
    assert library.untag([ids["owls"], ids["ravens"]], ["ml"]) == 1
    assert library.rename_tag("learning", "ml") == 2  # merges into ml
    assert library.tags() == [("ml", 2)]
    assert library.delete_tag("ml") == 2 and library.tags() == []
    assert library.delete_tag("ml") == 0


@pytest.mark.parametrize("bad", ["", "  ", 'quo"te', [","]])
def test_bad_tag_names_are_refused(library, ids, bad):
    with pytest.raises(StateError):
        library.tag([ids["owls"]], bad)


def test_ids_may_be_unique_prefixes_and_unknown_ids_are_clear(library, ids):
    assert library.tag(ids["owls"][:5], "ml") == 1
    with pytest.raises(UnknownPaper, match="no paper has id"):
        library.tag(["ffffffffffff"], "ml")
    with pytest.raises(UnknownPaper):
        library.set_status("zz", "read")
    assert library.tags() == [("ml", 1)]


def test_reading_list_exists_and_lists_keep_order(library, ids):
    assert library.lists() == [("Reading list", 0)]
    order = [ids["owls"], ids["parrots"], ids["ravens"]]
    assert library.list_add("reading list", order) == 3  # names match without case
    assert library.list_add("Reading list", [ids["parrots"], ids["swans"]]) == 1
    assert [p.id for p in library.list_papers("Reading list")] == [*order, ids["swans"]]
    assert library.list_move("Reading list", ids["ravens"], -1) == 1
    assert library.list_move("Reading list", ids["ravens"], -5) == 0  # stops at the top
    assert library.list_move("Reading list", ids["owls"], +10) == 3
    assert library.list_ids("Reading list") == [ids["ravens"], ids["parrots"], ids["swans"], ids["owls"]]
    assert library.list_remove("Reading list", [ids["parrots"], ids["herons"]]) == 1
    assert library.lists() == [("Reading list", 3)]


def test_create_rename_delete_lists(library, ids):
    library.create_list("To  cite")
    with pytest.raises(StateError, match="exists already"):
        library.create_list("to cite")
    library.list_add("To cite", [ids["owls"], ids["swans"]])
    library.rename_list("to cite", "Cite later")
    assert library.lists() == [("Reading list", 0), ("Cite later", 2)]
    assert library.state(ids["owls"]).lists == ("Cite later",)
    assert library.delete_list("Cite later") == 2
    with pytest.raises(UnknownList, match="no reading list is called “Cite later”: lists are: Reading list"):
        library.list_papers("Cite later")
    with pytest.raises(LibraryError):
        library.list_add("nowhere", [ids["owls"]])


def test_status_cycles_and_notes_are_one_per_paper(library, ids):
    assert library.status(ids["owls"]) == "unread"
    assert library.cycle_status([ids["owls"], ids["parrots"]]) == "reading"
    assert library.cycle_status([ids["owls"]]) == "read"
    assert library.cycle_status([ids["owls"]]) == "unread"
    assert library.status(ids["parrots"]) == "reading"
    assert library.set_status([ids["parrots"], ids["ravens"]], "read") == 2
    with pytest.raises(StateError, match="unknown status “done”"):
        library.set_status([ids["owls"]], "done")
    assert library.set_note(ids["owls"], "first") and library.set_note(ids["owls"], "second thoughts")
    assert library.note(ids["owls"]) == "second thoughts"
    assert not library.set_note(ids["owls"], "second thoughts")
    assert library.set_note(ids["owls"], "") and library.note(ids["owls"]) == ""


def test_states_of_a_page_in_one_read(library, ids):
    library.tag([ids["owls"]], ["b", "a"])
    library.list_add("Reading list", [ids["owls"]])
    library.set_status([ids["owls"]], "reading")
    library.set_note(ids["owls"], "look at fig 2")
    page = [ids["owls"], ids["swans"]]
    seen = statements(library)
    states = library.states(page)
    assert seen.count("BEGIN") == 1
    assert states == {
        ids["owls"]: PaperState(("a", "b"), ("Reading list",), "reading", "look at fig 2"),
        ids["swans"]: PaperState(),
    }


def test_undo_reverts_each_action_in_turn(library, ids):
    birds = [ids["owls"], ids["parrots"], ids["ravens"]]
    assert library.undo() is None
    library.tag(birds, "ml")
    library.list_add("Reading list", birds)
    library.list_move("Reading list", ids["ravens"], -2)
    library.set_status(birds[:2], "read")
    library.set_note(ids["owls"], "hello")
    library.rename_tag("ml", "machine learning")
    library.create_list("Later")
    library.rename_list("Later", "Much later")
    library.delete_list("Reading list")
    library.delete_tag("machine learning")
    library.untag(birds, "nothing-here")  # changed nothing: not on the stack

    seen = statements(library)
    assert library.undo() == "Restored tag machine learning on 3 papers"
    assert seen.count("BEGIN IMMEDIATE") == 1
    assert library.undo() == "Restored list Reading list (3 papers)"
    assert library.list_ids("Reading list") == [ids["ravens"], ids["owls"], ids["parrots"]]
    assert library.undo() == "Renamed list Much later back to Later"
    assert library.undo() == "Removed the new list Later"
    assert library.undo() == "Renamed tag machine learning back to ml (3 papers)"
    assert library.undo() == f"Removed the new note on {ids['owls']}"
    assert library.undo() == "Marked 2 papers unread again"
    assert library.undo().startswith(f"Moved {ids['ravens']} back to place 3")
    assert library.list_ids("Reading list") == birds
    assert library.undo() == "Took 3 papers off Reading list"
    assert library.undo() == "Untagged 3 papers: ml"
    assert library.undo() is None
    assert library.tags() == [] and library.lists() == [("Reading list", 0)]
    assert library.states(birds) == dict.fromkeys(birds, PaperState())


def test_undo_of_untag_and_status_restores_the_old_values(library, ids):
    library.tag([ids["owls"], ids["swans"]], "ml")
    library.set_status([ids["owls"]], "reading")
    library.set_status([ids["swans"]], "read")
    library.untag([ids["owls"], ids["swans"]], "ml")
    library.set_status([ids["owls"], ids["swans"]], "unread")
    assert library.undo() == "Put back the status of 2 papers"
    assert library.undo() == "Tagged 2 papers again: ml"
    assert library.state(ids["owls"]) == PaperState(("ml",), (), "reading", "")
    assert library.state(ids["swans"]) == PaperState(("ml",), (), "read", "")


def test_export_and_import_merge_without_dropping(library, ids, tmp_path, listings):
    from reader.library import Library

    library.tag([ids["owls"], ids["parrots"]], "ml")
    library.create_list("Cite")
    library.list_add("Cite", [ids["parrots"], ids["owls"]])
    library.set_status([ids["owls"]], "reading")
    library.set_note(ids["owls"], "mine")
    library.pin_keys({ids["owls"]: "larsen2024field"})
    exported = library.export_state()

    other = Library.open(tmp_path / "other", [listings])
    other.tag([ids["swans"]], "ml")
    other.list_add("Reading list", [ids["swans"]])
    other.set_status([ids["owls"]], "read")
    other.set_note(ids["owls"], "theirs")
    other.pin_keys({ids["parrots"]: "larsen2024field"})
    summary = other.import_state(exported)
    assert summary == {
        "tags": 2, "lists": 1, "list entries": 2, "status": 0, "notes": 0, "citation keys": 0, "removed": 0,
        "note conflicts": 1, "key conflicts": 1, "saved searches": 0,
    }
    # the newer note wins ("theirs" was written after "mine"); the other is kept in the history, not merged in
    assert other.state(ids["owls"]) == PaperState(("ml",), ("Cite",), "read", "theirs")
    assert other.history(1)[0].to_json()["undo"] == "Undid the state import"
    assert [aside["text"] for aside in other.store.history_entry(other.history(1)[0].seq).set_aside] == ["mine"]
    assert other.list_ids("Cite") == [ids["parrots"], ids["owls"]]
    assert other.state(ids["swans"]).tags == ("ml",) and other.list_ids("Reading list") == [ids["swans"]]
    assert other.import_state(exported)["notes"] == 0  # importing twice adds nothing
    assert other.undo() == "Undid the state import"  # the first: the second changed nothing
    assert other.state(ids["owls"]) == PaperState((), (), "read", "theirs") and other.lists() == [("Reading list", 1)]
    with pytest.raises(StateError, match="not a reader state export"):
        other.import_state({"tags": {}})
    with pytest.raises(StateError, match="not a paper id"):
        other.import_state({**exported, "tags": {"x": ["nope"]}})
    other.close()


def test_import_is_one_undoable_action(library, ids):
    exported = {"format": "reader-state", "tags": {"ml": [ids["owls"]]}, "status": {ids["owls"]: "read"}}
    library.import_state(exported)
    assert library.state(ids["owls"]).status == "read"
    assert library.undo() == "Undid the state import"
    assert library.state(ids["owls"]) == PaperState()


def test_pinned_keys_never_change_and_are_unique(library, ids):
    assert library.pin_keys({ids["owls"]: "larsen2024a", ids["parrots"]: "larsen2024b"}) == 2
    assert library.pin_keys({ids["owls"]: "other"}) == 0
    with pytest.raises(StateError, match="taken"):
        library.pin_keys({ids["ravens"]: "larsen2024a"})
    assert library.pinned_keys() == {ids["owls"]: "larsen2024a", ids["parrots"]: "larsen2024b"}


def test_refresh_sees_another_connection_and_the_store_opens_lazily(library, ids, listings, tmp_path):
    from reader.library import Library

    assert not library.store_path.exists()  # nothing made until state is used
    assert library.refresh() is False
    other = Library.open(tmp_path / "data", [listings])
    other.tag([ids["owls"]], "seen")
    assert library.refresh() is True and library.refresh() is False
    assert library.state(ids["owls"]).tags == ("seen",)
    other.close()


def test_state_is_used_from_worker_threads(library, ids):
    import threading

    errors = []

    def work(tag):
        try:
            for _ in range(20):
                library.tag([ids["owls"]], tag)
                library.untag([ids["owls"]], tag)
            library.tag([ids["owls"]], tag)
        except Exception as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=work, args=(f"t{n}",)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and library.state(ids["owls"]).tags == ("t0", "t1", "t2", "t3")
