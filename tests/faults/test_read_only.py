"""A read-only data dir, index or store (issue 15, item 10): searching, doctor and every read
work, with one note on stderr that edits are off; each edit and index update is refused in
one line that says what to do; nothing in the data dir changes."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import cli
from tests.conftest import write_dated
from tests.faults.unprivileged import Outcome, run_jobs

pytestmark = pytest.mark.slow  # each test starts a process


def build(tmp_path: Path) -> tuple[dict[str, str], str]:
    """A small library with one tagged paper; the environment that reaches it, and that paper's id."""
    listings = tmp_path / "listings"
    listings.mkdir()
    write_dated(listings / "a.txt", [
        ("CVJan 5, 2024", "Seeing Owls at NightIda Larsen, Bo Berg", "Owls see well at night."),
        ("CLJan 6, 2024", "Talking Parrots RevisitedAna Silva", "Parrots talk."),
    ])
    env = {"READER_DATA_DIR": str(tmp_path / "data"), "READER_SEEDS": str(listings),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    runner = CliRunner(env=env)
    found = runner.invoke(cli, ["search", "owls", "--json"])
    assert found.exit_code == 0, found.output
    paper = json.loads(found.stdout)[0]["id"]
    assert runner.invoke(cli, ["tag", paper, "ml"]).exit_code == 0
    return env, paper


def contents(folder: Path) -> dict[str, str]:
    """Every file under `folder` by relative path, with a hash of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def make_read_only(path: Path) -> None:
    for item in [path, *path.rglob("*")] if path.is_dir() else [path]:
        item.chmod(item.stat().st_mode & ~0o222)


@pytest.fixture
def writable_again(tmp_path):
    yield
    for item in tmp_path.rglob("*"):  # so pytest can delete it
        if not item.is_symlink():
            item.chmod(item.stat().st_mode | 0o200)


def refused(outcome: Outcome, *words: str) -> None:
    """Exit 2 with one line on stderr (after any notes) that names the problem and the fix."""
    lines = [line for line in outcome.err.splitlines() if not line.startswith("reader: note:")]
    assert outcome.crash is None and outcome.code == 2, outcome
    assert len(lines) == 1 and "Traceback" not in outcome.err and "unexpected" not in outcome.err, outcome.err
    assert all(word in lines[0] for word in words), lines[0]


NOTE = "searching works, edits and index updates are off (make it writable with chmod u+w, or use another --data-dir)"


def test_a_read_only_data_dir_searches_and_refuses_each_edit_in_one_line(tmp_path, writable_again):
    env, paper = build(tmp_path)
    data = Path(env["READER_DATA_DIR"])
    assert CliRunner(env=env).invoke(cli, ["store", "backup"]).exit_code == 0
    make_read_only(data)
    before = contents(data)
    edits = [["tag", paper, "new"], ["note", paper, "hello"], ["status", paper, "read"],
             ["list", "add", "Reading list", paper], ["tag-delete", "ml"]]
    store_upkeep = [["store", "backup"], ["store", "reset", "--force"], ["store", "restore"]]
    [outcomes] = run_jobs([(env, [["search", "owls"], ["search", "tag:ml"], ["doctor"], ["tags"], ["cite", paper],
                                  *edits, *store_upkeep, ["index", "--rebuild"]])])
    search, tagged, doctor, tags, cite, *edit_outcomes, backup, reset, restore, rebuild = outcomes
    for outcome in (search, tagged, doctor, tags, cite):
        assert outcome.crash is None and outcome.code == 0, outcome
        assert outcome.err.splitlines()[0] == f"reader: note: the data dir {data} is read-only: {NOTE}", outcome.err
    assert "Seeing Owls at Night" in search.out and "Seeing Owls at Night" in tagged.out
    assert "tags          1 on 1 paper" in doctor.out and "ml" in tags.out and "larsen2024seeing" in cite.out
    for outcome in edit_outcomes:
        refused(outcome, "state.sqlite3 is read-only", "chmod u+w")
    refused(rebuild, "is read-only: it cannot be rebuilt", "chmod u+w")
    for outcome in (backup, reset, restore):
        refused(outcome, "read-only" if outcome is not reset else "Permission denied", "chmod u+w")
    assert contents(data) == before


def test_a_read_only_index_searches_and_still_saves_edits(tmp_path, writable_again):
    env, paper = build(tmp_path)
    index = Path(env["READER_DATA_DIR"]) / "index"
    make_read_only(index)
    before = contents(index)
    [(search, tag, tagged)] = run_jobs([(env, [["search", "owls"], ["tag", paper, "new"], ["search", "tag:new"]])])
    for outcome in (search, tag, tagged):
        assert outcome.crash is None and outcome.code == 0, outcome
        assert outcome.err.splitlines()[0] == (f"reader: note: the index {index} is read-only: searching works, "
                                               "index updates are off (make it writable with chmod u+w, or use "
                                               "another --data-dir)"), outcome.err
    assert "Seeing Owls at Night" in search.out and "Seeing Owls at Night" in tagged.out
    assert contents(index) == before


def test_a_read_only_store_is_read_and_never_written(tmp_path, writable_again):
    env, paper = build(tmp_path)
    store = Path(env["READER_DATA_DIR"]) / "state.sqlite3"
    make_read_only(store)
    before = store.read_bytes()
    [(tagged, tag)] = run_jobs([(env, [["search", "tag:ml"], ["tag", paper, "new"]])])
    assert tagged.crash is None and tagged.code == 0 and "Seeing Owls at Night" in tagged.out, tagged
    assert f"reader: note: the store {store} is read-only: searching works, edits are off" in tagged.err
    refused(tag, "state.sqlite3 is read-only", "chmod u+w")
    assert store.read_bytes() == before


def test_a_read_only_data_dir_without_an_index_says_so_in_one_line(tmp_path, writable_again):
    data = tmp_path / "data"
    data.mkdir()
    make_read_only(data)
    env = {"READER_DATA_DIR": str(data), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    [(search,)] = run_jobs([(env, [["search", "owls"]])])
    refused(search, f"the data dir {data} is read-only and holds no index yet", "chmod u+w")
    assert os.listdir(data) == []


def test_a_read_only_generation_in_a_writable_index_is_rebuilt_beside_it_when_listings_change(
        tmp_path, writable_again):
    env, _ = build(tmp_path)
    index = Path(env["READER_DATA_DIR"]) / "index"
    old = index / (index / "CURRENT").read_text().strip()
    make_read_only(old)
    write_dated(Path(env["READER_SEEDS"]) / "b.txt", [("CLJan 7, 2024", "Singing WrensEva Lind", "Wrens sing.")])
    [(search, again)] = run_jobs([(env, [["search", "wrens"], ["search", "owls"]])])
    for outcome, title in ((search, "Singing Wrens"), (again, "Seeing Owls at Night")):
        assert outcome.crash is None and outcome.code == 0 and title in outcome.out, outcome
        assert "unexpected" not in outcome.err and "note" not in outcome.err, outcome.err
    assert (index / "CURRENT").read_text().strip() != old.name


def test_the_note_names_what_is_read_only_and_what_is_off(tmp_path, monkeypatch):
    from reader import read_only

    data, index, store = tmp_path, tmp_path / "index", tmp_path / "state.sqlite3"
    index.mkdir()
    store.write_bytes(b"")
    assert read_only.note(data, index, store) is None
    locked: set[Path] = set()
    monkeypatch.setattr(read_only, "can_write", lambda path: path not in locked)  # root ignores chmod
    tail = "(make it writable with chmod u+w, or use another --data-dir)"
    locked.add(data)
    assert read_only.note(data, index, store) == f"the data dir {data} is read-only: searching works, edits are off {tail}"
    locked.add(index)
    assert read_only.note(data, index, store) == (f"the data dir {data} is read-only: searching works, "
                                                  f"edits and index updates are off {tail}")
    locked.discard(data)
    assert read_only.note(data, index, store) == (f"the index {index} is read-only: searching works, "
                                                  f"index updates are off {tail}")
    locked.add(store)
    assert read_only.note(data, index, store) == (f"the index {index} and the store {store} are read-only: "
                                                  f"searching works, edits and index updates are off {tail}")
