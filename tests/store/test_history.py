"""The one history in the store: undo and redo across restarts, refusals, the bound, tombstones,
and notes merged by time."""

from __future__ import annotations

import pytest

from reader.library import Library
from reader.models import PaperState
from reader.store import StateError


def reopen(tmp_path, listings) -> Library:
    """A new Library (a new Store, new connections) on the same data dir, as after a restart."""
    return Library.open(tmp_path / "data", [listings])


def test_undo_and_redo_work_across_a_restart(library, ids, tmp_path, listings):
    library.tag([ids["owls"], ids["ravens"]], "ml")
    library.set_note(ids["owls"], "fig 2")
    library.close()
    with reopen(tmp_path, listings) as again:
        assert again.undo() == f"Removed the new note on {ids['owls']}"
        assert again.undo() == "Untagged 2 papers: ml"
        assert again.undo() is None
        assert again.state(ids["owls"]) == PaperState()
    with reopen(tmp_path, listings) as third:
        assert third.redo() == "Tagged 2 papers: ml"
        assert third.state(ids["ravens"]).tags == ("ml",) and third.note(ids["owls"]) == ""
        assert third.redo() == f"Wrote a note on {ids['owls']}"
        assert third.redo() is None
        assert third.state(ids["owls"]) == PaperState(("ml",), (), "unread", "fig 2")
        assert [e.state for e in third.history()] == ["done", "done"]


def test_a_new_change_ends_the_redos(library, ids):
    library.tag([ids["owls"]], "a")
    library.tag([ids["owls"]], "b")
    library.undo()
    library.tag([ids["owls"]], "c")
    assert library.redo() is None
    assert [(e.what, e.state) for e in library.history()] == [
        ("Tagged 1 paper: c", "done"), ("Tagged 1 paper: b", "dropped"), ("Tagged 1 paper: a", "done")]
    assert library.state(ids["owls"]).tags == ("a", "c")


def test_undo_of_a_change_a_later_change_depends_on_is_refused(library, ids):
    library.tag([ids["owls"]], "ml")
    first = library.history(1)[0].seq
    library.untag([ids["owls"]], "ml")
    library.create_list("Later")
    made = library.history(1)[0].seq
    library.list_add("Later", [ids["parrots"]])
    with pytest.raises(StateError, match=rf"cannot undo #{first} “Tagged 1 paper: ml”: the later change "
                                         rf"#{first + 1} “Untagged 1 paper: ml” touched the same rows; "
                                         rf"undo that first \(`reader undo {first + 1}`\)"):
        library.undo(first)
    with pytest.raises(StateError, match=rf"cannot undo #{made} “Created the list Later”: the later change "
                                         rf"#{made + 1} “Added 1 paper to Later”"):
        library.undo(made)
    assert library.state(ids["owls"]).tags == () and library.list_ids("Later") == [ids["parrots"]]
    assert [e.state for e in library.history()] == ["done"] * 4  # nothing was changed by the refusals
    assert library.undo(first + 1) == "Tagged 1 paper again: ml"  # an older change, out of turn: nothing depends on it
    assert library.state(ids["owls"]).tags == ("ml",) and library.list_ids("Later") == [ids["parrots"]]
    with pytest.raises(StateError, match="is undone already"):
        library.undo(first + 1)
    with pytest.raises(StateError, match="there is no change #999"):
        library.undo(999)


def test_undo_is_refused_when_the_rows_changed_outside_the_history(library, ids):
    library.tag([ids["owls"]], "ml")
    with library.store.conn.writing() as db:  # e.g. an older reader that keeps no history
        db.execute("UPDATE paper_tags SET added = 1 WHERE tag = 'ml'")
    with pytest.raises(StateError, match="changed since, outside the history"):
        library.undo()
    assert library.state(ids["owls"]).tags == ("ml",)


def test_the_history_holds_every_kind_of_change_and_undoes_them_all(library, ids):
    birds = [ids["owls"], ids["parrots"], ids["ravens"]]
    library.tag(birds, "ml")
    library.create_list("Cite")
    library.list_add("Cite", birds)
    library.list_move("Cite", ids["ravens"], -2)
    library.set_status(birds, "read")
    library.set_note(ids["owls"], "hello")
    library.rename_tag("ml", "learning")
    library.rename_list("Cite", "Cited")
    library.list_remove("Cited", [ids["owls"]])
    library.delete_tag("learning")
    library.delete_list("Cited")
    library.import_state({"format": "reader-state", "tags": {"x": [ids["swans"]]}})
    assert library.pin_keys({ids["owls"]: "larsen2024a"}) == 1
    whats = [e.what for e in library.history()]
    assert len(whats) == 13 and whats[0] == "Pinned 1 citation key: larsen2024a"
    assert whats[-1] == "Tagged 3 papers: ml" and whats[-2] == "Created the list Cite"
    while library.undo() is not None:
        pass
    assert library.tags() == [] and library.lists() == [("Reading list", 0)]
    assert library.states(birds) == dict.fromkeys(birds, PaperState())
    assert library.pinned_keys() == {ids["owls"]: "larsen2024a"}  # a pinned key is kept: never undone
    assert library.history(1)[0].to_json()["undoable"] is False
    while library.redo() is not None:
        pass
    assert library.tags() == [("x", 1)] and library.lists() == [("Reading list", 0)]
    assert library.state(ids["owls"]) == PaperState((), (), "read", "hello")


def test_the_history_is_bounded(tmp_path, listings, ids):
    library = Library.open(tmp_path / "data", [listings])
    library.history_limit = 5
    for n in range(8):
        library.tag([ids["owls"]], f"t{n}")
    size = library.history_size()
    assert size == {"entries": 5, "undoable": 5, "redoable": 0, "limit": 5}
    assert [e.what for e in library.history()][-1] == "Tagged 1 paper: t3"
    for _ in range(5):
        assert library.undo() is not None
    assert library.undo() is None  # the three oldest changes were let go
    assert library.state(ids["owls"]).tags == ("t0", "t1", "t2")
    library.close()


def test_removals_leave_tombstones_that_an_export_carries(library, ids):
    library.tag([ids["owls"]], "ml")
    library.list_add("Reading list", [ids["owls"]])
    library.set_note(ids["owls"], "draft")
    library.untag([ids["owls"]], "ml")
    library.list_remove("Reading list", [ids["owls"]])
    library.set_note(ids["owls"], "")
    stones = {(s["kind"], s["name"], s["paper"]) for s in library.export_state()["tombstones"]}
    assert stones == {("tag", "ml", ids["owls"]), ("list entry", "Reading list", ids["owls"]),
                      ("note", "", ids["owls"])}
    library.undo()  # the note is back: its tombstone goes
    kinds = {s["kind"] for s in library.export_state()["tombstones"]}
    assert kinds == {"tag", "list entry"}


def test_deletions_travel_between_two_machines_and_back(library, ids, tmp_path, listings):
    a = library
    b = Library.open(tmp_path / "b", [listings])
    a.tag([ids["owls"], ids["parrots"]], "ml")
    a.create_list("Cite")
    a.list_add("Cite", [ids["owls"], ids["parrots"]])
    a.set_note(ids["parrots"], "read later")
    b.import_state(a.export_state())
    assert b.state(ids["owls"]) == PaperState(("ml",), ("Cite",), "unread", "")
    assert b.list_ids("Cite") == [ids["owls"], ids["parrots"]]

    a.untag([ids["owls"]], "ml")
    a.list_remove("Cite", [ids["parrots"]])
    a.set_note(ids["parrots"], "")
    b.tag([ids["ravens"]], "ml")  # b's own change after a's removals: kept
    summary = b.import_state(a.export_state())
    assert summary["removed"] == 3
    assert b.state(ids["owls"]).tags == () and b.list_ids("Cite") == [ids["owls"]]
    assert b.note(ids["parrots"]) == "" and b.state(ids["ravens"]).tags == ("ml",)
    b.undo()  # the import is one change: its removals come back
    assert b.state(ids["owls"]).tags == ("ml",) and b.note(ids["parrots"]) == "read later"
    b.redo()

    a.import_state(b.export_state())  # and back: nothing a removed returns, b's new tag arrives
    assert a.state(ids["owls"]).tags == () and a.list_ids("Cite") == [ids["owls"]]
    assert a.note(ids["parrots"]) == "" and a.state(ids["ravens"]).tags == ("ml",)
    assert a.export_state()["tags"] == b.export_state()["tags"]
    b.close()


def test_a_tag_added_again_after_its_removal_elsewhere_is_kept(library, ids, tmp_path, listings):
    a, b = library, Library.open(tmp_path / "b", [listings])
    a.tag([ids["owls"]], "ml")
    b.import_state(a.export_state())
    a.untag([ids["owls"]], "ml")
    b.untag([ids["owls"]], "ml")
    b.tag([ids["owls"]], "ml")  # b removed and added it again, after a removed it
    b.import_state(a.export_state())
    assert b.state(ids["owls"]).tags == ("ml",)
    a.import_state(b.export_state())
    assert a.state(ids["owls"]).tags == ("ml",)  # b's addition is newer than a's removal
    b.close()


def test_of_two_different_notes_the_newer_wins_and_the_other_is_kept_in_the_history(library, ids, tmp_path,
                                                                                      listings):
    a, b = library, Library.open(tmp_path / "b", [listings])
    a.set_note(ids["owls"], "great paper")
    b.set_note(ids["owls"], "edited on B")  # written later
    from_a, from_b = a.export_state(), b.export_state()

    summary = b.import_state(from_a)  # b's note is newer: kept; a's is set aside, not merged in
    assert summary["note conflicts"] == 1 and summary["notes"] == 0
    assert b.note(ids["owls"]) == "edited on B"
    [entry] = [e for e in b.history() if e.set_aside]
    assert [(s["paper"], s["text"]) for s in entry.set_aside] == [(ids["owls"], "great paper")]
    assert b.import_state(from_a)["note conflicts"] == 1 and len([e for e in b.history() if e.set_aside]) == 1

    summary = a.import_state(from_b)  # the newer note replaces a's, whose text stays in the history
    assert summary["notes"] == 1 and a.note(ids["owls"]) == "edited on B"
    [entry] = [e for e in a.history() if e.set_aside]
    assert [s["text"] for s in entry.set_aside] == ["great paper"]
    assert a.undo() == "Undid the state import"
    assert a.note(ids["owls"]) == "great paper"
    b.close()


def test_an_export_without_times_still_imports_and_bad_times_are_refused(library, ids):
    old = {"format": "reader-state", "tags": {"ml": [ids["owls"]]}, "notes": {ids["owls"]: "old file"}}
    assert library.import_state(old)["tags"] == 1 and library.note(ids["owls"]) == "old file"
    library.set_note(ids["owls"], "mine")
    summary = library.import_state(old)  # no time: the note here is kept, the other set aside
    assert library.note(ids["owls"]) == "mine" and summary["note conflicts"] == 1
    bad = {**old, "tombstones": [{"kind": "tag", "name": "ml", "paper": ids["owls"], "removed": "yesterday"}]}
    with pytest.raises(StateError, match="“yesterday” in tombstones is not a time"):
        library.import_state(bad)
    bad = {**old, "tombstones": [{"kind": "shelf", "name": "x", "paper": ids["owls"], "removed": 1.0}]}
    with pytest.raises(StateError, match="“shelf” in tombstones is not a kind of removal"):
        library.import_state(bad)
    bad = {**old, "tombstones": [{"kind": "tag", "name": "\x1b[2Jml", "paper": ids["owls"], "removed": 9e9}]}
    summary = library.import_state(bad)
    assert library.state(ids["owls"]).tags == () and summary["removed"] == 1
    assert any("control characters" in w for w in summary["warnings"])
