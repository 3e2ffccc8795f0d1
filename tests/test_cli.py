"""The command line contract: commands, options, environment, exit codes, clean pipes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from reader.cli import cli
from tests.conftest import read_jsonl, write_dated


@pytest.fixture
def run(tmp_path):
    runner = CliRunner()

    def invoke(*args, env=None):
        return runner.invoke(cli, list(args), env=env, catch_exceptions=False)

    return invoke


@pytest.fixture
def folders(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir(), two.mkdir()
    write_dated(one / "a.txt", [("CVJan 5, 2024", "Seeing Owls at NightIda Larsen, Bo Berg", "Owls see well at night.")])
    write_dated(two / "b.txt", [("CLJan 6, 2024", "Talking Parrots RevisitedAna Silva", "Parrots talk.")])
    return one, two


def test_search_prints_a_table_and_a_summary(run):
    result = run("search", "author:globerson", "year:2024..2025")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 3 and all("Globerson" not in line or line for line in lines)
    assert any("Teaching Models to Improve on Tape" in line for line in lines)
    assert "3 of 3 papers" in result.stderr


def test_search_json(run):
    result = run("search", "--json", "--limit", "2", "--sort", "newest", "title:gemini")
    hits = json.loads(result.stdout)
    assert [h["title"].split(":")[0] for h in hits] == ["Gemini 2.5", "Gemini 1.5"]
    assert {"id", "title", "authors", "published", "score"} <= set(hits[0])
    assert hits[0]["published"] == "2025-07-07"


def test_no_hits_exits_1_with_a_suggestion(run):
    result = run("search", "tranformers")
    assert result.exit_code == 1 and result.stdout == ""
    assert "Did you mean: transformers" in result.stderr


@pytest.mark.parametrize("query", ['"unclosed', "foo:bar", "*e*", "year:twenty"])
def test_malformed_query_exits_2_with_one_line(run, query):
    result = run("search", query)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("reader: ")


def test_show_takes_a_unique_prefix(run):
    paper_id = json.loads(run("search", "--json", "title:gemini", "1.5").stdout)[0]["id"]
    shown = run("show", paper_id[:6])
    assert shown.exit_code == 0
    assert shown.stdout.startswith("Gemini 1.5: Unlocking multimodal understanding")
    assert "Authors:       Gemini Team, Petko Georgiev, Ving Ian Lei et al." in shown.stdout
    as_json = json.loads(run("show", "--json", paper_id).stdout)
    assert as_json["orgs"] == ["deepmind", "mila"]


@pytest.mark.parametrize("bad_id", ["ffffffffffff", "not-an-id", "0"])
def test_show_unknown_or_ambiguous_id_exits_2(run, bad_id):
    result = run("show", bad_id)
    assert result.exit_code == 2 and result.stderr.startswith("reader: ")


def test_seeds_are_repeatable_and_read_from_the_environment(run, folders, tmp_path):
    one, two = folders
    both = run("--seeds", str(one), "--seeds", str(two), "export", "--format", "jsonl")
    assert sorted(r["title"] for r in read_jsonl(both.stdout)) == ["Seeing Owls at Night", "Talking Parrots Revisited"]
    env = {"READER_SEEDS": os.pathsep.join([str(one), str(two)]), "READER_DATA_DIR": str(tmp_path / "env-data")}
    from_env = run("export", "--format", "jsonl", env=env)
    assert len(read_jsonl(from_env.stdout)) == 2
    assert (tmp_path / "env-data" / "index" / "CURRENT").exists()


def test_data_dir_option_beats_the_environment(run, folders, tmp_path):
    one, _ = folders
    run("--seeds", str(one), "--data-dir", str(tmp_path / "chosen"), "index", env={"READER_DATA_DIR": str(tmp_path / "env")})
    assert (tmp_path / "chosen" / "index" / "CURRENT").exists()
    assert not (tmp_path / "env").exists()


def test_index_reports_counts_and_warnings(run, tmp_path):
    folder = tmp_path / "listings"
    folder.mkdir()
    (folder / "pasted.txt").write_text(
        "some stray heading\nCVJan 5, 2024\nSeeing Owls at NightIda Larsen\nOwls see well at night.\n"
    )
    result = run("--seeds", str(folder), "index")
    assert result.exit_code == 0
    assert "1 papers from 1 files (1 added, 0 changed, 0 removed)" in result.stdout
    assert "warning: pasted.txt:1: text outside any record was skipped" in result.stdout
    rebuilt = run("--seeds", str(folder), "index", "--rebuild")
    assert rebuilt.stdout.startswith("rebuilt in")


def test_doctor_names_paths_and_health(run, tmp_path):
    result = run("doctor")
    assert result.exit_code == 0
    assert f"data dir      {tmp_path / 'data'}" in result.stdout
    assert "papers        426 distinct" in result.stdout
    assert "documents     426 (ok)" in result.stdout
    assert "1 compact, 2 dated, 1 spaced" in result.stdout


def test_help_lists_the_commands(run):
    result = run("--help")
    assert result.exit_code == 0 and "Commands:" in result.stdout


def test_no_command_opens_the_app_over_the_chosen_listings(run, folders, tmp_path, monkeypatch):
    made = {}

    class FakeApp:
        library = error = None
        return_code = 0

        def run(self):
            made["ran"] = True

    def create_app(opener, **options):
        made["opener"] = opener
        return FakeApp()

    monkeypatch.setattr("reader.app.create_app", create_app)
    monkeypatch.setattr("reader.cli.launch.missing_terminal", lambda: None)  # CliRunner has no terminal
    result = run("--seeds", str(folders[0]), "--data-dir", str(tmp_path / "app"))
    assert result.exit_code == 0 and made["ran"]
    library = made["opener"](lambda stage, done, total: None)  # what the app opens, off its UI thread
    assert [p.title for p in library.papers()] == ["Seeing Owls at Night"]
    library.close()


def test_no_command_reports_a_library_that_cannot_open(run, tmp_path, monkeypatch):
    class FailedApp:
        library = None
        error = "listing folder /nowhere does not exist: check --seeds or READER_SEEDS"
        return_code = 2

        def run(self):
            pass

    monkeypatch.setattr("reader.app.create_app", lambda opener, **options: FailedApp())
    monkeypatch.setattr("reader.cli.launch.missing_terminal", lambda: None)
    result = run()
    assert result.exit_code == 2 and result.stderr.strip() == f"reader: {FailedApp.error}"


def test_piped_output_has_no_escape_codes(tmp_path):
    env = {**os.environ, "READER_DATA_DIR": str(tmp_path / "pipe")}
    for args in (["index"], ["search", "diffusion"], ["show", "70dedd"]):
        out = subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, env=env)
        assert out.returncode == 0, out.stderr
        assert b"\x1b" not in out.stdout + out.stderr and b"\r" not in out.stdout + out.stderr


def test_an_unexpected_error_is_one_line_not_a_traceback(monkeypatch, capsys):
    from reader import cli as cli_module
    from reader.library import Library

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Library, "open", broken)
    monkeypatch.setattr(sys, "argv", ["reader", "search", "x"])
    with pytest.raises(SystemExit) as exited:
        cli_module.main()
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "disk on fire" in err and "Traceback" not in err


# errors in their own words -----------------------------------------------------------------------
def run_main(monkeypatch, capsys, *args) -> tuple[int, str]:
    """`reader ARGS` through main(), the entry point: (exit code, stderr)."""
    from reader.cli import main

    monkeypatch.setattr(sys, "argv", ["reader", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    return exited.value.code, capsys.readouterr().err


def test_a_store_error_is_said_in_the_stores_words_not_as_unexpected(monkeypatch, capsys):
    from reader.library import Library, StoreError

    message = "the store /x/state.sqlite3 is locked by another program: retry in a moment"

    def locked(self, *args, **kwargs):
        raise StoreError(message)

    monkeypatch.setattr(Library, "search", locked)
    code, err = run_main(monkeypatch, capsys, "search", "tag:ml")
    assert code == 2 and err == f"reader: {message}\n"


def test_a_read_only_store_never_gets_the_index_advice(monkeypatch, capsys, tmp_path):
    from reader.store import files

    assert CliRunner().invoke(cli, ["tag", "70dedd", "ml"]).exit_code == 0
    monkeypatch.setattr(files, "writable", lambda path: False)  # root ignores chmod: simulate what it reports
    code, err = run_main(monkeypatch, capsys, "search", "tag:ml")
    assert "unexpected" not in err and "index --rebuild" not in err
    if code != 0:  # reading a read-only store may also work; if it is refused, the store says why
        assert code == 2 and err.count("\n") == 1
        assert "state.sqlite3 is read-only" in err and "chmod" in err


@pytest.fixture
def unreadable_lock(monkeypatch):
    """`index/.lock` cannot be opened, as for a lock file another user made (root ignores chmod)."""
    real_open = os.open

    def refusing(path, *args, **kwargs):
        if str(path).endswith(os.path.join("index", ".lock")):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)


def test_an_unreadable_index_lock_names_the_file_and_the_fix(run, tmp_path, unreadable_lock):
    result = run("search", "diffusion")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"reader: permission denied: {tmp_path / 'data' / 'index' / '.lock'}: ")
    assert "chmod u+rw" in result.stderr and "--data-dir" in result.stderr


def test_the_app_says_the_same_about_an_unreadable_index_lock(run, tmp_path, monkeypatch, unreadable_lock):
    from reader.library import LibraryError

    made = {}

    class FakeApp:
        library = error = None
        return_code = 0

        def run(self):
            pass

    def create_app(opener, **options):
        made["opener"] = opener
        return FakeApp()

    monkeypatch.setattr("reader.app.create_app", create_app)
    monkeypatch.setattr("reader.cli.launch.missing_terminal", lambda: None)
    assert run().exit_code == 0
    with pytest.raises(LibraryError, match=r"permission denied: .*index/\.lock: make it readable and writable"):
        made["opener"](lambda stage, done, total: None)  # the app shows str(error) of what its opener raised
