"""The state commands: tags, lists, status, notes, state export/import, the store file, doctor."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from reader.cli import cli
from reader.store.schema import VERSION
from tests.conftest import read_jsonl, write_dated

BIRDS = ["owls", "parrots", "ravens"]


@pytest.fixture
def listings(tmp_path):
    folder = tmp_path / "listings"
    folder.mkdir()
    write_dated(folder / "birds.txt", [
        (f"CVJan {n + 1}, 2024", f"Field Notes on {b.title()} at DuskIda Larsen", f"We watched {b}.") for n, b in enumerate(BIRDS)
    ])
    return folder


@pytest.fixture
def run(listings, tmp_path):
    runner = CliRunner()

    def invoke(*args, data="data", input=None):
        base = ["--seeds", str(listings), "--data-dir", str(tmp_path / data)]
        return runner.invoke(cli, [*base, *args], input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def ids(run):
    papers = read_jsonl(run("export", "--format", "jsonl").stdout)
    return {p["title"].split()[3].lower(): p["id"] for p in papers}


def one_line_error(result, code=2) -> str:
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("reader: ") and result.stderr.count("\n") == 1
    return result.stderr


def test_tag_untag_and_tags(run, ids):
    assert run("tags").exit_code == 1
    result = run("tag", ids["owls"][:6], "ml,vision", "Deep Learning")
    assert result.exit_code == 0 and result.stdout == "tagged 1 paper\n"
    run("tag", ids["parrots"], "ml")
    assert run("tags").stdout == "    1  deep learning\n    2  ml\n    1  vision\n"
    assert json.loads(run("tags", "--json").stdout)[1] == {"tag": "ml", "papers": 2}
    assert run("untag", ids["owls"], "vision").stdout == "untagged 1 paper\n"
    assert run("untag", ids["owls"], "vision").stdout == "not tagged so: nothing changed\n"
    assert run("tag-rename", "ml", "machine learning").stdout == "renamed the tag on 2 papers\n"
    assert run("tag-delete", "deep learning").stdout == "removed the tag from 1 paper\n"
    assert run("tag-delete", "deep learning").exit_code == 1
    assert run("tags").stdout == "    2  machine learning\n"


@pytest.mark.parametrize("args", [("tag", "ffffffffffff", "ml"), ("untag", "zz", "ml"), ("status", "123456789abc", "read"),
                                  ("note", "ffffff"), ("list", "add", "Reading list", "ffffffffffff"), ("tag", "0", ",")])
def test_unknown_ids_exit_2_with_one_line(run, ids, args):
    one_line_error(run(*args))


def test_lists(run, ids):
    assert run("lists").stdout == "    0  Reading list\n"
    assert run("list", "add", "Reading list", ids["ravens"], ids["owls"]).stdout == "added 2 papers to Reading list\n"
    shown = run("list", "show", "reading list")
    assert [line.split()[0] for line in shown.stdout.splitlines()] == [ids["ravens"], ids["owls"]]
    assert [p["id"] for p in json.loads(run("list", "show", "Reading list", "--json").stdout)] == [ids["ravens"], ids["owls"]]
    assert run("list", "create", "To cite").stdout == "created To cite\n"
    assert run("list", "show", "To cite").exit_code == 1
    one_line_error(run("list", "create", "to cite"))
    run("list", "add", "To cite", ids["parrots"])
    assert run("list", "rename", "To cite", "Cite").exit_code == 0
    assert json.loads(run("lists", "--json").stdout) == [{"list": "Reading list", "papers": 2}, {"list": "Cite", "papers": 1}]
    assert run("list", "remove", "Reading list", ids["owls"]).stdout == "removed 1 paper from Reading list\n"
    assert run("list", "delete", "Cite").stdout == "deleted Cite (1 paper)\n"
    error = one_line_error(run("list", "show", "Cite"))
    assert "no reading list is called “Cite”" in error
    one_line_error(run("list", "add", "Nowhere", ids["owls"]))


def test_status_and_notes(run, ids):
    assert run("status", ids["owls"]).stdout == "unread\n"
    assert run("status", ids["owls"], "reading").stdout == "marked reading\n"
    assert run("status", ids["owls"]).stdout == "reading\n"
    assert run("status", ids["owls"], "done").exit_code == 2
    assert run("note", ids["owls"]).exit_code == 1
    assert run("note", ids["owls"], "look", "at", "fig", "2").stdout == "saved the note\n"
    assert run("note", ids["owls"]).stdout == "look at fig 2\n"
    assert run("note", ids["parrots"], "-", input="from stdin\nsecond line\n").exit_code == 0
    assert run("note", ids["parrots"]).stdout == "from stdin\nsecond line\n"
    assert run("note", ids["owls"], "").stdout == "removed the note\n"


def test_state_search_and_export_selections(run, ids):
    run("tag", ids["owls"], "ml")
    run("tag", ids["ravens"], "ml")
    run("status", ids["ravens"], "read")
    run("list", "add", "Reading list", ids["parrots"], ids["ravens"])
    assert run("search", "tag:ml -status:read").stdout.split()[0] == ids["owls"]
    assert run("search", 'list:"Reading list" status:read').stdout.split()[0] == ids["ravens"]
    assert run("search", "status:done").exit_code == 2
    by_tag = read_jsonl(run("export", "--format", "jsonl", "--tag", "ml").stdout)
    assert {p["id"] for p in by_tag} == {ids["owls"], ids["ravens"]}
    by_list = read_jsonl(run("export", "--format", "jsonl", "--list", "Reading list").stdout)
    assert [p["id"] for p in by_list] == [ids["parrots"], ids["ravens"]]
    both = read_jsonl(run("export", "--format", "jsonl", "--list", "Reading list", "--tag", "ml").stdout)
    assert [p["id"] for p in both] == [ids["ravens"]]
    narrowed = run("export", "--format", "jsonl", "--tag", "ml", "--query", "owls")
    assert [p["id"] for p in read_jsonl(narrowed.stdout)] == [ids["owls"]]
    assert run("export", "--format", "jsonl", "--tag", "none").exit_code == 1
    one_line_error(run("export", "--format", "jsonl", "--list", "Nowhere"))
    assert len(read_jsonl(run("export", "--format", "jsonl").stdout)) == 3  # unchanged without a selection


def test_state_export_and_import(run, ids, tmp_path):
    run("tag", ids["owls"], "ml")
    run("list", "create", "Cite")
    run("list", "add", "Cite", ids["ravens"], ids["owls"])
    run("note", ids["owls"], "mine")
    target = tmp_path / "state.json"
    result = run("state", "export", str(target))
    assert result.exit_code == 0 and "wrote the state of 2 papers" in result.stderr
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".state.json")] == []  # the temp file was renamed
    exported = json.loads(target.read_text())
    assert exported["tags"] == {"ml": [ids["owls"]]} and exported["notes"] == {ids["owls"]: "mine"}
    assert json.loads(run("state", "export", "-").stdout)["lists"][1] == {"name": "Cite", "papers": [ids["ravens"], ids["owls"]]}

    run("tag", ids["parrots"], "birds", data="other")
    imported = run("state", "import", str(target), data="other")
    assert imported.exit_code == 0 and imported.stdout.startswith("imported: 1 tags, 1 lists, 2 list entries")
    assert run("tags", data="other").stdout == "    1  birds\n    1  ml\n"
    assert run("note", ids["owls"], data="other").stdout == "mine\n"
    (tmp_path / "bad.json").write_text("{not json")
    one_line_error(run("state", "import", str(tmp_path / "bad.json")))
    (tmp_path / "other.json").write_text('{"some": "thing"}')
    assert "not a reader state export" in one_line_error(run("state", "import", str(tmp_path / "other.json")))


def test_doctor_reports_the_store(run, ids, listings, tmp_path):
    assert "(not made yet" in run("doctor").stdout
    run("tag", ids["owls"], "ml")
    run("status", ids["parrots"], "read")
    run("store", "backup")
    (listings / "birds.txt").write_text(
        "CVJan 1, 2024\nField Notes on Owls at DuskIda Larsen\nWe watched owls.\n", encoding="utf-8"
    )
    doctor = run("doctor").stdout
    store = doctor[doctor.index("store\n"):]
    assert f"  file          {tmp_path / 'data' / 'state.sqlite3'}\n" in store
    assert f"  schema        v{VERSION}\n" in store and "  tags          1 on 1 paper\n" in store
    assert "  status        0 reading, 1 read\n" in store
    assert "  orphaned      1 (kept; not in the listings now)\n" in store and f"    {ids['parrots']} “" in store
    assert "  last backup   " + str(tmp_path / "data" / f"state.sqlite3.bak-v{VERSION}-") in store


def test_a_damaged_store_is_one_line_search_still_works_and_reset_recovers(run, ids, tmp_path):
    run("tag", ids["owls"], "ml")
    path = tmp_path / "data" / "state.sqlite3"
    path.write_bytes(b"\x00garbage" * 1000)
    bad = path.read_bytes()
    error = one_line_error(run("tags"))
    assert str(path) in error and "reader store reset" in error
    assert run("search", "owls").exit_code == 0  # the index does not need the store
    assert "problem       the store" in run("doctor").stdout
    assert path.read_bytes() == bad
    assert run("store", "reset").exit_code == 0
    assert [p.read_bytes() for p in path.parent.glob("state.sqlite3.corrupt-*")] == [bad]
    assert run("tags").exit_code == 1 and run("lists").stdout == "    0  Reading list\n"
    one_line_error(run("store", "reset"))  # healthy now: needs --force
    assert run("store", "reset", "--force").exit_code == 0


def test_store_restore(run, ids, tmp_path):
    run("tag", ids["owls"], "ml")
    assert run("store", "backup").stdout.startswith("backed up to ")
    path = tmp_path / "data" / "state.sqlite3"
    path.write_bytes(path.read_bytes()[:500])
    assert "restore the last backup" in one_line_error(run("tags"))
    assert run("store", "restore").exit_code == 0
    assert run("tags").stdout == "    1  ml\n"


def test_piped_state_commands_have_no_escape_codes(listings, tmp_path):
    env = {**os.environ, "READER_DATA_DIR": str(tmp_path / "pipe"), "READER_SEEDS": str(listings)}
    first = subprocess.run([sys.executable, "-m", "reader", "search", "owls"], capture_output=True, env=env, text=True)
    paper = first.stdout.split()[0]
    for args in (["tag", paper, "ml"], ["tags"], ["lists"], ["list", "add", "Reading list", paper],
                 ["list", "show", "Reading list"], ["status", paper, "read"], ["doctor"]):
        out = subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, env=env)
        assert out.returncode == 0, out.stderr
        assert b"\x1b" not in out.stdout + out.stderr and b"\r" not in out.stdout + out.stderr
