"""Text from outside never reaches the terminal raw, and `reader` alone needs a terminal.

Tag names, list names, notes and citation keys can come from a state file someone sent,
or from a store another program wrote: every command that prints them in human output
drops control characters (ESC, C0 but tab and newline, DEL, C1, bidi controls); JSON
output escapes them.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys

import pytest

from tests.cli_birds import run  # noqa: F401 - a fixture over this module's listings
from tests.conftest import write_dated

CLIPBOARD = "\x1b]52;c;ZWNobyBwd25lZAo=\x07"  # OSC 52: write the clipboard
TITLE = "\x1b]0;title\x07"  # OSC 0: set the window title
CLEAR = "\x1b[2J"  # CSI: clear the screen
C1_CSI = "\x9b31m"  # the one-byte CSI
BIDI = "\u202e"  # right-to-left override
HOSTILE = (CLIPBOARD, TITLE, CLEAR, C1_CSI, BIDI)
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def unsafe_in(text: str) -> list[str]:
    return UNSAFE.findall(text)


@pytest.fixture
def listings(tmp_path):
    folder = tmp_path / "listings"
    folder.mkdir()
    write_dated(folder / "birds.txt", [
        ("CVJan 1, 2024", "Field Notes on Owls at DuskIda Larsen", "We watched owls."),
        ("CVJan 2, 2024", "Field Notes on Ravens at DuskIda Larsen", "We watched ravens."),
    ])
    return folder




@pytest.fixture
def owl(run):
    return json.loads(run("search", "--json", "owls").stdout)[0]["id"]


def hostile_name(word: str) -> str:
    return f"{word}{CLIPBOARD}{TITLE}{CLEAR}{C1_CSI}{BIDI}end"


def test_an_imported_hostile_state_file_never_reaches_the_terminal(run, owl, tmp_path):
    state = {
        "format": "reader-state", "schema": 2,
        "tags": {hostile_name("ml"): [owl]},
        "lists": [{"name": hostile_name("todo"), "papers": [owl]}],
        "status": {}, "notes": {owl: f"first line\n{hostile_name('second')}\n\tthird"}, "citation_keys": {},
    }
    path = tmp_path / "state.json"
    path.write_text(json.dumps(state), encoding="utf-8")
    imported = run("state", "import", str(path))
    assert imported.exit_code == 0, imported.output
    assert re.fullmatch(r"imported: (\d+ [a-z ]+, )*\d+ [a-z ]+\n", imported.stdout), imported.stdout
    warnings = imported.stderr.splitlines()
    assert warnings and all(line.startswith("reader: warning: ") for line in warnings)  # one per cleaned value
    assert unsafe_in(imported.stderr) == []
    listed = {}
    for args in (["tags"], ["lists"], ["note", owl], ["show", owl], ["search", "owls"], ["status", owl]):
        result = run(*args)
        assert result.exit_code == 0, (args, result.output)
        assert unsafe_in(result.stdout + result.stderr) == [], args
        listed[args[0]] = result.stdout
    note = listed["note"]
    assert note.startswith("first line\n") and "\tthird" in note  # tab and newline kept
    assert "second" in note and note.rstrip().endswith("third")
    list_name = next(line.split(maxsplit=1)[1] for line in listed["lists"].splitlines() if "todo" in line)
    assert list_name.startswith("todo") and list_name.endswith("end")
    tags = json.loads(run("tags", "--json").stdout)
    lists = json.loads(run("lists", "--json").stdout)
    assert [t["tag"][:2] for t in tags] == ["ml"] and any(entry["list"].startswith("todo") for entry in lists)
    for args in (["tags", "--json"], ["lists", "--json"], ["state", "export", "-"], ["list", "show", "--json",
                                                                                     lists[-1]["list"]]):
        assert unsafe_in(run(*args).stdout) == [], args  # whatever the store kept is escaped in JSON


def test_a_store_written_by_another_program_is_shown_safely(run, owl, tmp_path):
    """Whatever cleaning happens on import, the CLI's own output is safe: write the store directly."""
    assert run("tag", owl, "birds").exit_code == 0
    assert run("list", "create", "later").exit_code == 0
    assert run("list", "add", "later", owl).exit_code == 0
    db = sqlite3.connect(tmp_path / "data" / "state.sqlite3")
    with db:
        db.execute("UPDATE paper_tags SET tag = ?", (hostile_name("birds"),))
        db.execute("UPDATE lists SET name = ? WHERE name = 'later'", (hostile_name("later"),))
        db.execute("INSERT INTO notes(paper_id, text, changed) VALUES (?, ?, 0)", (owl, hostile_name("note")))
    db.close()
    lists = json.loads(run("lists", "--json").stdout)
    name = next(entry["list"] for entry in lists if entry["list"].startswith("later"))
    assert name == hostile_name("later")  # JSON keeps the data, escaped
    outputs = {
        "tags": run("tags"), "lists": run("lists"), "note": run("note", owl),
        "list show": run("list", "show", name), "tag-delete": run("tag-delete", hostile_name("other")),
        "list show missing": run("list", "show", f"nothing{CLEAR}"), "search": run("search", f"tag:x{TITLE}"),
    }
    for what, result in outputs.items():
        assert unsafe_in(result.stdout + result.stderr) == [], what
    assert "birds" in outputs["tags"].stdout and "note" in outputs["note"].stdout
    assert "Field Notes on Owls" in outputs["list show"].stdout
    assert outputs["tag-delete"].exit_code == 1 and "other" in outputs["tag-delete"].stderr


def test_json_output_escapes_what_json_dumps_leaves_raw(run, owl):
    assert run("note", owl, f"x{C1_CSI}{BIDI}\x7fy").exit_code == 0
    assert run("tag", owl, "plain").exit_code == 0
    shown = run("state", "export", "-").stdout
    assert unsafe_in(shown) == []
    notes = json.loads(shown)["notes"]
    if notes[owl] != "xy" and notes[owl] != "x31my":  # the store may clean on the way in; if not, JSON escapes
        assert notes[owl] == f"x{C1_CSI}{BIDI}\x7fy" and "\\u009b" in shown and "\\u202e" in shown


def test_an_error_echoing_a_query_or_a_name_is_one_safe_line(run):
    for args in (["search", f'"unclosed{CLEAR}\nsecond line'], ["show", f"zz{TITLE}\nx"],
                 ["list", "show", f"zz{CLIPBOARD}\nx"]):
        result = run(*args)
        assert result.exit_code == 2 and result.stderr.startswith("reader: "), args
        assert result.stderr.count("\n") == 1 and unsafe_in(result.stderr) == [], args


def test_fail_cleans_whatever_message_it_is_given(capsys):
    """The last guard: every one-line error goes through fail(), whoever built its message."""
    from reader.cli.common import fail

    with pytest.raises(SystemExit) as exited:
        fail(f"no list called “{hostile_name('x')}\nsecond”: check the name")
    err = capsys.readouterr().err
    assert exited.value.code == 2 and err.count("\n") == 1 and unsafe_in(err) == []
    assert err == "reader: no list called “x31mend second”: check the name\n"


def test_piped_show_and_note_under_a_real_process_have_no_escape_bytes(listings, tmp_path):
    """The installed entry point, not CliRunner: bytes as a terminal would receive them."""
    env = {**os.environ, "READER_DATA_DIR": str(tmp_path / "data"), "READER_SEEDS": str(listings)}

    def reader(*args):
        return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, env=env, timeout=120)

    owl_id = json.loads(reader("search", "--json", "owls").stdout)[0]["id"]
    assert reader("tag", owl_id, "ml").returncode == 0
    assert reader("note", owl_id, "plain").returncode == 0
    db = sqlite3.connect(tmp_path / "data" / "state.sqlite3")  # typed names with controls are refused: write them
    with db:
        db.execute("UPDATE paper_tags SET tag = ?", (hostile_name("ml"),))
        db.execute("UPDATE notes SET text = ?", (hostile_name("note"),))
    db.close()
    for args in (["tags"], ["note", owl_id], ["search", "tag:" + hostile_name("ml")]):
        out = reader(*args)
        data = out.stdout + out.stderr
        assert b"\x1b" not in data and b"\x07" not in data, args
        assert not re.search(rb"\xc2[\x80-\x9f]", data), args  # C1 as UTF-8
        assert "\u202e".encode() not in data, args


# reader with no command ---------------------------------------------------------------------
HINT = ("reader: no command given and the output is not a terminal; run `reader --help` for commands, "
        "or run reader in a terminal\n")


def test_no_command_without_a_terminal_prints_a_hint_and_exits_2(run, monkeypatch):
    opened = []
    monkeypatch.setattr("reader.app.create_app", lambda *args, **kwargs: opened.append(args))
    result = run()
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == HINT
    assert opened == []


def test_no_command_with_output_to_a_pipe_never_starts_the_app(tmp_path):
    env = {**os.environ, "READER_DATA_DIR": str(tmp_path / "data")}
    out = subprocess.run([sys.executable, "-m", "reader"], capture_output=True, stdin=subprocess.DEVNULL,
                         env=env, timeout=60)
    assert out.returncode == 2 and out.stdout == b""
    assert out.stderr.decode() == HINT


def test_no_command_with_input_from_a_pipe_says_so(tmp_path):
    """Output to a terminal (a pty), input from a pipe: the app would read no keys."""
    import pty

    leader, follower = pty.openpty()
    env = {**os.environ, "READER_DATA_DIR": str(tmp_path / "data")}
    try:
        process = subprocess.run([sys.executable, "-m", "reader"], stdout=follower,
                                 stderr=subprocess.PIPE, env=env, timeout=60, input=b"")
    finally:
        os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert process.returncode == 2 and b"\x1b" not in shown
    assert process.stderr.decode() == HINT.replace("the output is not", "the input is not")


def test_nothing_found_messages_are_one_safe_line(run):
    for args in (["tag-delete", f"gone{TITLE}\nsecond"], ["search", f"zzqqxx{CLEAR}\nyyzzqq"]):
        result = run(*args)
        assert result.exit_code == 1 and result.stdout == "", args
        assert result.stderr.count("\n") == 1 and unsafe_in(result.stderr) == [], args
