"""The damaged-file matrix (issue 15): the store and each file of the live index generation,
each cut to half, zero-filled, overwritten with garbage, made unreadable and made read-only.
`reader search`, `reader search tag:ml` and `reader doctor` then work (a damaged index is
rebuilt from the listings) or fail in one line on stderr that says what to do, exit 2;
never a traceback. The store's bytes are never changed by reader."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import cli
from tests.conftest import write_dated
from tests.faults.unprivileged import Outcome, run_jobs

STORE = "state.sqlite3"
COMMANDS = (["search", "owls"], ["search", "tag:ml"], ["doctor"])
ADVICE = ("make it", "chmod", "restore", "reset", "retry", "use another", "choose another", "wait", "close it")


def _cut(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _zeros(data: bytes) -> bytes:
    return bytes(len(data))


def _garbage(data: bytes) -> bytes:
    return random.Random(len(data)).randbytes(len(data))


CHANGES = {"truncated": _cut, "zero-filled": _zeros, "garbage": _garbage}
MODES = {"unreadable": 0o000, "read-only": 0o444}


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A small library built in two steps (so Whoosh holds two segments) with one tagged paper."""
    root = tmp_path_factory.mktemp("damaged-files")
    listings = root / "listings"
    listings.mkdir()
    env = {"READER_DATA_DIR": str(root / "data"), "READER_SEEDS": str(listings),
           "XDG_CONFIG_HOME": str(root / "config")}
    runner = CliRunner(env=env)
    write_dated(listings / "a.txt", [("CVJan 5, 2024", "Seeing Owls at NightIda Larsen, Bo Berg",
                                      "Owls see well at night.")])
    found = runner.invoke(cli, ["search", "owls", "--json"])
    assert found.exit_code == 0, found.output
    assert runner.invoke(cli, ["tag", json.loads(found.stdout)[0]["id"], "ml"]).exit_code == 0
    write_dated(listings / "b.txt", [("CLJan 6, 2024", "Talking Parrots RevisitedAna Silva", "Parrots talk.")])
    assert runner.invoke(cli, ["search", "parrots"]).exit_code == 0
    return root / "data", env


def live_files(data: Path) -> list[str]:
    """The store and every file of the live index generation, relative to the data dir."""
    generation = data / "index" / (data / "index" / "CURRENT").read_text().strip()
    whoosh = sorted(p.relative_to(data).as_posix() for p in (generation / "whoosh").iterdir())
    return [STORE, "index/.lock", "index/CURRENT", (generation / "catalog.sqlite").relative_to(data).as_posix(),
            *whoosh]


def fresh_copy(library, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    template, env = library
    data = tmp_path / "data"
    shutil.copytree(template, data)
    return data, {**env, "READER_DATA_DIR": str(data)}


def check(name: str, outcomes: list[Outcome], must_work: set[int]) -> None:
    """The commands numbered in `must_work` worked; the others worked or said in one line what
    to do (exit 2); no exception escaped, no traceback, no "unexpected"."""
    for n, (args, outcome) in enumerate(zip(COMMANDS, outcomes)):
        where = f"{name}: reader {' '.join(args)}"
        assert outcome.crash is None, f"{where} crashed: {outcome.crash}"
        assert "Traceback" not in outcome.err and "unexpected" not in outcome.err, f"{where}: {outcome.err}"
        if name.endswith("unreadable"):
            assert "is read-only" not in outcome.err, f"{where} calls an unreadable file read-only: {outcome.err}"
        if outcome.code == 0:
            if args[0] == "search":
                assert "Seeing Owls at Night" in outcome.out, f"{where} found nothing: {outcome}"
            continue
        assert n not in must_work, f"{where} failed: {outcome}"
        problems = [line for line in outcome.err.splitlines() if not line.startswith("reader: note:")]
        assert outcome.code == 2 and len(problems) == 1, f"{where}: {outcome}"
        assert any(advice in problems[0] for advice in ADVICE), f"{where} gives no advice: {problems[0]}"


def expected_to_work(name: str, damage: str) -> set[int]:
    """What must work: with a damaged store, searching words and doctor (which reports the
    store); with a damaged index file, everything (the index is rebuilt), except when the
    lock cannot be read (another user's, say: whether it is held cannot be told)."""
    if name == STORE:
        return {0, 2}
    if name == "index/.lock" and damage == "unreadable":
        return set()
    return {0, 1, 2}


def outcome_of(result) -> Outcome:
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    return Outcome(result.exit_code, result.stdout, result.stderr, repr(result.exception) if crashed else None)


def test_the_matrix_covers_every_live_file(library):
    data, _ = library
    files = live_files(data)
    assert len([f for f in files if "/whoosh/" in f and f.endswith(".seg")]) == 2, files
    assert all((data / f).is_file() for f in files)


@pytest.mark.slow
@pytest.mark.parametrize("change", CHANGES)
def test_damaged_bytes_in_any_live_file(library, tmp_path, change):
    """Cut, zeroed or garbage bytes: an index file is rebuilt, the store is reported, never changed."""
    tried = 0
    for n, name in enumerate(live_files(library[0])):
        data, env = fresh_copy(library, tmp_path / str(n))
        target = data / name
        before = target.read_bytes()
        if not before:
            continue  # an empty file (Whoosh's lock) has no bytes to damage
        target.write_bytes(CHANGES[change](before))
        store_before = (data / STORE).read_bytes()
        runner = CliRunner(env=env)
        outcomes = [outcome_of(runner.invoke(cli, args)) for args in COMMANDS]
        check(f"{name} {change}", outcomes, expected_to_work(name, change))
        assert (data / STORE).read_bytes() == store_before, f"{name} {change}: the store changed"
        tried += 1
    assert tried >= 7


@pytest.mark.slow
def test_unreadable_and_read_only_live_files(library, tmp_path):
    """chmod 000 and 444 on each live file, seen by a process that file permissions bind."""
    cases, jobs = [], []
    for mode_name, mode in MODES.items():
        for n, name in enumerate(live_files(library[0])):
            data, env = fresh_copy(library, tmp_path / f"{mode_name}-{n}")
            (data / name).chmod(mode)
            cases.append((name, mode_name, data, (data / STORE).read_bytes()))
            jobs.append((env, [list(args) for args in COMMANDS]))
    try:
        results = run_jobs(jobs)
    finally:
        for _, _, data, _ in cases:
            for path in data.rglob("*"):
                path.chmod(path.stat().st_mode | 0o600)
    for (name, mode_name, data, store_before), outcomes in zip(cases, results):
        check(f"{name} {mode_name}", outcomes, expected_to_work(name, mode_name))
        assert (data / STORE).read_bytes() == store_before, f"{name} {mode_name}: the store changed"
    assert len(cases) == 16


@pytest.mark.slow
def test_garbage_inside_an_index_file_is_caught(library, tmp_path):
    """A fifth of each index file overwritten (30-50 %): searching still finds the paper,
    or says in one line what to do."""
    failures = []
    for n, name in enumerate(live_files(library[0])[1:]):
        data, env = fresh_copy(library, tmp_path / str(n))
        target = data / name
        before = target.read_bytes()
        start, end = len(before) * 3 // 10, len(before) // 2
        target.write_bytes(before[:start] + random.Random(n).randbytes(end - start) + before[end:])
        runner = CliRunner(env=env)
        try:
            check(f"{name} garbage inside", [outcome_of(runner.invoke(cli, args)) for args in COMMANDS], {0, 1, 2})
        except AssertionError as error:
            failures.append(str(error).splitlines()[0])
    assert not failures, "\n".join(failures)
