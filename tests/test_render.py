"""Display text: LaTeX to Unicode that never loses a word, highlights, bylines, URLs."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.models import Paper
from reader.render import (
    all_authors,
    arxiv_search_url,
    first_author,
    highlight_spans,
    keeps_every_word,
    latex_to_unicode,
    safe,
)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (r"$\leq5$%", "≤5%"),
        (r'LL\"aMmlein', "LLäMmlein"),
        (r"$\alpha$", "α"),
        (r"a $\beta$-VAE at 5% cost", "a β-VAE at 5% cost"),
        (r"100\% sure", "100% sure"),
        (r"costs $5 and $10 today", "costs $5 and $10 today"),
        (r"see \cite{smith2020} now", "see [smith2020] now"),
        ("plain text, no LaTeX at all", "plain text, no LaTeX at all"),
    ],
)
def test_latex_is_rendered_readably(raw, shown):
    assert latex_to_unicode(raw).text == shown


def test_emph_becomes_an_emphasis_span():
    rendered = latex_to_unicode(r"we \emph{really} mean \textbf{it}")
    assert rendered.text == "we really mean it"
    assert [rendered.text[a:b] for a, b in rendered.emphasis] == ["really", "it"]


@pytest.mark.parametrize(
    "raw",
    [
        r"the \ourmethod{} model beats \baseline by far",  # unknown macros would vanish
        r"an \undefined{argument} here",
        r"broken { brace and $ dollar",
        r"\begin{weird} body \end{other}",
    ],
)
def test_text_that_would_lose_words_is_shown_raw(raw):
    assert latex_to_unicode(raw).text == raw


def test_markup_and_control_characters_stay_literal_or_go():
    assert latex_to_unicode("[bold]x[/] [@click=app.quit]y[/] $\\alpha$").text == "[bold]x[/] [@click=app.quit]y[/] α"
    cleaned = safe("a\x1b[31mb\x07c\u202ed\x9b")
    assert "a" in cleaned and "d" in cleaned
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or c == "\u202e" for c in cleaned)


_WORD = st.from_regex(r"[A-Za-z][a-z0-9]{0,8}", fullmatch=True)
_LATEXISH = st.sampled_from(
    ["$", "%", "\\", "{", "}", "\\emph{", "\\alpha", "$\\beta$", "\\foo", "~", "\\%", "\\\\", "&", "#", "^", "_"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_WORD, _LATEXISH, st.just(" ")), min_size=1, max_size=40))
def test_no_word_is_ever_lost(parts):
    raw = " ".join(parts)
    shown = latex_to_unicode(raw).text
    # Every plain word of the input (not a macro name) is still there, in order.
    words = [w.lower() for w in re.findall(r"[A-Za-z0-9]+", re.sub(r"\\[A-Za-z]+", " ", raw))]
    flat = " ".join(re.findall(r"[a-z0-9]+", shown.lower()))
    position = 0
    for word in words:
        found = flat.find(word, position)
        assert found >= 0, (raw, shown, word)
        position = found + len(word)


def test_keeps_every_word_spots_a_loss():
    assert keeps_every_word("a \\emph{b} c", "a b c")
    assert not keeps_every_word("alpha beta gamma", "alpha gamma")


def test_highlight_spans_match_on_index_terms():
    text = "Language models model languages; the Model."
    spans = highlight_spans(text, frozenset({"model"}))
    assert [text[a:b] for a, b in spans] == ["models", "model", "Model"]
    assert highlight_spans(text, frozenset()) == []


def test_bylines_and_the_arxiv_url():
    paper = Paper(id="x", title="A & B: C?", authors=("Ada Lovelace", "Alan Turing"), authors_truncated=True)
    assert first_author(paper) == "Ada Lovelace et al."
    assert all_authors(paper) == "Ada Lovelace, Alan Turing et al."
    assert first_author(Paper(id="y", title="t", authors=("Solo",))) == "Solo"
    assert first_author(Paper(id="z", title="t")) == ""
    assert arxiv_search_url(paper.title) == "https://arxiv.org/search/?query=A+%26+B%3A+C%3F&searchtype=title"
