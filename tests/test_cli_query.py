"""`reader search` takes the README's queries as written, `-vision` included, with its options anywhere."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from reader.cli import cli

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end > 0 else None]


def first_cells(section: str) -> list[str]:
    """The first cell of each row of the section's tables, header rows left out."""
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [re.split(r"(?<!\\)\|", row)[1].replace("\\|", "|") for row in rows]


def readme_queries() -> list[str]:
    """Every query in the first column of the README's query-language table."""
    return [query for cell in first_cells(readme_section("Query language")) for query in re.findall(r"`([^`]+)`", cell)]


QUERIES = readme_queries()


def test_the_readme_table_was_read():
    assert len(QUERIES) >= 15 and "-vision" in QUERIES and "NOT vision" in QUERIES


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    data = tmp_path_factory.mktemp("query-data")
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(cli, ["--data-dir", str(data), *args], catch_exceptions=False)

    assert invoke("index").exit_code == 0
    return invoke


def ids(result) -> list[str]:
    return [hit["id"] for hit in json.loads(result.stdout)]


@pytest.mark.parametrize("query", QUERIES)
def test_every_readme_query_runs_as_written(run, query):
    """As one argument (`reader search 'QUERY'`) and as the shell splits it unquoted."""
    for args in ([query], shlex.split(query)):
        result = run("search", "--limit", "5", *args)
        assert result.exit_code in (0, 1), (args, result.stderr)
        assert not result.stderr.startswith(("reader:", "Usage:")) and "Error:" not in result.stderr, args
        assert "Traceback" not in result.output


def test_a_query_may_start_with_a_dash(run):
    everything = ids(run("search", "--json", "--limit", "500", ""))
    negated = run("search", "--json", "--limit", "500", "-vision")
    assert negated.exit_code == 0
    assert ids(negated) == ids(run("search", "--json", "--limit", "500", "NOT", "vision"))
    assert 0 < len(ids(negated)) < len(everything)
    assert ids(run("search", "--json", "--limit", "500", "--", "-vision")) == ids(negated)
    assert ids(run("search", "-vision", "--json", "--limit", "500")) == ids(negated)  # options after the query


def test_options_keep_working_around_a_dashed_query(run):
    two = run("search", "--limit", "2", "-vision")
    assert two.exit_code == 0 and len(two.stdout.splitlines()) == 2
    assert len(run("search", "-n", "2", "-vision").stdout.splitlines()) == 2
    assert len(run("search", "-n2", "-vision").stdout.splitlines()) == 2
    assert len(ids(run("search", "--limit=3", "--sort", "newest", "-vision", "--json"))) == 3
    # `-neural` is the query "not neural", not `-n eural`
    assert ids(run("search", "--json", "-neural")) == ids(run("search", "--json", "NOT neural"))


def test_the_command_line_synopsis_works_with_options_after_the_query(run):
    result = run("search", "title:gemini", "--limit", "2", "--sort", "newest", "--json")
    assert [hit["title"].split(":")[0] for hit in json.loads(result.stdout)] == ["Gemini 2.5", "Gemini 1.5"]


def test_an_unknown_long_option_is_still_refused(run):
    result = run("search", "--lim", "2", "diffusion")
    assert result.exit_code == 2 and "No such option '--lim'" in result.stderr


def test_an_option_without_its_value_is_still_refused(run):
    result = run("search", "--limit")
    assert result.exit_code == 2 and "requires an argument" in result.stderr


def command_synopses() -> list[tuple[list[str], list[str]]]:
    """(command words, options) of each row of the README's Command line tables; the
    global options (`--seeds DIR`) have no command words."""
    rows = []
    for cell in first_cells(readme_section("Command line")):
        synopsis = re.findall(r"`([^`]+)`", cell)[0]
        words = re.match(r"((?:[a-z][a-z-]*\s?)*)", synopsis).group(1).split()
        rows.append((words, re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", synopsis)))
    return rows


def test_every_command_and_option_in_the_readme_exists():
    synopses = command_synopses()
    assert ["search"] in [words for words, _ in synopses]
    for words, options in synopses:
        command = cli
        for word in words:
            if not isinstance(command, click.Group) or word not in command.commands:
                break
            command = command.commands[word]
        assert command is not cli or not words, words
        known = {name for param in command.params for name in getattr(param, "opts", [])}
        assert set(options) <= known, (words, set(options) - known)
