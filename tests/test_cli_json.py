"""Every `reader` command that prints something has `--json`, and its output has the documented shape.

The commands are enumerated from the click group, so a new command without a shape (and a run
below) fails here. Shapes: a dict is an object with exactly those keys ("*" gives the shape of any
other key), [spec] an array of spec, Maybe(spec) spec or null, a type (or tuple) a JSON scalar.
"""

from __future__ import annotations

import json

import click
import pytest

from reader.cli import cli
from tests.cli_birds import BIRDS, ids, listings, run  # noqa: F401 - fixtures
from tests.conftest import write_dated


class Maybe:
    """A shape that may also be null."""

    def __init__(self, spec):
        self.spec = spec


def problems(value, spec, where: str = "$") -> list[str]:
    """Where `value` departs from the shape `spec` (empty when it fits)."""
    if isinstance(spec, Maybe):
        return [] if value is None else problems(value, spec.spec, where)
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            return [f"{where}: {type(value).__name__}, not an object"]
        known = {key for key in spec if key != "*"}
        found = [f"{where}: no “{key}”" for key in sorted(known - set(value))]
        if set(value) - known and "*" not in spec:
            found.append(f"{where}: unexpected {sorted(set(value) - known)}")
        for key, item in value.items():
            if key in known or "*" in spec:
                found += problems(item, spec[key] if key in known else spec["*"], f"{where}.{key}")
        return found
    if isinstance(spec, list):
        if not isinstance(value, list):
            return [f"{where}: {type(value).__name__}, not an array"]
        return [p for i, item in enumerate(value) for p in problems(item, spec[0], f"{where}[{i}]")]
    types = spec if isinstance(spec, tuple) else (spec,)
    if (isinstance(value, bool) and bool not in types) or not isinstance(value, types):
        return [f"{where}: {type(value).__name__} {value!r}, not {'/'.join(t.__name__ for t in types)}"]
    return []


NUMBER = (int, float)
PAPER = {
    "id": str, "title": str, "authors": [str], "authors_truncated": bool, "orgs": [str], "category": Maybe(str),
    "published": Maybe(str), "badge": Maybe(str), "abstract": str, "sources": [str], "arxiv": Maybe(str),
    "doi": Maybe(str), "url": Maybe(str), "year": Maybe(int), "journal": Maybe(str), "booktitle": Maybe(str),
}
STATE = Maybe({"tags": [str], "lists": [str], "status": str, "note": str})
HIT = {**{k: v for k, v in PAPER.items() if k != "abstract"}, "score": NUMBER, "matched": [str], "state": STATE}
COUNTS = [{"value": str, "papers": int}]
BULK = {"query": Maybe(str), "matched": int, "changed": int, "papers": [str], "dry_run": bool}
STORE = {
    "file": str, "exists": bool, "problem": Maybe(str), "schema": Maybe(int), "counts": Maybe({"*": int}),
    "orphans": [{"id": str, "title": Maybe(str), "likely": [str]}], "last_backup": Maybe({"path": str, "time": str}),
    "history": Maybe({"entries": int, "undoable": int, "redoable": int, "limit": int}),
}
SAVED = {"position": int, "name": str, "query": str, "sort": str, "created": str}

SHAPES = {
    "search": [HIT],
    "similar": [HIT],
    "show": {**PAPER, "state": STATE},
    "facets": {"query": str, "matched": int, "categories": COUNTS, "years": COUNTS, "orgs": COUNTS,
               "tags": COUNTS, "lists": COUNTS, "*": COUNTS},
    "open": {"id": str, "url": str, "opened": bool},
    "cite": {"style": str, "text": str, "copied": Maybe(bool), "copied_by": Maybe(str)},
    "tag": {**BULK, "tags": [str]},
    "untag": {**BULK, "tags": [str]},
    "tags": [{"tag": str, "papers": int}],
    "tag-rename": {"old": str, "new": str, "changed": int},
    "tag-delete": {"tag": str, "changed": int},
    "lists": [{"list": str, "papers": int}],
    "list add": {**BULK, "list": str},
    "list remove": {"list": str, "changed": int},
    "list show": [{**PAPER, "state": STATE}],
    "list create": {"list": str},
    "list rename": {"old": str, "new": str},
    "list delete": {"list": str, "papers": int},
    "list link": {"list": str, "file": str, "format": str, "with_state": bool, "papers": int},
    "list unlink": {"list": str, "file": str},
    "list links": [{"list": str, "file": str, "format": str, "with_state": bool}],
    "status": {"id": str, "status": str, "changed": Maybe(int)},
    "note": {"id": str, "note": str, "changed": Maybe(bool)},
    "index": {"action": str, "reason": Maybe(str), "seconds": NUMBER, "papers": int, "files": int, "added": int,
              "changed": int, "removed": int, "moved": [{"from": str, "to": str}], "warnings": [str]},
    "doctor": {"paths": {"data_dir": str, "index": str, "listings": [str]},
               "corpus": {"files": int, "formats": {"*": int}, "listings": int, "papers": int},
               "index": {"documents": int, "in_step": bool}, "store": STORE, "warnings": [str]},
    "add": {"file": str, "format": str, "papers": int, "new": int, "merged": int, "saved": Maybe(str),
            "warnings": [str]},
    "reattach": {"from": str, "to": str, "moved": int},
    "state import": {"imported": {"*": int}, "warnings": [str]},
    "store backup": {"backup": str},
    "store restore": {"restored": str, "moved_aside": Maybe(str)},
    "store reset": {"moved_aside": str},
    "saved add": {**SAVED, "papers": Maybe(int), "replaced": bool},
    "saved list": [{**SAVED, "papers": Maybe(int), "problem": Maybe(str)}],
    "saved delete": SAVED,
    "undo": {"undone": str},
    "redo": {"redone": str},
    "history": [{"seq": int, "at": str, "what": str, "undo": str, "undoable": bool, "state": str}],
}
# Commands whose output already is the data in a format the user picks: no --json of their own.
NO_JSON = {"export": "prints the chosen --format", "state export": "writes the state export (JSON) itself"}



def commands(group: click.Group = cli, prefix: str = "") -> dict[str, click.Command]:
    """Every runnable command under the group, by its full name (`list show`)."""
    found = {}
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found.update(commands(command, f"{prefix}{name} "))
        else:
            found[f"{prefix}{name}"] = command
    return found


def has_json(command: click.Command) -> bool:
    return any("--json" in getattr(param, "opts", ()) for param in command.params)


def test_every_command_has_json_and_a_documented_shape_or_a_reason_not_to():
    every = commands()
    assert {name for name, command in every.items() if has_json(command)} == set(SHAPES)
    assert set(every) == set(SHAPES) | set(NO_JSON)
    assert set(RUNS) == set(SHAPES)  # and each is run and checked below


def test_the_shape_checker_catches_what_departs_from_a_shape():
    assert problems({"id": "ab", "state": None}, {"id": str, "state": STATE}) == []
    assert problems({"id": 3}, {"id": str}) == ["$.id: int 3, not str"]
    assert problems({"id": "a", "x": 1}, {"id": str}) == ["$: unexpected ['x']"]
    assert problems({}, {"id": str}) == ["$: no “id”"]
    assert problems([{"n": True}], [{"n": int}]) == ["$[0].n: bool True, not int"]
    assert problems({"years": [{"value": 2024, "papers": 1}]}, {"*": COUNTS}) == ["$.years[0].value: int 2024, not str"]




def _orphan(run, ids, listings):
    """Tag ravens, then take ravens out of the listings: its state is orphaned."""
    run("tag", ids["ravens"], "corvid")
    write_dated(listings / "birds.txt", [
        (f"CVJan {n + 1}, 2024", f"Field Notes on {b.title()} at DuskIda Larsen", f"We watched {b} at dusk.")
        for n, b in enumerate(BIRDS[:2])
    ])


def _state_file(run, tmp_path):
    run("tag", "--query", "owls", "ml")
    run("state", "export", str(tmp_path / "state.json"))
    return str(tmp_path / "state.json")


RUNS = {  # each returns the results of the --json runs to check (set-up runs are not checked)
    "search": lambda run, ids, **_: [run("tag", ids["owls"], "ml"), run("search", "dusk", "--json")][1:],
    "similar": lambda run, ids, **_: [run("similar", ids["owls"], "--json")],
    "show": lambda run, ids, **_: [run("note", ids["owls"], "fig 2"), run("show", ids["owls"], "--json")][1:],
    "facets": lambda run, ids, **_: [run("tag", ids["owls"], "ml"), run("facets", "--json"), run("facets", "owls", "--json")][1:],
    "open": lambda run, ids, **_: [run("open", ids["owls"], "--print", "--json")],
    "cite": lambda run, ids, **_: [run("cite", ids["owls"], "--json"), run("cite", ids["owls"], "-s", "apa", "--json")],
    "tag": lambda run, **_: [run("tag", "--query", "dusk", "ml", "--dry-run", "--json"), run("tag", "--query", "dusk", "ml", "--json")],
    "untag": lambda run, ids, **_: [run("tag", ids["owls"], "ml"), run("untag", ids["owls"], "ml", "--json")][1:],
    "tags": lambda run, ids, **_: [run("tag", ids["owls"], "ml"), run("tags", "--json")][1:],
    "tag-rename": lambda run, ids, **_: [run("tag", ids["owls"], "ml"), run("tag-rename", "ml", "ai", "--json")][1:],
    "tag-delete": lambda run, ids, **_: [run("tag", ids["owls"], "ml"), run("tag-delete", "ml", "--json")][1:],
    "lists": lambda run, **_: [run("lists", "--json")],
    "list add": lambda run, ids, **_: [run("list", "add", "Reading list", "--query", "dusk", "--json"),
                                       run("list", "add", "Reading list", ids["owls"], "--json")],
    "list remove": lambda run, ids, **_: [run("list", "add", "Reading list", ids["owls"]),
                                          run("list", "remove", "Reading list", ids["owls"], "--json")][1:],
    "list show": lambda run, ids, **_: [run("list", "add", "Reading list", ids["owls"]),
                                        run("list", "show", "Reading list", "--json")][1:],
    "list create": lambda run, **_: [run("list", "create", "Cite", "--json")],
    "list rename": lambda run, **_: [run("list", "rename", "Reading list", "Later", "--json")],
    "list delete": lambda run, **_: [run("list", "delete", "Reading list", "--json")],
    "list link": lambda run, tmp_path, **_: [run("list", "link", "Reading list", str(tmp_path / "r.bib"), "--json")],
    "list unlink": lambda run, tmp_path, **_: [run("list", "link", "Reading list", str(tmp_path / "r.bib")),
                                               run("list", "unlink", "Reading list", "--json")][1:],
    "list links": lambda run, tmp_path, **_: [run("list", "link", "Reading list", str(tmp_path / "r.md")),
                                              run("list", "links", "--json")][1:],
    "status": lambda run, ids, **_: [run("status", ids["owls"], "--json"), run("status", ids["owls"], "read", "--json")],
    "note": lambda run, ids, **_: [run("note", ids["owls"], "look", "--json"), run("note", ids["owls"], "--json")],
    "index": lambda run, **_: [run("index", "--json"), run("index", "--rebuild", "--json")],
    "doctor": lambda run, ids, listings, **_: [run("doctor", "--json"), _orphan(run, ids, listings),
                                               run("store", "backup"), run("doctor", "--json")][::3],
    "add": lambda run, tmp_path, **_: [
        write_dated(tmp_path / "new.txt", [("CLFeb 2, 2024", "Crows Count to FourAna Silva", "Crows count.")]),
        run("add", str(tmp_path / "new.txt"), "--json")][1:],
    "reattach": lambda run, ids, listings, **_: [_orphan(run, ids, listings),
                                                 run("reattach", ids["ravens"], ids["owls"], "--json")][1:],
    "state import": lambda run, tmp_path, **_: [run("state", "import", _state_file(run, tmp_path), "--json")],
    "store backup": lambda run, ids, **_: [run("tag", ids["owls"], "ml"), run("store", "backup", "--json")][1:],
    "store restore": lambda run, ids, **_: [run("tag", ids["owls"], "ml"), run("store", "backup"),
                                            run("store", "restore", "--json")][2:],
    "store reset": lambda run, ids, **_: [run("tag", ids["owls"], "ml"), run("store", "reset", "--force", "--json")][1:],
    "saved add": lambda run, **_: [run("saved", "add", "dusk", "dusk", "--json"),
                                   run("saved", "add", "dusk", "owls", "--replace", "--json")],
    "saved list": lambda run, **_: [run("saved", "add", "dusk", "dusk", "--sort", "newest"), run("saved", "list", "--json")][1:],
    "saved delete": lambda run, **_: [run("saved", "add", "dusk", "dusk"), run("saved", "delete", "dusk", "--json")][1:],
    "undo": lambda run, ids, **_: [run("tag", ids["owls"], "ml"), run("undo", "--json")][1:],
    "redo": lambda run, ids, **_: [run("tag", ids["owls"], "ml"), run("undo"), run("redo", "--json")][2:],
    "history": lambda run, ids, **_: [run("tag", ids["owls"], "ml"), run("history", "--json")][1:],
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_json_output_has_the_documented_shape(name, run, ids, listings, tmp_path):
    results = RUNS[name](run=run, ids=ids, listings=listings, tmp_path=tmp_path)
    assert results
    for result in results:
        assert result.exit_code == 0, (name, result.output)
        data = json.loads(result.stdout)
        assert data not in ([], {}), name  # an empty answer would check nothing
        assert problems(data, SHAPES[name]) == [], (name, data)
