"""The abstract pane's title says where its top is; notes keep their lines; details wrap under their value."""

from __future__ import annotations

from dataclasses import replace

import pytest
from rich.style import Style

from reader.models import Hit, PaperState
from reader.widgets.abstract_pane import AbstractPane, position
from reader.widgets.paper_view import LABEL_WIDTH, paper_document
from tests.tui.conftest import results_for, settle

INDENT = " " * (LABEL_WIDTH + 1)


@pytest.mark.parametrize("scroll_y, lines, height, said", [
    (0, 10, 20, "all"), (0, 20, 20, "all"), (0, 100, 20, "top"), (40, 100, 20, "50%"), (80, 100, 20, "100%"),
    (1, 1000, 20, "1%"),
])
def test_the_position_is_where_the_top_is(scroll_y, lines, height, said):
    assert position(scroll_y, lines, height) == said


def rows(pane: AbstractPane) -> list[str]:
    return ["".join(segment.text for segment in line).rstrip() for line in pane._wrapped()]


async def test_the_pane_title_says_top_at_the_top_and_all_when_the_paper_fits(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        results = await results_for(pilot, "language")
        pane = app.main.query_one(AbstractPane)
        longest = max(range(min(results.total, 50)), key=lambda i: len(results._hits[i].paper.abstract))
        results.cursor = longest
        await settle(pilot)
        assert pane.virtual_size.height > pane.scrollable_content_region.height
        assert pane.border_title == "Abstract · top"
        pane.scroll_to(y=pane.max_scroll_y, animate=False, immediate=True)
        await pilot.pause()
        assert pane.border_title == "Abstract · 100%"
        short = replace(results.current.paper, abstract="Short.", authors=("Ida Larsen",))
        pane.show(Hit(short, 1.0))
        await pilot.pause()
        assert pane.border_title == "Abstract · all"


def document_lines(paper, state, width):
    return paper_document(paper, frozenset(), state, lambda part: Style(), width).plain.splitlines()


def test_a_notes_lines_stay_lines_under_its_value(seeds_library):
    paper = next(iter(seeds_library.papers()))
    note = "first line\n  second   line\n\n\n\nafter a gap\x1b[31m"
    lines = document_lines(paper, PaperState(note=note), None)
    at = lines.index("Note".ljust(LABEL_WIDTH) + " first line")
    assert lines[at + 1: at + 4] == [INDENT + "second line", "", INDENT + "after a gap"]  # its escape sequence stripped


def test_long_notes_and_list_names_wrap_with_a_hanging_indent(seeds_library):
    paper = next(iter(seeds_library.papers()))
    state = PaperState(lists=("Papers to read before the workshop in March", "Diffusion language models survey",
                              "Everything about tokenisers"),
                       note="word " * 40)
    width = 60
    lines = document_lines(paper, state, width)
    for label in ("Lists", "Note"):
        at = next(i for i, line in enumerate(lines) if line.startswith(label.ljust(LABEL_WIDTH) + " "))
        following = lines[at + 1: at + 3]
        assert len(lines[at]) <= width and all(line.startswith(INDENT) and line[len(INDENT)] != " "
                                               for line in following), (label, lines[at: at + 3])


async def test_the_pane_shows_a_note_with_its_line_breaks(make_app, library):
    app = make_app(library)
    async with app.run_test(size=(100, 40)) as pilot:
        results = await results_for(pilot, "diffusion ")
        library.set_note(results.current.paper.id, "first line\nsecond line")
        app.main.load_states([results.current.paper.id])
        await settle(pilot)
        shown = rows(app.main.query_one(AbstractPane))
        at = shown.index("Note".ljust(LABEL_WIDTH) + " first line")
        assert shown[at + 1] == INDENT + "second line"
