"""BibTeX: every seed paper parses; hard cases exactly."""

from __future__ import annotations

from datetime import date

import pytest
from tests.bibtex_entries import bibtex_entries

from reader.citations import render
from reader.citations.bibtex import bibtex_authors, latex_title, needs_protection
from reader.citations.keys import assign_keys
from reader.models import Paper


def parse(text: str):
    return bibtex_entries(text)


def split_authors(field: str) -> list[str]:
    """Split on ` and ` outside braces, as BibTeX does."""
    parts, depth, current, i = [], 0, "", 0
    while i < len(field):
        if field[i] == "{":
            depth += 1
        elif field[i] == "}":
            depth -= 1
        if depth == 0 and field.startswith(" and ", i):
            parts.append(current)
            current, i = "", i + 5
            continue
        current += field[i]
        i += 1
    return parts + [current]


def cite(paper: Paper) -> str:
    return render([paper], "bibtex", assign_keys([paper], {}))


def by_title(seeds_library, title: str) -> Paper:
    return next(p for p in seeds_library.papers() if p.title == title)


def test_every_seed_paper_parses_with_unique_keys_and_right_authors(seeds_library):
    papers = list(seeds_library.papers())
    text = render(papers, "bibtex", assign_keys(papers, {}))
    entries = parse(text)
    assert len(entries) == len(papers) == 426
    assert len({e["ID"] for e in entries}) == len(papers)
    for paper, entry in zip(papers, entries):
        assert entry["ENTRYTYPE"] == "misc"
        assert not {"eprint", "archivePrefix", "primaryClass", "doi", "url"} & set(entry)  # seeds have no identifiers
        assert ("howpublished" in entry) == bool(paper.category)
        if not paper.authors:
            assert "author" not in entry
            continue
        authors = split_authors(entry["author"])
        assert len(authors) == len(paper.authors) + paper.authors_truncated
        assert (authors[-1] == "others") == paper.authors_truncated


def test_non_ascii_author_kept_as_utf8_and_truncated_list(seeds_library):
    paper = by_title(seeds_library, "On the Utilization of Unique Node Identifiers in Graph Neural Networks")
    assert cite(paper) == (
        "@misc{bechlerspeicher2024utilization,\n"
        "  title = {On the Utilization of Unique Node Identifiers in Graph Neural Networks},\n"
        "  author = {Bechler-Speicher, Maya and Eliasof, Moshe and Schönlieb, Carola-Bibiane and others},\n"
        "  year = {2024},\n"
        "  month = nov,\n"
        "  howpublished = {arXiv cs.LG},\n"
        "}\n"
    )


def test_gemini_team_is_a_corporate_author(seeds_library):
    paper = by_title(
        seeds_library, "Gemini 1.5: Unlocking multimodal understanding across millions of tokens of context"
    )
    assert cite(paper) == (
        "@misc{gemini2024gemini,\n"
        "  title = {Gemini 1.5: Unlocking multimodal understanding across millions of tokens of context},\n"
        "  author = {{Gemini Team} and Georgiev, Petko and Lei, Ving Ian and others},\n"
        "  year = {2024},\n"
        "  month = mar,\n"
        "  howpublished = {arXiv cs.CL},\n"
        "}\n"
    )
    assert parse(cite(paper))[0]["author"].startswith("{Gemini Team} and ")


def test_title_ending_in_question_mark(seeds_library):
    paper = by_title(seeds_library, "When Can Transformers Count to n?")
    assert cite(paper) == (
        "@misc{yehudai2024when,\n"
        "  title = {When Can Transformers Count to n?},\n"
        "  author = {Yehudai, Gilad and Kaplan, Haim and Dar, Guy and others},\n"
        "  year = {2024},\n"
        "  month = jul,\n"
        "  howpublished = {arXiv cs.CL},\n"
        "}\n"
    )


def test_ampersand_percent_and_acronyms_in_seed_titles(seeds_library):
    mm = by_title(seeds_library, "MM1.5: Methods, Analysis & Insights from Multimodal LLM Fine-tuning")
    assert cite(mm) == (
        "@misc{anonndmm1,\n"
        "  title = {{MM1.5}: Methods, Analysis \\& Insights from Multimodal {LLM} Fine-tuning},\n"
        "}\n"
    )
    mink = by_title(seeds_library, "Min-K%++: Improved Baseline for Detecting Pre-Training Data from Large Language Models")
    assert "title = {{Min-K\\%++}: Improved Baseline for Detecting {Pre-Training} Data from Large Language Models}" in cite(mink)
    assert parse(cite(mink))[0]["title"].startswith("{Min-K\\%++}")


def test_built_paper_with_particles_initials_corporate_and_specials():
    paper = Paper(
        id="abc",
        title="BERT & GPT-4 at 100% on $x_1$: Schr\\\"odinger {DeepMind} word2vec_v2 #1?",
        authors=("Aäron van den Oord", "R. Alex Hofer", "OpenAI", "DeepSeek-AI", "Martin Luther King Jr."),
        authors_truncated=True,
        category="ML",
        published=date(2016, 9, 12),
    )
    assert cite(paper) == (
        "@misc{oord2016bert,\n"
        "  title = {{BERT} \\& {GPT-4} at 100\\% on {$x_1$}: Schr\\\"odinger {DeepMind} {word2vec\\_v2} \\#1?},\n"
        "  author = {van den Oord, Aäron and Hofer, R. Alex and {OpenAI} and {DeepSeek-AI} "
        "and King, Jr., Martin Luther and others},\n"
        "  year = {2016},\n"
        "  month = sep,\n"
        "  howpublished = {arXiv stat.ML},\n"
        "}\n"
    )
    entry = parse(cite(paper))[0]
    assert len(split_authors(entry["author"])) == 6


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Attention Is All You Need", "Attention Is All You Need"),
        ("The $\\alpha$-Divergence", "The {$\\alpha$}-Divergence"),
        ("Costs $5 and $10", "Costs \\$5 and \\$10"),
        ("Na\\\"ive \\'{e}t\\'e \\& co", "Na\\\"ive \\'{e}t\\'e \\& co"),
        ("{BERT} and {a & b}", "{BERT} and {a \\& b}"),
        ("stray { brace_", "stray \\{ brace\\_"),
        ("\\unknownmacro and \\emph{Good}", "\\textbackslash{}unknownmacro and \\emph{Good}"),
        ("iPhone (3D) scenes", "{iPhone} ({3D}) scenes"),
        ("Vision & Language", "Vision \\& Language"),
    ],
)
def test_latex_title(title, expected):
    assert latex_title(title) == expected


def test_protection_rule():
    assert needs_protection("BERT") and needs_protection("GPT-4") and needs_protection("word2vec")
    assert not needs_protection("Attention") and not needs_protection("-Divergence") and not needs_protection("2024")


def test_single_word_and_no_authors():
    assert bibtex_authors(Paper(id="x", title="t", authors=("Mausam",))) == "{Mausam}"
    assert bibtex_authors(Paper(id="x", title="t")) == ""


SWITCH = Paper(
    id="s1", title="Switch Transformers: Scaling to Trillion Parameter Models with Simple and Efficient Sparsity",
    authors=("William Fedus", "Barret Zoph", "Noam Shazeer"), category="LG", published=date(2021, 1, 11),
    arxiv="2101.03961",
)


def test_arxiv_paper_carries_eprint_fields_instead_of_howpublished():
    assert cite(SWITCH) == (
        "@misc{fedus2021switch,\n"
        "  title = {Switch Transformers: Scaling to Trillion Parameter Models with Simple and Efficient Sparsity},\n"
        "  author = {Fedus, William and Zoph, Barret and Shazeer, Noam},\n"
        "  year = {2021},\n"
        "  month = jan,\n"
        "  eprint = {2101.03961},\n"
        "  archivePrefix = {arXiv},\n"
        "  primaryClass = {cs.LG},\n"
        "  url = {https://arxiv.org/abs/2101.03961},\n"
        "}\n"
    )
    entry = parse(cite(SWITCH))[0]
    assert entry["eprint"] == "2101.03961" and entry["archivePrefix"] == "arXiv" and "howpublished" not in entry


@pytest.mark.parametrize(("category", "primary"), [("ML", "stat.ML"), ("SP", "eess.SP"), ("cs.CL", "cs.CL"), ("XX", "XX")])
def test_primary_class_is_the_full_code(category, primary):
    paper = Paper(id="x", title="T", arxiv="hep-th/9901001", category=category)
    entry = parse(cite(paper))[0]
    assert entry["primaryClass"] == primary and entry["eprint"] == "hep-th/9901001"
    assert "primaryClass" not in parse(cite(Paper(id="y", title="T", arxiv="2101.03961")))[0]


def test_journal_article_with_doi_and_arxiv_id():
    paper = Paper(
        id="j1", title="Switch Transformers", authors=("William Fedus",), year=2022, arxiv="2101.03961",
        doi="10.5555/3586589.3586709", journal="Journal of Machine Learning Research", category="LG",
    )
    assert cite(paper) == (
        "@article{fedus2022switch,\n"
        "  title = {Switch Transformers},\n"
        "  author = {Fedus, William},\n"
        "  journal = {Journal of Machine Learning Research},\n"
        "  year = {2022},\n"
        "  eprint = {2101.03961},\n"
        "  archivePrefix = {arXiv},\n"
        "  primaryClass = {cs.LG},\n"
        "  doi = {10.5555/3586589.3586709},\n"
        "  url = {https://arxiv.org/abs/2101.03961},\n"
        "}\n"
    )


def test_conference_paper_with_doi_and_url_written_verbatim():
    paper = Paper(
        id="c1", title="BERT: Pre-training of Deep Bidirectional Transformers", authors=("Jacob Devlin",),
        year=2019, doi="10.18653/v1/n19-1423_a%b", url="https://aclanthology.org/N19-1423?x={y}",
        booktitle="Proceedings of NAACL-HLT 2019 & more", category="CL",
    )
    assert cite(paper) == (
        "@inproceedings{devlin2019bert,\n"
        "  title = {{BERT}: Pre-training of Deep Bidirectional Transformers},\n"
        "  author = {Devlin, Jacob},\n"
        "  booktitle = {Proceedings of {NAACL-HLT} 2019 \\& more},\n"
        "  year = {2019},\n"
        "  doi = {10.18653/v1/n19-1423_a%b},\n"
        "  url = {https://aclanthology.org/N19-1423?x=%7By%7D},\n"
        "}\n"
    )
    entry = parse(cite(paper))[0]
    assert entry["ENTRYTYPE"] == "inproceedings" and entry["doi"] == "10.18653/v1/n19-1423_a%b"


def test_a_url_that_is_not_a_web_address_is_left_out():
    assert "url" not in parse(cite(Paper(id="u", title="T", url="javascript:alert(1)")))[0]
