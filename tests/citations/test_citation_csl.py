"""CSL text styles through citeproc-py: APA, MLA, Chicago author-date, IEEE; et al. never `& others`."""

from __future__ import annotations

from datetime import date

import pytest

from reader.citations import UnknownStyle, check_style, render
from reader.citations.keys import assign_keys
from reader.models import Paper

VASWANI = Paper(
    id="a1", title="Attention Is All You Need", authors=("Ashish Vaswani", "Noam Shazeer"),
    category="CL", published=date(2017, 6, 12),
)
TRUNCATED = Paper(
    id="b2", title="What Are Bayesian Neural Network Posteriors Really Like?",
    authors=("Jörg Müller", "Aäron van den Oord"), authors_truncated=True,
    category="LG", published=date(2021, 4, 29),
)
ONE_AND_MORE = Paper(
    id="c3", title="Single author paper", authors=("R. Alex Hofer",), authors_truncated=True,
    category="ML", published=date(2021, 4, 29),
)
NO_AUTHORS = Paper(id="d4", title="No authors here")
PAPERS = [VASWANI, TRUNCATED, ONE_AND_MORE, NO_AUTHORS]

EXPECTED = {
    # APA 7: initials, `&` before the last of two, `et al.` after a comma; sorted by author.
    "apa": [
        "Hofer, R. A., et al. (2021). Single author paper. arXiv.",
        "Müller, J., van den Oord, A., et al. (2021). What Are Bayesian Neural Network Posteriors Really Like? arXiv.",
        "No authors here. (n.d.).",
        "Vaswani, A., & Shazeer, N. (2017). Attention Is All You Need. arXiv.",
    ],
    # MLA 9: full names, first author inverted, three or more → first author, et al.; titles in quotes.
    "mla": [
        "Hofer, R. Alex, et al. “Single Author Paper.” arXiv, 29 Apr. 2021.",
        "Müller, Jörg, et al. “What Are Bayesian Neural Network Posteriors Really Like?” arXiv, 29 Apr. 2021.",
        "Vaswani, Ashish, and Noam Shazeer. “Attention Is All You Need.” arXiv, 12 June 2017.",
        "“No Authors Here.”",
    ],
    # Chicago author-date: full names, year after the authors, punctuation inside the quotes.
    "chicago": [
        "Hofer, R. Alex, et al. 2021. “Single Author Paper.” Preprint, ArXiv, April 29.",
        "Müller, Jörg, Aäron van den Oord, et al. 2021. “What Are Bayesian Neural Network Posteriors Really Like?” "
        "Preprint, ArXiv, April 29.",
        "Vaswani, Ashish, and Noam Shazeer. 2017. “Attention Is All You Need.” Preprint, ArXiv, June 12.",
        "“No Authors Here.” n.d. Preprint.",
    ],
    # IEEE: numbered in citation order, initials first, first author et al.
    "ieee": [
        "[1] A. Vaswani and N. Shazeer, “Attention Is All You Need,” Jun. 12, 2017, arXiv.",
        "[2] J. Müller et al., “What Are Bayesian Neural Network Posteriors Really Like?” Apr. 29, 2021, arXiv.",
        "[3] R. A. Hofer et al., “Single author paper,” Apr. 29, 2021, arXiv.",
        "[4] “No authors here.”",
    ],
}


@pytest.mark.parametrize("style", sorted(EXPECTED))
def test_style_output(style):
    text = render(PAPERS, style, assign_keys(PAPERS, {}))
    assert text.splitlines() == EXPECTED[style]
    assert "others" not in text and "& et al" not in text and "and et al" not in text


@pytest.mark.parametrize("style", ["apa", "mla", "chicago", "ieee"])
def test_truncated_seed_papers_read_et_al(seeds_library, style):
    papers = [p for p in seeds_library.papers() if p.authors_truncated][:8]
    text = render(papers, style, assign_keys(papers, {}))
    lines = text.splitlines()
    assert len(lines) == len(papers)
    assert all("et al." in line for line in lines)
    assert "others" not in text and "\ue002" not in text


def test_gemini_team_in_apa(seeds_library):
    paper = next(p for p in seeds_library.papers() if p.authors[:1] == ("Gemini Team",) and p.year == 2024)
    assert render([paper], "apa", {paper.id: "k"}) == (
        "Gemini Team, Georgiev, P., Lei, V. I., et al. (2024). Gemini 1.5: Unlocking multimodal understanding "
        "across millions of tokens of context. arXiv.\n"
    )


def test_any_installed_csl_style_by_name():
    assert check_style("harvard-cite-them-right") == "harvard-cite-them-right"
    text = render([VASWANI], "harvard-cite-them-right", {"a1": "vaswani2017attention"})
    assert text.startswith("Vaswani, A. and Shazeer, N. (2017)")


@pytest.mark.parametrize("name", ["nope", "../apa", "APA ", ""])
def test_unknown_style_names_the_available_ones(name):
    if name.strip().lower() == "apa":
        assert check_style(name) == "apa"
        return
    with pytest.raises(UnknownStyle, match="bibtex, apa, mla, chicago, ieee"):
        check_style(name)
