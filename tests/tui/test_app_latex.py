"""The results list shows titles with their LaTeX rendered, as the pane does, and highlights both lines."""

from __future__ import annotations

import pytest

from reader.app import create_app
from reader.library import Library
from reader.widgets.abstract_pane import AbstractPane
from tests.conftest import write_dated
from tests.tui.conftest import results_for

TITLE = r"Owls on $k\leq2$ Graphs with \emph{Silent} Wings at Night"
SHOWN_TITLE = "Owls on k≤2 Graphs with Silent Wings at Night"


@pytest.fixture
def library(tmp_path):
    folder = tmp_path / "listings"
    folder.mkdir()
    write_dated(folder / "owls.txt", [
        ("CVJan 5, 2024", f"{TITLE}Ida Larsen", r"Schr\"odinger owls hunt {\em at dusk}, \ie late."),
        ("CLJan 6, 2024", "Talking Parrots RevisitedAna Silva", "Parrots talk."),
    ])
    library = Library.open(tmp_path / "data", [folder])
    yield library
    library.close()


def segments(results, y: int):
    """(text, style) of each segment of line `y` of the results list."""
    return [(segment.text, segment.style) for segment in results.render_line(y)]


def styled(results, y: int, word: str):
    """The style of the segment of line `y` that holds the word `word`."""
    return next(style for text, style in segments(results, y) if word in text.split())


async def test_titles_in_the_list_are_rendered_like_the_pane(library):
    app = create_app(library, debounce=0, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        results = await results_for(pilot, "owls")
        assert results.total == 1
        title_line = results.render_line(0).text
        assert SHOWN_TITLE in title_line and "$" not in title_line and "\\" not in title_line
        assert SHOWN_TITLE in app.main.query_one(AbstractPane).document.plain
        assert styled(results, 0, "Silent").italic  # \emph{Silent}


async def test_query_words_are_highlighted_on_both_lines(library):
    app = create_app(library, debounce=0, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        results = await results_for(pilot, "graphs larsen")
        assert results.total == 1
        match = results._style("results-list--match")
        assert ("Graphs", match.color) in [(t, s.color) for t, s in segments(results, 0)]  # the title line
        assert ("Larsen", match.color) in [(t, s.color) for t, s in segments(results, 1)]  # the byline
        assert styled(results, 1, "2024").color != match.color and styled(results, 1, "Ida").color != match.color
