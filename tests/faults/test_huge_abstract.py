"""A paper with a 10 MB abstract: the app renders a bounded part of it and keeps answering keys.

The work is measured, not timed: every character handed to the LaTeX renderer and to the
highlighter is counted, and so is the text the panes wrap.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from rich.style import Style

import reader.render as render
from reader.app import create_app
from reader.cli import cli
from reader.library import Library
from reader.screens.reading import ReadingScreen
from reader.widgets.abstract_pane import AbstractPane
from reader.widgets.paper_view import PaperView, paper_document
from tests.conftest import write_dated
from tests.tui.conftest import search_for, settle

HUGE = 10_000_000  # characters in the abstract
BOUND = 64_000  # characters of one paper the app may render in one go (a normal abstract is 1-2 thousand)
CHUNK = r"Owls hunt at night with $\alpha$-level hearing and \emph{silent} wings. "

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def listings(tmp_path_factory):
    folder = tmp_path_factory.mktemp("listings")
    abstract = (CHUNK * (HUGE // len(CHUNK) + 1))[:HUGE]
    write_dated(folder / "huge.txt", [
        ("CVJan 5, 2024", "Owls in the Dark: a Very Long StudyIda Larsen", abstract),
        ("CLJan 6, 2024", "Talking Parrots RevisitedAna Silva", "Parrots talk."),
    ])
    return folder


@pytest.fixture(scope="module")
def library(listings, tmp_path_factory):
    """Built once for the module (indexing 10 MB takes a few seconds); the tests only read it."""
    library = Library.open(tmp_path_factory.mktemp("data"), [listings])
    yield library
    library.close()


@pytest.fixture
def work(monkeypatch):
    """Characters given to the LaTeX renderer (per call) and to the highlighter (in all)."""
    seen = {"latex": [], "highlighted": 0}
    real = render._converter()

    class Counting:
        def latex_to_text(self, text: str) -> str:
            seen["latex"].append(len(text))
            if len(text) > BOUND:  # would take minutes before the fix; the count already tells
                raise RuntimeError("too much LaTeX for one repaint")
            return real.latex_to_text(text)

    real_term = render.term

    def counting_term(word: str) -> str:
        seen["highlighted"] += len(word)
        return real_term(word)

    monkeypatch.setattr(render, "_converter", Counting)
    monkeypatch.setattr(render, "term", counting_term)
    render.latex_to_unicode.cache_clear()
    yield seen
    render.latex_to_unicode.cache_clear()


def huge_paper(library):
    return next(p for p in library.papers() if len(p.abstract) > HUGE // 2)


async def test_the_app_renders_a_bounded_part_and_esc_and_q_still_work(library, work):
    huge = huge_paper(library)
    app = create_app(library, debounce=0, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "owls")
        await pilot.press("enter")  # to the results
        await settle(pilot)
        assert app.main.results.total == 1 and app.main.results.current.paper.id == huge.id
        pane = app.main.query_one(AbstractPane)
        assert pane.paper.id == huge.id
        shown = pane.document.plain
        assert len(shown) < BOUND
        assert "Owls hunt at night with α-level hearing" in shown  # the part shown is still rendered
        assert f"`reader show {huge.id}` prints it all" in shown

        await pilot.press("enter")  # the reading view
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        read = str(app.screen.query_one(PaperView).render())
        assert len(read) < BOUND and f"`reader show {huge.id}` prints it all" in read

        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.main
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0
    assert work["latex"] and max(work["latex"]) <= BOUND
    assert work["highlighted"] < 3 * BOUND  # the pane, the reading view and the results' titles


def test_a_paper_document_holds_a_bounded_part_with_a_marker(library, work):
    huge = huge_paper(library)
    document = paper_document(huge, frozenset({"owl"}), None, lambda part: Style()).plain
    assert len(document) < BOUND
    assert document.rstrip().endswith(f"characters; `reader show {huge.id}` prints it all)")
    assert f"(abstract cut at {render.ABSTRACT_SHOWN:,} of {len(huge.abstract):,} characters;" in document
    assert max(work["latex"]) <= BOUND and work["highlighted"] < BOUND


def test_a_normal_abstract_is_shown_whole_without_a_marker(library):
    parrots = next(p for p in library.papers() if p.title.startswith("Talking Parrots"))
    document = paper_document(parrots, frozenset(), None, lambda part: Style()).plain
    assert document.rstrip().endswith("Parrots talk.") and "cut at" not in document


def test_the_cli_still_prints_the_whole_abstract(library, listings):
    huge = huge_paper(library)
    options = ["--seeds", str(listings), "--data-dir", str(library.data_dir)]
    result = CliRunner().invoke(cli, [*options, "show", huge.id], catch_exceptions=False)
    assert result.exit_code == 0
    assert " ".join(huge.abstract.split()) in " ".join(result.stdout.split())  # wrapped to the terminal
    assert "cut at" not in result.stdout


@pytest.mark.parametrize(("text", "limit", "expected"), [
    ("short enough", 20, ("short enough", False)),
    ("one two three four five", 12, ("one two", True)),  # at the last space, never mid-word
    ("x" * 30, 10, ("x" * 10, True)),  # no space to cut at: cut at the limit
])
def test_clipped_cuts_at_a_space_within_the_limit(text, limit, expected):
    assert render.clipped(text, limit) == expected
