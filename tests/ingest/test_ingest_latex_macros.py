"""Bibliography fields keep a LaTeX macro reader does not know, as written, and render the rest."""

from __future__ import annotations

from datetime import date

import pytest

from reader.ingest import parse_bytes
from reader.ingest.latex import latex_text

REF = date(2024, 6, 1)


def test_bibtex_keeps_an_unknown_macro_and_renders_the_rest():
    text = (
        "@misc{k,\n"
        r"  title = {{\ourmethod}: Fast Owls, \ie Birds {\em at} Night with $\boldsymbol{\theta}$}," "\n"
        r"  abstract = {We call it \sysname{v2} and compare it with \LaTeX, \eg by Schr\"odinger.}," "\n"
        "  year = 2020\n"
        "}\n"
    )
    [listing] = parse_bytes(text.encode(), "macros.bib", REF).listings
    assert listing.title == r"\ourmethod: Fast Owls, i.e. Birds at Night with $\boldsymbol{\theta}$"
    assert listing.abstract == r"We call it \sysname{v2} and compare it with \LaTeX, e.g. by Schrödinger."


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (r"the \ourmethod{} model", r"the \ourmethod{} model"),
        (r"\textbf{Bold} and \emph{owls}", "Bold and owls"),  # no emphasis markers in stored text
        (r"Fr\'echet and na\"{\i}ve", "Fréchet and naïve"),
    ],
)
def test_latex_text_keeps_unknown_macros_and_stores_no_markers(raw, shown):
    assert latex_text(raw) == shown
