"""CSL text styles through citeproc-py: APA, MLA, Chicago author-date, IEEE; et al. never `& others`."""

from __future__ import annotations

from datetime import date

import pytest

from reader.citations import UnknownStyle, check_style, render
from reader.citations.citeproc_fixes import change_case
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
        "Hofer, R. Alex, et al. 2021. “Single Author Paper.” Preprint, arXiv, April 29.",
        "Müller, Jörg, Aäron van den Oord, et al. 2021. “What Are Bayesian Neural Network Posteriors Really Like?” "
        "Preprint, arXiv, April 29.",
        "Vaswani, Ashish, and Noam Shazeer. 2017. “Attention Is All You Need.” Preprint, arXiv, June 12.",
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


SWITCH = Paper(
    id="s1", title="Switch Transformers: Scaling to Trillion Parameter Models",
    authors=("William Fedus", "Barret Zoph", "Noam Shazeer"), category="LG", published=date(2021, 1, 11),
    arxiv="2101.03961",
)
JOURNAL = Paper(
    id="j1", title="Exploring the Limits of Transfer Learning with a Unified Text-to-Text Transformer",
    authors=("Colin Raffel", "Noam Shazeer"), year=2020, doi="10.5555/3455716.3455856",
    journal="Journal of Machine Learning Research", arxiv="1910.10683", category="LG",
)
CONFERENCE = Paper(
    id="c1", title="BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
    authors=("Jacob Devlin", "Ming-Wei Chang"), year=2019, doi="10.18653/v1/n19-1423",
    booktitle="Proceedings of NAACL-HLT 2019", url="https://aclanthology.org/N19-1423",
)
SEEDLIKE = Paper(
    id="v1", title="LM vs LM: Detecting Factual Errors via Cross Examination", authors=("Roi Cohen", "May Hamri"),
    authors_truncated=True, category="CL", published=date(2023, 5, 22),
)
IDENTIFIED = [SWITCH, JOURNAL, CONFERENCE, SEEDLIKE]
SWITCH_TITLE = "Switch Transformers: Scaling to Trillion Parameter Models"
T5_TITLE = "Exploring the Limits of Transfer Learning with a Unified Text-to-Text Transformer"
BERT_TITLE = "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"
LM_TITLE = "LM vs LM: Detecting Factual Errors via Cross Examination"

# A preprint reads as Zotero's arXiv items do (`publisher` arXiv, `number` arXiv:ID, `URL` the abstract page);
# a journal or conference paper names its venue and links its DOI.
EXPECTED_IDENTIFIED = {
    "apa": [
        f"Cohen, R., Hamri, M., et al. (2023). {LM_TITLE}. arXiv.",
        f"Devlin, J., & Chang, M.-W. (2019). {BERT_TITLE}. Proceedings of NAACL-HLT 2019. "
        "https://doi.org/10.18653/v1/n19-1423",
        f"Fedus, W., Zoph, B., & Shazeer, N. (2021). {SWITCH_TITLE} (arXiv:2101.03961). arXiv. "
        "https://arxiv.org/abs/2101.03961",
        f"Raffel, C., & Shazeer, N. (2020). {T5_TITLE}. Journal of Machine Learning Research. "
        "https://doi.org/10.5555/3455716.3455856",
    ],
    "mla": [
        f"Cohen, Roi, et al. “{LM_TITLE}.” arXiv, 22 May 2023.",
        f"Devlin, Jacob, and Ming-Wei Chang. “{BERT_TITLE}.” Proceedings of NAACL-HLT 2019, 2019, "
        "https://doi.org/10.18653/v1/n19-1423.",
        f"Fedus, William, et al. “{SWITCH_TITLE}.” arXiv:2101.03961, arXiv, 11 Jan. 2021, "
        "https://arxiv.org/abs/2101.03961.",
        f"Raffel, Colin, and Noam Shazeer. “{T5_TITLE}.” Journal of Machine Learning Research, 2020, "
        "https://doi.org/10.5555/3455716.3455856.",
    ],
    "chicago": [
        f"Cohen, Roi, May Hamri, et al. 2023. “{LM_TITLE}.” Preprint, arXiv, May 22.",
        f"Devlin, Jacob, and Ming-Wei Chang. 2019. “{BERT_TITLE}.” Proceedings of NAACL-HLT 2019. "
        "https://doi.org/10.18653/v1/n19-1423.",
        f"Fedus, William, Barret Zoph, and Noam Shazeer. 2021. “{SWITCH_TITLE}.” arXiv:2101.03961. "
        "Preprint, arXiv, January 11. https://arxiv.org/abs/2101.03961.",
        f"Raffel, Colin, and Noam Shazeer. 2020. “{T5_TITLE}.” Journal of Machine Learning Research, ahead of print. "
        "https://doi.org/10.5555/3455716.3455856.",
    ],
    "ieee": [
        f"[1] W. Fedus, B. Zoph, and N. Shazeer, “{SWITCH_TITLE},” Jan. 11, 2021, arXiv: arXiv:2101.03961. "
        "[Online]. Available: https://arxiv.org/abs/2101.03961",
        f"[2] C. Raffel and N. Shazeer, “{T5_TITLE},” Journal of Machine Learning Research, 2020, "
        "doi: 10.5555/3455716.3455856.",
        f"[3] J. Devlin and M.-W. Chang, “{BERT_TITLE},” in Proceedings of NAACL-HLT 2019, 2019. "
        "doi: 10.18653/v1/n19-1423.",
        f"[4] R. Cohen et al., “{LM_TITLE},” May 22, 2023, arXiv.",
    ],
    "nature": [
        f"1. Fedus, W., Zoph, B. & Shazeer, N. {SWITCH_TITLE}. Preprint at https://arxiv.org/abs/2101.03961 (2021).",
        f"2. Raffel, C. & Shazeer, N. {T5_TITLE}. Journal of Machine Learning Research "
        "https://doi.org/10.5555/3455716.3455856 (2020) doi:10.5555/3455716.3455856.",
        f"3. Devlin, J. & Chang, M.-W. {BERT_TITLE}. in Proceedings of NAACL-HLT 2019 (2019). "
        "doi:10.18653/v1/n19-1423.",
        f"4. Cohen, R., et al. {LM_TITLE}. Preprint (2023).",  # no identifier: not `Preprint at (2023).`
    ],
    "vancouver-nlm": [
        f"1. Fedus W, Zoph B, Shazeer N. {SWITCH_TITLE} [Internet]. arXiv; 2021. "
        "Available from: https://arxiv.org/abs/2101.03961",
        f"2. Raffel C, Shazeer N. {T5_TITLE}. Journal of Machine Learning Research. 2020. doi:10.5555/3455716.3455856",
        f"3. Devlin J, Chang MW. {BERT_TITLE}. In: Proceedings of NAACL-HLT 2019 [Internet]. 2019. "
        "Available from: https://aclanthology.org/N19-1423 doi:10.18653/v1/n19-1423",
        f"4. Cohen R, Hamri M, et al. {LM_TITLE}. arXiv; 2023.",
    ],
}


@pytest.mark.parametrize("style", sorted(EXPECTED_IDENTIFIED))
def test_identifiers_in_each_style(style):
    text = render(IDENTIFIED, style, assign_keys(IDENTIFIED, {}))
    assert text.splitlines() == EXPECTED_IDENTIFIED[style]


@pytest.mark.parametrize("style", ["apa", "mla", "chicago", "ieee", "nature", "vancouver-nlm"])
def test_seed_titles_keep_their_acronyms_and_lowercase_vs(seeds_library, style):
    wanted = (
        "LM vs LM", "Discriminative vs. Generative", "MM1.5:", "mOSCAR:", "PaLM 2", "KoLMogorov", "MIxture RE-weighting",
    )
    papers = [p for p in seeds_library.papers() if any(w in p.title for w in wanted)]
    assert len(papers) == len(wanted)
    for paper in papers:
        line = render([paper], style, {paper.id: "k"})
        words = {w.strip("“”‘’,.:;?!") for w in line.split()}
        for word in paper.title.split():
            if any(c.isupper() for c in word[1:]) or word in ("vs", "vs."):
                assert word.strip(",.:;?!") in words, (word, line)
        assert "ArXiv" not in line and " Vs" not in line and " at (" not in line


@pytest.mark.parametrize(
    ("case", "text", "expected"),
    [
        ("title", "LM vs LM: the arXiv of things", "LM vs LM: The arXiv of Things"),
        ("title", "discriminative vs. the generative v the rest", "Discriminative vs. the Generative v the Rest"),
        ("title", "learning without supervision through (noisy) labels, at scale", "Learning without Supervision "
         "through (Noisy) Labels, at Scale"),
        ("title", "what is it about? the end is near", "What Is It About? The End Is Near"),
        ("title", "BERT and GPT-4 and word2vec", "BERT and GPT-4 and Word2vec"),
        ("capitalize-first", "arXiv", "arXiv"),
        ("capitalize-first", "preprint", "Preprint"),
        ("capitalize-all", "arXiv preprint server", "arXiv Preprint Server"),
        ("sentence", "LoRA for arXiv models", "LoRA for arXiv models"),
        ("sentence", "low-rank LoRA", "Low-rank LoRA"),
    ],
)
def test_text_case_changes_only_lowercase_words(case, text, expected):
    from citeproc.string import String

    assert str(change_case(String(text), case)) == expected
