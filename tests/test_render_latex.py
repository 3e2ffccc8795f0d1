"""LaTeX rendering is never all-or-nothing: what pylatexenc knows renders, an unknown macro stays as written."""

from __future__ import annotations

import re

import pytest

from reader.ingest import parse_file
from reader.render import Rendered, display_title, latex_to_unicode, one_line
from tests.conftest import SEEDS

# The seed abstracts the old renderer showed whole and raw, each for one macro it did not know.
FIVE = {
    "In-Context Learning Creates Task Vectors": (r"\boldsymbol", "task vector θ(S) and"),
    "Latent Reasoning with Supervised Thinking States": (r"{\em while}", "performs reasoning while the input"),
    "PAC Generalization via Invariant Representations": (r"{\em finite sample}", "in a finite sample setting"),
    "Token-level and sequence-level loss smoothing for RNN language models": (
        r"\ie", "likelihood approach i.e. sequence-level smoothing"),
    "Learning useful representations for shifting tasks and distributions": (
        r"na\"{\i}ve", "an apparently naïve ensembling technique"),
}
_LEFT_RAW = re.compile(r"\\[A-Za-z]+|\\.|\$|[{}]")


@pytest.fixture(scope="module")
def seed_abstracts():
    return {listing.title: listing.abstract for path in sorted(SEEDS.glob("*.txt"))
            for listing in parse_file(path).listings}


@pytest.mark.parametrize("title", sorted(FIVE))
def test_the_five_seed_abstracts_render_with_nothing_raw(seed_abstracts, title):
    macro, phrase = FIVE[title]
    raw = seed_abstracts[title]
    assert macro in raw  # the seed still holds the case
    shown = latex_to_unicode(raw).text
    assert phrase in shown
    assert _LEFT_RAW.findall(shown) == []


def test_every_seed_text_renders_with_no_latex_left(seed_abstracts):
    for title, abstract in seed_abstracts.items():
        for text in (title, abstract):
            if "\\" in text or "$" in text:
                assert _LEFT_RAW.findall(latex_to_unicode(text).text) == [], title


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (r"the \ourmethod{} model on $k\leq2$ graphs", r"the \ourmethod{} model on k≤2 graphs"),
        (r"an \undefined{argument} and $\alpha$ here", r"an \undefined{argument} and α here"),
        (r"\LaTeX is fine, 50\% of $\beta$", r"\LaTeX is fine, 50% of β"),
        (r"approach \ie smoothing, \eg tokens \etal", "approach i.e. smoothing, e.g. tokens et al."),
        (r"the vector $\boldsymbol{\theta}$ and $\bm{x}$", "the vector θ and x"),
        (r"the vector $\boldsymbolθ(S)$", "the vector θ(S)"),
        (r"\texttt{code} and $\operatorname{KL}(p)$", "code and KL(p)"),
        (r"Schr\"odinger, Fr\'echet and na\"{\i}ve", "Schrödinger, Fréchet and naïve"),
    ],
)
def test_an_unknown_macro_stays_while_the_rest_renders(raw, shown):
    assert latex_to_unicode(raw).text == shown


@pytest.mark.parametrize(
    ("raw", "shown", "emphasised"),
    [
        (r"reasoning {\em while} the input", "reasoning while the input", ["while"]),
        (r"{\bf bold} and {\it slanted words}", "bold and slanted words", ["bold", "slanted words"]),
        (r"\emph{really} and \textbf{it}", "really and it", ["really", "it"]),
        (r"vector $\boldsymbol{\theta}$", "vector θ", ["θ"]),
    ],
)
def test_emphasis_switches_and_bold_math_become_emphasis(raw, shown, emphasised):
    rendered = latex_to_unicode(raw)
    assert rendered.text == shown
    assert [rendered.text[a:b] for a, b in rendered.emphasis] == emphasised


def test_a_macro_that_would_drop_a_word_keeps_only_its_own_piece_raw():
    # pylatexenc knows \vspace and drops its argument: that piece is shown as written, the rest renders
    assert latex_to_unicode(r"a \vspace{2em} gap and $\alpha$") == Rendered(r"a \vspace{2em} gap and α")


def test_one_line_squashes_whitespace_and_keeps_emphasis_on_its_words():
    rendered = one_line(Rendered("  deep \n\n learning  of  owls ", ((2, 6), (10, 18), (24, 28))))
    assert rendered.text == "deep learning of owls"
    assert [rendered.text[a:b] for a, b in rendered.emphasis] == ["deep", "learning", "owls"]


def test_display_title_is_rendered_on_one_line_and_cut():
    title = display_title("On $k\\leq2$\n  graphs with \\emph{long}   names")
    assert title == Rendered("On k≤2 graphs with long names", ((19, 23),))
    long = display_title("word " * 1000)
    assert long.text.endswith(" …") and len(long.text) <= 2_002
