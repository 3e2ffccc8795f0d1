"""`reader undo`, `reader redo`, `reader history` and the history the CLI shares with the app's Library."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from reader.library import Library
from reader.models import PaperState
from tests.cli_birds import ids, listings, run  # noqa: F401 - fixtures


def test_a_cli_change_is_undone_in_a_library_and_a_library_change_by_the_cli(run, ids, listings, tmp_path):
    assert run("tag", ids["owls"], "ml").exit_code == 0
    with Library.open(tmp_path / "data", [listings]) as library:  # the app's side
        assert library.undo() == "Untagged 1 paper: ml"
        assert library.state(ids["owls"]) == PaperState()
    redone = run("redo", "--json")  # undone by the Library, redone by the CLI
    assert json.loads(redone.stdout) == {"redone": "Tagged 1 paper: ml"}
    with Library.open(tmp_path / "data", [listings]) as library:
        assert library.state(ids["owls"]).tags == ("ml",)
        library.set_note(ids["ravens"], "seen at dusk")
    undone = run("undo")
    assert undone.exit_code == 0 and undone.stdout == f"undone: Removed the new note on {ids['ravens']}\n"
    with Library.open(tmp_path / "data", [listings]) as library:
        assert library.note(ids["ravens"]) == ""
        assert library.redo() == f"Wrote a note on {ids['ravens']}"
        assert library.note(ids["ravens"]) == "seen at dusk"


def test_history_lists_the_newest_changes_first(run, ids):
    run("tag", ids["owls"], "ml")
    run("status", ids["owls"], "read")
    run("list", "create", "Thesis")
    run("undo")
    lines = run("history").stdout.splitlines()
    assert [line.split(maxsplit=4)[3:] for line in lines] == [
        ["undone", "Created the list Thesis"], ["done", "Marked 1 paper read"], ["done", "Tagged 1 paper: ml"]]
    assert [line.split()[0] for line in lines] == ["3", "2", "1"]
    data = json.loads(run("history", "-n", "2", "--json").stdout)
    assert [(e["seq"], e["state"], e["undo"]) for e in data] == [
        (3, "undone", "Removed the new list Thesis"), (2, "done", "Marked 1 paper unread again")]
    assert data[0]["at"].endswith("+00:00") and data[0]["undoable"] is True


def test_undo_says_what_it_refuses_in_one_line_and_nothing_to_undo_exits_1(run, ids):
    nothing = run("undo")
    assert nothing.exit_code == 1 and nothing.stderr == "Nothing to undo.\n"
    assert run("redo").exit_code == 1
    empty = run("history")
    assert empty.exit_code == 1 and "No changes yet" in empty.stderr
    run("tag", ids["owls"], "ml")
    run("untag", ids["owls"], "ml")
    refused = run("undo", "1")
    assert refused.exit_code == 2
    assert refused.stderr == ("reader: cannot undo #1 “Tagged 1 paper: ml”: the later change #2 “Untagged 1 paper: "
                              "ml” touched the same rows; undo that first (`reader undo 2`)\n")
    assert json.loads(run("show", ids["owls"], "--json").stdout)["state"]["tags"] == []
    assert run("undo", "2").exit_code == 0 and run("undo", "1").exit_code == 0
    assert run("undo", "7").stderr == "reader: there is no change #7 in the history: `reader history` lists them\n"


def test_doctor_reports_the_history_and_the_config_bounds_it(run, ids, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("history_limit = 2\n", encoding="utf-8")
    base = ["--config", str(config)]
    for tag in ("a", "b", "c"):
        assert run(*base, "tag", ids["owls"], tag).exit_code == 0
    assert len(json.loads(run(*base, "history", "--json").stdout)) == 2
    doctor = run(*base, "doctor")
    assert "  history       2 changes (limit 2; 2 can be undone, 0 redone)" in doctor.stdout.splitlines()
    report = json.loads(run(*base, "doctor", "--json").stdout)["store"]["history"]
    assert report == {"entries": 2, "undoable": 2, "redoable": 0, "limit": 2}
    config.write_text("history_limit = -3\n", encoding="utf-8")
    warned = run(*base, "history")
    assert "history_limit must be a whole number of changes, 0 or more" in warned.stderr


# concurrent writers ----------------------------------------------------------------
CLI_LOOP = textwrap.dedent(
    """
    import subprocess, sys
    seeds, data, name, ids = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    base = [sys.executable, "-m", "reader", "--seeds", seeds, "--data-dir", data]
    steps = [["tag", ids[0], name], ["note", ids[1], name + " was here"], ["list", "add", "Reading list", ids[2]],
             ["undo"], ["status", ids[0], "reading"], ["tag", ids[1], name], ["redo"], ["untag", ids[0], name]]
    for step in steps:
        done = subprocess.run([*base, *step], capture_output=True, text=True, timeout=120)
        if done.returncode not in (0, 1) or "Traceback" in done.stderr:  # 1: nothing to undo/redo, or no change
            print(step, done.returncode, done.stderr, file=sys.stderr)
            sys.exit(1)
    """
)

LIBRARY_WRITER = textwrap.dedent(
    """
    import sys
    from reader.library import Library
    data, seeds, ids = sys.argv[1], sys.argv[2], sys.argv[3:]
    with Library.open(data, [seeds]) as library:
        for n in range(40):
            paper = ids[n % len(ids)]
            if n % 4 == 0:
                library.tag([paper], "app")
            elif n % 4 == 1:
                library.set_note(paper, f"app note {n}")
            elif n % 4 == 2:
                library.cycle_status([paper])
            else:
                library.undo()
    """
)


def _state(library: Library, ids: list[str]) -> dict:
    return {"states": library.states(ids), "lists": {name: library.list_ids(name) for name, _ in library.lists()}}


def test_concurrent_cli_loops_and_a_library_writer_keep_one_consistent_history(run, ids, listings, tmp_path):
    birds = sorted(ids.values())
    data = str(tmp_path / "data")
    writers = [subprocess.Popen([sys.executable, "-c", CLI_LOOP, str(listings), data, name, *birds],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for name in ("alpha", "beta")]
    writers.append(subprocess.Popen([sys.executable, "-c", LIBRARY_WRITER, data, str(listings), *birds],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    for writer in writers:
        _, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err

    with Library.open(tmp_path / "data", [listings]) as library:
        entries = library.history()
        seqs = [e.seq for e in entries]
        assert seqs == sorted(seqs, reverse=True) and len(set(seqs)) == len(seqs)
        assert len(entries) >= 30  # the writer's 30 changes at least, and the loops' tags and notes
        assert {"alpha", "beta", "app"} <= {e.what.rsplit(": ", 1)[-1] for e in entries if e.what.startswith("Tagged")}
        states = [e.state for e in entries]
        # one line of history: what is undone now (redoable) is newer than every change in force
        assert "undone" not in states[states.index("done"):]
        final = _state(library, birds)
        undone = 0
        while library.undo() is not None:  # every change in force undoes in turn, none refused
            undone += 1
        assert undone == sum(1 for e in entries if e.state == "done")
        assert _state(library, birds) == {"states": dict.fromkeys(birds, PaperState()), "lists": {"Reading list": []}}
        while library.redo() is not None:
            pass
        assert _state(library, birds) == final


def test_state_files_carry_removals_and_the_newer_note_between_two_data_dirs(run, ids, tmp_path):
    other = ["--data-dir", str(tmp_path / "other")]
    run("tag", ids["owls"], "ml")
    assert run("state", "export", str(tmp_path / "a.json")).exit_code == 0
    assert run(*other, "state", "import", str(tmp_path / "a.json")).exit_code == 0
    run("note", ids["owls"], "great paper")
    run("untag", ids["owls"], "ml")  # removed on A after B had it
    run(*other, "note", ids["owls"], "edited on B")  # the newer note
    run("state", "export", str(tmp_path / "a.json"))
    imported = run(*other, "state", "import", str(tmp_path / "a.json"))
    assert imported.exit_code == 0 and "1 removed" in imported.stdout and "1 note conflicts" in imported.stdout
    assert "the newer was kept; the other is in `reader history`" in imported.stderr
    shown = json.loads(run(*other, "show", ids["owls"], "--json").stdout)["state"]
    assert shown["tags"] == [] and shown["note"] == "edited on B"  # not "edited on B\n\ngreat paper"
    lines = run(*other, "history").stdout.splitlines()
    assert lines[0].endswith("Imported state (1 removed, 1 note conflicts)")
    assert lines[1].strip() == (f"set aside: the note on {ids['owls']} (the note here is newer): great paper")
