"""arXiv's own pages and digest: every field of every record of each sample, by example.

The samples in tests/ingest/samples/ are written by hand in the shape of the real pages;
titles, ids and authors are real papers', the abstracts are paraphrased.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reader.ingest import parse_bytes
from reader.ingest.arxiv_fields import code_list, day_of, split_authors, subject_codes, year_of_id
from reader.models import Listing

SAMPLES = Path(__file__).parent / "samples"
REF = date(2025, 6, 1)


def parse(name: str, data: bytes | None = None):
    return parse_bytes(SAMPLES.joinpath(name).read_bytes() if data is None else data, name, REF)


def arxiv(source, line, arxiv_id, title, authors, category, abstract="", published=None, year=None,
          truncated=False, doi=None, journal=None) -> Listing:
    """The record an arXiv page gives: the abs URL always, `year` only without a date."""
    return Listing(
        title=title, authors=tuple(authors), authors_truncated=truncated, category=category,
        published=published, abstract=abstract, source=source, line=line, arxiv=arxiv_id, doi=doi,
        url=f"https://arxiv.org/abs/{arxiv_id}", year=year, journal=journal,
    )


S1_AUTHORS = ["Niklas Muennighoff", "Zitong Yang", "Weijia Shi", "Xiang Lisa Li", "Li Fei-Fei", "Hannaneh Hajishirzi",
              "Luke Zettlemoyer", "Percy Liang", "Emmanuel Candès", "Tatsunori Hashimoto"]
UNDERTHINKING = "Thoughts Are All Over the Place: On the Underthinking of o1-Like LLMs"
UNDERTHINKING_AUTHORS = ["Yue Wang", "Qiuzhi Liu", "Jiahao Xu", "Tian Liang", "Xingyu Chen", "Zhiwei He",
                         "Linfeng Song", "Dian Yu", "Juntao Li", "Zhuosheng Zhang", "Rui Wang", "Zhaopeng Tu",
                         "Haitao Mi", "Dong Yu"]
ATTENTION_AUTHORS = ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit", "Llion Jones",
                     "Aidan N. Gomez", "Lukasz Kaiser", "Illia Polosukhin"]
DPO = "Direct Preference Optimization: Your Language Model is Secretly a Reward Model"
DPO_AUTHORS = ["Rafael Rafailov", "Archit Sharma", "Eric Mitchell", "Stefano Ermon", "Christopher D. Manning",
               "Chelsea Finn"]


def test_new_page_every_record():
    name = "arxiv_new_cs_CL.txt"
    result = parse(name)
    assert result.format == "arxiv-listing"
    assert result.warnings == []
    day = date(2025, 2, 3)  # "Showing new listings for Monday, 3 February 2025"
    assert result.listings == [
        arxiv(name, 14, "2501.19393", "s1: Simple test-time scaling", S1_AUTHORS, "cs.CL", published=day, abstract=(
            "Test-time scaling spends extra compute at inference to get better answers. We look for the simplest "
            "recipe that achieves it: a set of 1,000 carefully chosen questions with reasoning traces, and budget "
            "forcing, which ends the model's thinking early or extends it by appending \"Wait\" when it tries to "
            "stop. Fine-tuning an open 32B model on this set and applying budget forcing beats o1-preview on "
            "competition mathematics, and accuracy keeps rising with more test-time compute.")),
        arxiv(name, 22, "2501.18585", UNDERTHINKING, UNDERTHINKING_AUTHORS, "cs.CL", published=day, abstract=(
            "Reasoning models in the style of o1 scale their thinking at test time, yet they often jump from one "
            "line of thought to another without following any of them far enough. We call this underthinking. On "
            "three hard test sets and two open models, wrong answers switch thoughts more often than right ones; "
            "we measure how many tokens wrong answers waste and propose a decoding penalty on thought switches "
            "that raises accuracy without any fine-tuning.")),
        # A cross-list: its category is still its first subject, cs.LG.
        arxiv(name, 31, "2501.00663", "Titans: Learning to Memorize at Test Time",
              ["Ali Behrouz", "Peilin Zhong", "Vahab Mirrokni"], "cs.LG", published=day, abstract=(
                  "Recurrent models squeeze the past into a fixed-size state, while attention sees its whole "
                  "window exactly at a quadratic cost. We add a neural long-term memory that learns what to "
                  "memorize while the model runs, so that attention can attend to the present and still draw on "
                  "the distant past. Three ways of wiring this memory into an architecture, the Titans, reach "
                  "context windows beyond two million tokens and beat Transformers and linear recurrent models on "
                  "language modeling, reasoning, genomics and time series.")),
        # Replacements: revised old papers, so no listing date, only the year of the id.
        arxiv(name, 40, "1706.03762", "Attention Is All You Need", ATTENTION_AUTHORS, "cs.CL", year=2017),
        arxiv(name, 45, "2305.18290", DPO, DPO_AUTHORS, "cs.LG", year=2023),
    ]


def test_old_page_with_labels_journal_ref_and_doi():
    name = "arxiv_new_hep-th_1998.txt"
    result = parse(name)
    assert result.format == "arxiv-listing"
    assert result.warnings == []
    day = date(1998, 2, 24)  # "New submissions for Tue, 24 Feb 98"
    assert result.listings == [
        arxiv(name, 9, "hep-th/9802150", "Anti De Sitter Space And Holography", ["Edward Witten"], "hep-th",
              published=day, journal="Adv.Theor.Math.Phys.2:253-291,1998", abstract=(
                  "Recently it was proposed that a string or M-theory compactified on anti-de Sitter space is dual "
                  "to a conformal field theory on its boundary. We make the dictionary precise: correlation "
                  "functions of the boundary theory are read off from how the bulk theory depends on boundary "
                  "conditions, and operator dimensions follow from the masses of bulk fields.")),
        arxiv(name, 18, "hep-th/9802109", "Gauge Theory Correlators from Non-Critical String Theory",
              ["S.S. Gubser", "I.R. Klebanov", "A.M. Polyakov"], "hep-th", published=day,
              journal="Phys.Lett. B428 (1998) 105-114", doi="10.1016/s0370-2693(98)00377-3", abstract=(
                  "We propose a way to compute correlation functions of the large N gauge theory on a stack of "
                  "D3-branes from a string theory on anti-de Sitter space. The dimensions of operators are tied to "
                  "the masses of string states, and we check the proposal against known results for two-point "
                  "functions.")),
        arxiv(name, 31, "hep-th/9711200", "The Large N Limit of Superconformal Field Theories and Supergravity",
              ["Juan M. Maldacena"], "hep-th", year=1997, journal="Adv.Theor.Math.Phys.2:231-252,1998",
              doi="10.1023/a:1026654312961"),
    ]


def test_recent_page_without_labels_dates_from_day_headings():
    name = "arxiv_recent_cs_LG.txt"
    result = parse(name)
    assert result.format == "arxiv-listing"
    assert result.warnings == []
    friday, thursday = date(2025, 1, 31), date(2025, 1, 30)
    assert result.listings == [
        arxiv(name, 9, "2501.19393", "s1: Simple test-time scaling", S1_AUTHORS, "cs.CL", published=friday),
        arxiv(name, 14, "2501.18585", UNDERTHINKING, UNDERTHINKING_AUTHORS, "cs.CL", published=friday),
        arxiv(name, 19, "2501.17161",
              "SFT Memorizes, RL Generalizes: A Comparative Study of Foundation Model Post-training",
              ["Tianzhe Chu", "Yuexiang Zhai", "Jihan Yang", "Shengbang Tong", "Saining Xie", "Dale Schuurmans",
               "Quoc V. Le", "Sergey Levine", "Yi Ma"], "cs.AI", published=thursday),
        arxiv(name, 24, "2501.12948",
              "DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning",
              ["DeepSeek-AI", "Daya Guo", "Dejian Yang", "Haowei Zhang", "Junxiao Song", "Ruoyu Zhang", "Runxin Xu",
               "Qihao Zhu", "Shirong Ma", "Peiyi Wang", "Xiao Bi", "Xiaokang Zhang", "Xingkai Yu", "Yu Wu",
               "Z.F. Wu", "Zhibin Gou", "Zhihong Shao", "Zhuoshu Li", "Ziyi Gao"], "cs.CL", published=thursday),
    ]


MIXTRAL_AUTHORS = [
    "Albert Q. Jiang", "Alexandre Sablayrolles", "Antoine Roux", "Arthur Mensch", "Blanche Savary", "Chris Bamford",
    "Devendra Singh Chaplot", "Diego de las Casas", "Emma Bou Hanna", "Florian Bressand", "Gianna Lengyel",
    "Guillaume Bour", "Guillaume Lample", "Lélio Renard Lavaud", "Lucile Saulnier", "Marie-Anne Lachaux",
    "Pierre Stock", "Sandeep Subramanian", "Sophia Yang", "Szymon Antoniak", "Teven Le Scao", "Théophile Gervet",
    "Thibaut Lavril", "Thomas Wang", "Timothée Lacroix", "William El Sayed",
]
GPT3_AUTHORS = [
    "Tom B. Brown", "Benjamin Mann", "Nick Ryder", "Melanie Subbiah", "Jared Kaplan", "Prafulla Dhariwal",
    "Arvind Neelakantan", "Pranav Shyam", "Girish Sastry", "Amanda Askell", "Sandhini Agarwal", "Ariel Herbert-Voss",
    "Gretchen Krueger", "Tom Henighan", "Rewon Child",
]


def test_search_results_every_record():
    name = "arxiv_search_moe.txt"
    result = parse(name)
    assert result.format == "arxiv-search"
    assert result.warnings == []
    assert result.listings == [
        # Only the short abstract was copied: kept without `… ▽ More`.
        arxiv(name, 25, "2401.04088", "Mixtral of Experts", MIXTRAL_AUTHORS, "cs.LG", published=date(2024, 1, 8),
              abstract=("We present Mixtral 8x7B, a sparse mixture-of-experts language model. It keeps the "
                        "architecture of Mistral 7B, but every layer holds eight feed-forward blocks and a router "
                        "sends each token to two of them, so")),
        # Short and full versions: the full one, without `△ Less`; the v1 date is the published one.
        arxiv(name, 31, "2101.03961",
              "Switch Transformers: Scaling to Trillion Parameter Models with Simple and Efficient Sparsity",
              ["William Fedus", "Barret Zoph", "Noam Shazeer"], "cs.LG", published=date(2021, 1, 11),
              journal="Journal of Machine Learning Research 23 (2022) 1-40", abstract=(
                  "In deep learning, a model usually applies the same parameters to every input. A mixture of "
                  "experts instead picks different parameters for each example, which gives a sparsely activated "
                  "model with a huge number of parameters at a constant cost. We simplify the routing to a single "
                  "expert per token, cut the communication and training instabilities that held such models back, "
                  "and train models of up to a trillion parameters with a sevenfold pre-training speed-up over a "
                  "dense baseline.")),
        # `et al. (16 additional authors not shown)`: truncated, and the marker is no author.
        arxiv(name, 39, "2005.14165", "Language Models are Few-Shot Learners", GPT3_AUTHORS, "cs.CL",
              truncated=True, published=date(2020, 5, 28), abstract=(
                  "Scaling up language models greatly improves their ability to do a new task from a handful of "
                  "examples given in the prompt, with no gradient updates. We train GPT-3, an autoregressive model "
                  "with 175 billion parameters, and test it in this few-shot setting on many benchmarks, where it "
                  "is often competitive with fine-tuned systems.")),
        arxiv(name, 45, "1701.06538",
              "Outrageously Large Neural Networks: The Sparsely-Gated Mixture-of-Experts Layer",
              ["Noam Shazeer", "Azalia Mirhoseini", "Krzysztof Maziarz", "Andy Davis", "Quoc Le", "Geoffrey Hinton",
               "Jeff Dean"], "cs.LG", published=date(2017, 1, 23), abstract=(
                  "The capacity of a neural network is limited by its number of parameters. Conditional "
                  "computation, where only parts of the network are active for each example, promises far more "
                  "capacity at the same cost. We make it work in practice with a sparsely-gated layer of up to "
                  "thousands of feed-forward experts and a trainable gate that chooses a few of them for each "
                  "example, and apply it to language modeling and machine translation.")),
    ]


def test_search_results_with_links_codes_and_doi_on_lines_of_their_own():
    name = "arxiv_search_holography.txt"
    result = parse(name)
    assert result.format == "arxiv-search"
    assert result.warnings == []
    assert result.listings == [
        arxiv(name, 3, "hep-th/9711200", "The Large N Limit of Superconformal Field Theories and Supergravity",
              ["Juan M. Maldacena"], "hep-th", published=date(1997, 11, 27), doi="10.1023/a:1026654312961",
              journal="Adv.Theor.Math.Phys.2:231-252,1998", abstract=(
                  "We show that the large N limit of certain conformal field theories in various dimensions is "
                  "described by supergravity, and string theory, on a product of anti-de Sitter space with a "
                  "compact manifold.")),
        arxiv(name, 15, "hep-th/9802109", "Gauge Theory Correlators from Non-Critical String Theory",
              ["S. S. Gubser", "I. R. Klebanov", "A. M. Polyakov"], "hep-th", published=date(1998, 2, 15),
              doi="10.1016/s0370-2693(98)00377-3", journal="Phys.Lett. B428 (1998) 105-114", abstract=(
                  "We propose a way to compute correlation functions of the large N gauge theory on a stack of "
                  "D3-branes from a string theory on anti-de Sitter space")),
    ]


def test_digest_every_record():
    name = "arxiv_digest_cs.txt"
    data = SAMPLES.joinpath(name).read_bytes()
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")  # saved from a mail client: CRLF
    result = parse(name)
    assert result.format == "arxiv-digest"
    assert result.warnings == []
    digest_s1_authors = [*S1_AUTHORS[:8], "Emmanuel Cand\\`es", "Tatsunori Hashimoto"]  # LaTeX accents as given
    assert result.listings == [
        arxiv(name, 20, "2501.19393", "s1: Simple test-time scaling", digest_s1_authors, "cs.CL",
              published=date(2025, 1, 31), abstract=(
                  "Test-time scaling spends extra compute at inference to get better answers. We look for the "
                  "simplest recipe that achieves it: a set of 1,000 carefully chosen questions with reasoning "
                  "traces, and budget forcing, which ends the model's thinking early or extends it by appending "
                  "\"Wait\" when it tries to stop.")),
        # The title and the authors continue on indented lines; `Haitao\n  Mi and Dong Yu`.
        arxiv(name, 38, "2501.18585", UNDERTHINKING, UNDERTHINKING_AUTHORS, "cs.CL", published=date(2025, 1, 30),
              abstract=("Reasoning models in the style of o1 often jump from one line of thought to another "
                        "without following any of them far enough. We call this underthinking, measure it, and "
                        "propose a decoding penalty on thought switches.\n\n"
                        "The penalty raises accuracy without any fine-tuning.")),
        arxiv(name, 56, "2501.00663", "Titans: Learning to Memorize at Test Time",
              ["Ali Behrouz", "Peilin Zhong", "Vahab Mirrokni"], "cs.LG", published=date(2024, 12, 31), abstract=(
                  "Recurrent models squeeze the past into a fixed-size state, while attention sees its whole "
                  "window exactly at a quadratic cost. We add a neural long-term memory that learns what to "
                  "memorize while the model runs.")),
        arxiv(name, 70, "1706.03762", "Attention Is All You Need", ATTENTION_AUTHORS, "cs.CL", year=2017),
        arxiv(name, 81, "2104.09864", "RoFormer: Enhanced Transformer with Rotary Position Embedding",
              ["Jianlin Su", "Yu Lu", "Shengfeng Pan", "Ahmed Murtadha", "Bo Wen", "Yunfeng Liu"], "cs.CL",
              year=2021, journal="Neurocomputing 568 (2024) 127063", doi="10.1016/j.neucom.2023.127063"),
    ]


ALL_SAMPLES = sorted(p.name for p in SAMPLES.glob("arxiv_*.txt"))


@pytest.mark.parametrize("name", ALL_SAMPLES)
@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_bom_and_newlines_change_nothing(name, newline, bom):
    lf = SAMPLES.joinpath(name).read_bytes().replace(b"\r\n", b"\n")
    expected = parse(name, lf)
    result = parse(name, bom + lf.replace(b"\n", newline))
    assert result.format == expected.format
    assert result.listings == expected.listings and result.listings
    assert result.warnings == expected.warnings == []


def test_a_replacement_of_a_paper_on_the_same_page_is_one_record():
    later = "\n".join([
        "Replacement submissions (showing 1 of 1 entries)",
        "[9] arXiv:2501.19393 (replaced) [pdf, html, other]",
        "Title: s1: Simple test-time scaling",
        ", ".join(S1_AUTHORS),
        "Journal-ref: Proceedings of an imagined venue 2025",
        "Subjects: Computation and Language (cs.CL)",
    ])
    page = SAMPLES.joinpath("arxiv_new_cs_CL.txt").read_bytes() + later.encode()
    alone = parse("arxiv_new_cs_CL.txt").listings
    listings = parse("page.txt", page).listings
    assert [li.arxiv for li in listings] == [li.arxiv for li in alone]
    first = listings[0]
    # The first entry keeps its place, date and abstract; it takes the journal only the replacement gives.
    assert first.journal == "Proceedings of an imagined venue 2025"
    assert first.published == date(2025, 2, 3) and first.year is None
    assert first.abstract == alone[0].abstract and first.line == 14


def test_a_cross_list_keeps_its_own_first_subject_as_category():
    text = "\n".join([
        "Cross submissions (showing 1 of 1 entries)",
        "[7] arXiv:1312.6114 (cross-list from stat.ML) [pdf, other]",
        "Title: Auto-Encoding Variational Bayes",
        "Authors: Diederik P. Kingma, Max Welling",
        "Subjects: Machine Learning (stat.ML); Machine Learning (cs.LG)",
    ])
    [listing] = parse("cross.txt", text.encode()).listings
    assert listing.category == "stat.ML"
    assert listing.authors == ("Diederik P. Kingma", "Max Welling")
    assert listing.published is None and listing.year == 2013  # no date on the page: the id's year


@pytest.mark.parametrize("text, names, truncated", [
    ("William Fedus, Barret Zoph, Noam Shazeer", ["William Fedus", "Barret Zoph", "Noam Shazeer"], False),
    ("Diederik P. Kingma and Max Welling", ["Diederik P. Kingma", "Max Welling"], False),
    ("Ali Behrouz, Peilin Zhong, and Vahab Mirrokni", ["Ali Behrouz", "Peilin Zhong", "Vahab Mirrokni"], False),
    ("Aäron van den Oord, Oriol Vinyals, Koray Kavukcuoglu",
     ["Aäron van den Oord", "Oriol Vinyals", "Koray Kavukcuoglu"], False),
    ("Tom B. Brown, Rewon Child, et al. (16 additional authors not shown)", ["Tom B. Brown", "Rewon Child"], True),
    ("Tom B. Brown, Rewon Child et al.", ["Tom B. Brown", "Rewon Child"], True),
    ("A. Smith (1), B. Jones (1 and 2) ((1) MIT, (2) ETH Zurich)", ["A. Smith", "B. Jones"], False),
    ("Martin Luther King Jr., Anderson Cooper & Andrea Sand", ["Martin Luther King Jr.", "Anderson Cooper",
                                                               "Andrea Sand"], False),
    ("", [], False),
])
def test_authors_split_on_commas_and_and(text, names, truncated):
    assert split_authors(text) == (tuple(names), truncated)


def test_field_helpers():
    assert subject_codes("High Energy Physics - Theory (hep-th); Statistics Theory (math.ST); "
                         "Statistical Mechanics (cond-mat.stat-mech)") == ["hep-th", "math.ST", "cond-mat.stat-mech"]
    assert code_list("cs.LG cs.AI stat.ML") == ["cs.LG", "cs.AI", "stat.ML"]
    assert code_list("Previous Next") == [] and code_list("and") == []
    assert day_of("Showing new listings for Monday, 3 February 2025") == date(2025, 2, 3)
    assert day_of("Replacements for Tue, 24 Feb 98") == date(1998, 2, 24)
    assert day_of("Submitted 30 February, 2021") is None
    assert day_of("12 pages 10 figures 2021") is None
    assert (year_of_id("2502.09992"), year_of_id("0704.0001"), year_of_id("hep-th/9901001"),
            year_of_id("math.GT/0309136")) == (2025, 2007, 1999, 2003)
