"""The CLI's human output shows LaTeX rendered; `--raw` and `--json` keep the listing's source."""

from __future__ import annotations

import json

import pytest

from tests.cli_birds import run  # noqa: F401 - the runner fixture over `listings` below
from tests.conftest import write_dated

TITLE = r"Owls on $k\leq2$ Graphs with \emph{Silent} Wings at Night"
SHOWN_TITLE = "Owls on k≤2 Graphs with Silent Wings at Night"
ABSTRACT = r"We study Schr\"odinger owls {\em at dusk}, \ie when $\alpha\to0$, with the \ourmethod{} tracker."
SHOWN_ABSTRACT = r"We study Schrödinger owls at dusk, i.e. when α→0, with the \ourmethod{} tracker."


@pytest.fixture
def listings(tmp_path):
    folder = tmp_path / "listings"
    folder.mkdir()
    write_dated(folder / "owls.txt", [
        ("CVJan 5, 2024", f"{TITLE}Ida Larsen", ABSTRACT),
        ("CLJan 6, 2024", "Talking Parrots RevisitedAna Silva", "Parrots talk."),
    ])
    return folder


def owl_id(run) -> str:
    [hit] = json.loads(run("search", "owls", "--json").stdout)
    return hit["id"]


def test_search_prints_rendered_titles(run):
    result = run("search", "owls")
    assert result.exit_code == 0
    assert SHOWN_TITLE in result.stdout
    assert "$" not in result.stdout and "\\" not in result.stdout


def test_search_raw_and_json_keep_the_source(run):
    raw = run("search", "--raw", "owls")
    assert raw.exit_code == 0 and TITLE in raw.stdout and SHOWN_TITLE not in raw.stdout
    [hit] = json.loads(run("search", "owls", "--json").stdout)
    assert hit["title"] == TITLE


def test_search_finds_the_latex_accented_word_unaccented(run):
    result = run("search", "schrodinger")
    assert result.exit_code == 0 and SHOWN_TITLE in result.stdout


def test_show_prints_title_and_abstract_rendered(run):
    result = run("show", owl_id(run))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == SHOWN_TITLE
    assert SHOWN_ABSTRACT in " ".join(result.stdout.split())  # wrapped to the terminal


def test_show_raw_and_json_keep_the_source(run):
    paper_id = owl_id(run)
    raw = run("show", "--raw", paper_id)
    assert raw.stdout.splitlines()[0] == TITLE
    assert ABSTRACT in " ".join(raw.stdout.split())
    shown = json.loads(run("show", "--json", paper_id).stdout)
    assert (shown["title"], shown["abstract"]) == (TITLE, ABSTRACT)


def test_other_paper_lines_render_titles_too(run):
    paper_id = owl_id(run)
    assert run("list", "add", "Reading list", paper_id).exit_code == 0
    shown = run("list", "show", "Reading list")
    assert shown.exit_code == 0 and SHOWN_TITLE in shown.stdout and "$" not in shown.stdout
    [paper] = json.loads(run("list", "show", "Reading list", "--json").stdout)
    assert paper["title"] == TITLE
