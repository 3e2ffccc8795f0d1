"""Whole-file parsing of the three listing layouts, from small fixture strings."""

from __future__ import annotations

from datetime import date

import pytest

from reader.ingest import parse_bytes
from reader.models import Listing

REFERENCE = date(2024, 6, 1)

ABSTRACT_GEVA = (
    "Transformer-based language models (LMs) are known to capture factual knowledge in their "
    "parameters. We investigate this question through the lens of information flow."
)
ABSTRACT_LATEX = (
    r"We bound the excess risk by $\leq5$% of the optimum and show that $\mathcal{O}(n^{-1/2})$ "
    r"rates are tight. Code: https://example.org/repo."
)
ABSTRACT_SVI = "Stochastic variational inference offers an attractive option as a default method."
ABSTRACT_STAT = "We study calibration of conformal predictors under covariate shift."

DATED = "\n".join(
    [
        "CLApr 28, 2023",
        "Dissecting Recall of Factual Associations in Auto-Regressive Language ModelsMor Geva, "
        "Jasmijn Bastings, Katja Filippova et al. · deepmind",
        ABSTRACT_GEVA,
        "LGMay 21",
        "Tight Bounds for Łojasiewicz Landscapes: Rates, Limits, and CounterexamplesŁukasz Nowicki, "
        "Chiara dell'Orto · eth, epfl, inria",
        ABSTRACT_LATEX,
        "MLFeb 3, 2020Code",
        "Automatic structured variational inferenceLuca Ambrogioni, Kate Lin, Emily Fertig et al.",
        ABSTRACT_SVI,
        "stat.MLJun 2",
        "Conformal Prediction Under Covariate ShiftRyan J. Tibshirani",
        ABSTRACT_STAT,
        "",
    ]
)


def parse(text: str, source: str = "listing.txt", reference: date = REFERENCE):
    return parse_bytes(text.encode("utf-8"), source, reference)


def test_dated_format_detected_and_counted():
    result = parse(DATED, source="papers-2024.txt")
    assert result.format == "dated"
    assert result.source == "papers-2024.txt"
    assert len(result.listings) == 4
    assert result.warnings == []
    assert {listing.source for listing in result.listings} == {"papers-2024.txt"}


def test_dated_format_every_field():
    first, second, third, fourth = parse(DATED).listings
    assert first == Listing(
        title="Dissecting Recall of Factual Associations in Auto-Regressive Language Models",
        authors=("Mor Geva", "Jasmijn Bastings", "Katja Filippova"),
        authors_truncated=True,
        orgs=("deepmind",),
        category="CL",
        published=date(2023, 4, 28),
        badge=None,
        abstract=ABSTRACT_GEVA,
        source="listing.txt",
        line=1,
    )
    assert second == Listing(
        title="Tight Bounds for Łojasiewicz Landscapes: Rates, Limits, and Counterexamples",
        authors=("Łukasz Nowicki", "Chiara dell'Orto"),
        authors_truncated=False,
        orgs=("eth", "epfl", "inria"),
        category="LG",
        published=date(2024, 5, 21),  # no year: the latest May 21 not after 2024-06-01
        badge=None,
        abstract=ABSTRACT_LATEX,
        source="listing.txt",
        line=4,
    )
    assert third.category == "ML"
    assert third.published == date(2020, 2, 3)
    assert third.badge == "Code"
    assert third.title == "Automatic structured variational inference"
    assert third.authors == ("Luca Ambrogioni", "Kate Lin", "Emily Fertig")
    assert third.authors_truncated is True
    assert third.orgs == ()
    assert third.abstract == ABSTRACT_SVI
    assert fourth.category == "stat.ML"
    assert fourth.published == date(2023, 6, 2)  # June 2 2024 is after the reference
    assert fourth.authors == ("Ryan J. Tibshirani",)
    assert fourth.abstract == ABSTRACT_STAT


def test_latex_abstract_is_kept_byte_for_byte():
    listing = parse(DATED).listings[1]
    assert r"$\leq5$%" in listing.abstract
    assert r"$\mathcal{O}(n^{-1/2})$" in listing.abstract
    assert listing.abstract == ABSTRACT_LATEX


@pytest.mark.parametrize(
    "header,reference,expected",
    [
        ("CLDec 30", date(2024, 6, 1), date(2023, 12, 30)),
        ("CLJun 1", date(2024, 6, 1), date(2024, 6, 1)),  # the reference day itself
        ("CLJun 2", date(2024, 6, 1), date(2023, 6, 2)),
        ("CLJan 1", date(2024, 1, 1), date(2024, 1, 1)),
        ("CLFeb 29", date(2023, 3, 1), date(2020, 2, 29)),  # the latest leap year
        ("CLSeptember 9", date(2024, 6, 1), date(2023, 9, 9)),
        ("CLSep 9, 2019", date(2024, 6, 1), date(2019, 9, 9)),  # an explicit year wins
    ],
)
def test_year_inference_from_reference(header, reference, expected):
    text = f"{header}\nA Study of Things in GeneralAda Lovelace\nWe study things.\n"
    [listing] = parse(text, reference=reference).listings
    assert listing.published == expected


def test_impossible_date_is_left_out_with_a_warning():
    text = "CLFeb 30, 2023\nA Study of Things in GeneralAda Lovelace\nWe study things.\n"
    result = parse(text, source="bad-date.txt")
    [listing] = result.listings
    assert listing.published is None
    assert [(w.file, w.line) for w in result.warnings] == [("bad-date.txt", 1)]


SPACED = "\n".join(
    [
        "new",
        "",
        "Get trending papers in your email inbox!",
        "",
        "Subscribe",
        "",
        "byAK and the research community",
        "",
        "Mar 11",
        "",
        "Physics of Language Models: Part 3.1, Knowledge Storage and Extraction",
        "",
        "Large language models (LLMs) can store a vast amount of world knowledge, often extractable "
        'via question-answering (e.g., "What is Abraham Lincoln\'s birthday?"). We find a strong '
        "correlation between diversity and extraction.",
        "",
        "SWIFT: On-the-Fly Self-Speculative Decoding for LLM Inference Acceleration",
        "",
        ABSTRACT_LATEX,
        "",
        "Is MAP Decoding All You Need? The Inadequacy of the Mode",
        "",
        "Recent studies have shown that beam search finds modes that are degenerate. We show why.",
        "",
    ]
)


def test_spaced_format_every_field():
    result = parse(SPACED, source="trending.txt")
    assert result.format == "spaced"
    assert result.warnings == []
    assert [listing.title for listing in result.listings] == [
        "Physics of Language Models: Part 3.1, Knowledge Storage and Extraction",
        "SWIFT: On-the-Fly Self-Speculative Decoding for LLM Inference Acceleration",
        "Is MAP Decoding All You Need? The Inadequacy of the Mode",
    ]
    first, second, third = result.listings
    assert first.abstract.startswith("Large language models (LLMs) can store")
    assert first.abstract.endswith("between diversity and extraction.")
    assert second.abstract == ABSTRACT_LATEX
    assert third.abstract == "Recent studies have shown that beam search finds modes that are degenerate. We show why."
    for listing in result.listings:
        # This layout carries neither authors nor dates.
        assert listing.authors == ()
        assert listing.authors_truncated is False
        assert listing.orgs == ()
        assert listing.category is None
        assert listing.published is None
        assert listing.badge is None
        assert listing.source == "trending.txt"
    assert first.line == 11


COMPACT = "\n".join(
    [
        "Get trending papers in your email inbox once a day!",
        "Get trending papers in your email inbox!",
        "SubscribeTraining Energy-Based Normalizing Flow with Score-Matching Objectives",
        "In this paper, we establish a connection between flow-based and energy-based models. "
        "We call it EBFlow.",
        "Likelihood-Based Diffusion Language Models",
        ABSTRACT_LATEX,
        "Riemannian generative decoder",
        "We learn manifold-valued representations. Decoding is done on the manifold.",
    ]
)


def test_compact_format_every_field():
    result = parse(COMPACT, source="compact.txt")
    assert result.format == "compact"
    assert result.warnings == []
    assert [(li.title, li.line) for li in result.listings] == [
        ("Training Energy-Based Normalizing Flow with Score-Matching Objectives", 3),
        ("Likelihood-Based Diffusion Language Models", 5),
        ("Riemannian generative decoder", 7),
    ]
    first, second, third = result.listings
    assert first.abstract == (
        "In this paper, we establish a connection between flow-based and energy-based models. "
        "We call it EBFlow."
    )
    assert second.abstract == ABSTRACT_LATEX
    assert third.abstract == "We learn manifold-valued representations. Decoding is done on the manifold."
    assert {li.source for li in result.listings} == {"compact.txt"}
    assert all(li.authors == () and li.published is None for li in result.listings)


def test_format_is_detected_from_content_not_the_file_name():
    assert parse(COMPACT, source="dated-2023.txt").format == "compact"
    assert parse(DATED, source="compact.txt").format == "dated"
    assert parse(SPACED, source="003_compact.txt").format == "spaced"


def test_short_spaced_file_with_a_bare_date_is_not_format_one():
    # `Mar 11` is the spaced layout's page header; only a category+date line opens format 1.
    text = "new\n\nMar 11\n\nA Tiny Trending Title\n\nIts abstract. Two sentences.\n"
    result = parse(text)
    assert result.format == "spaced"
    [listing] = result.listings
    assert listing.title == "A Tiny Trending Title"
    assert listing.abstract == "Its abstract. Two sentences."
    assert listing.published is None


def test_single_record_files_of_each_format():
    dated = parse("CVSep 1, 2022\nVisual Prompting via Image InpaintingAmir Bar\nWe inpaint.\n")
    assert dated.format == "dated" and len(dated.listings) == 1
    compact = parse("Get trending papers in your email inbox!\nSubscribeOne Title\nIts abstract. Done.\n")
    assert compact.format == "compact"
    assert [(li.title, li.abstract) for li in compact.listings] == [("One Title", "Its abstract. Done.")]


@pytest.mark.parametrize(
    "first_title",
    [
        "3D Gaussian Splatting for Real-Time Radiance Field Rendering",
        "h-calibration: Rethinking Classifier Recalibration",
        "$k$-NN Attention for Long Documents",
        "“Is This It?”: Probing Uncertainty in LLMs",
        "Élan: Efficient Language Adaptation",
    ],
)
def test_subscribe_glued_to_any_first_title(first_title):
    text = "\n".join(
        [
            "Get trending papers in your email inbox once a day!",
            "Get trending papers in your email inbox!",
            "Subscribe" + first_title,
            "Its abstract. Two sentences.",
            "Second Title",
            "Second abstract. Also two sentences.",
        ]
    )
    result = parse(text)
    assert [li.title for li in result.listings] == [first_title, "Second Title"]
    assert result.warnings == []


def test_titles_that_merely_start_with_subscribe_are_kept():
    text = "\n".join(
        [
            "Subscribers Matter: Modelling Newsletter Churn",
            "We model churn. It is hard.",
            "Subscribe-to-Learn: Pub/Sub Training Pipelines",
            "We build pipelines. They are fast.",
        ]
    )
    assert [li.title for li in parse(text).listings] == [
        "Subscribers Matter: Modelling Newsletter Churn",
        "Subscribe-to-Learn: Pub/Sub Training Pipelines",
    ]


def test_compact_title_ending_with_a_period_is_read_from_what_follows():
    # A short line ending in "." could be a one-sentence abstract or a title; with no title
    # waiting and an abstract after it, it is a title.
    text = "\n".join(
        [
            "First Paper",
            "First abstract. It has two sentences.",
            "Yes, Transformers Can Count.",
            "We show that transformers count. The proof is constructive.",
            "Third Paper",
            "A one-sentence abstract that ends with a period.",
        ]
    )
    result = parse(text)
    assert [(li.title, li.abstract) for li in result.listings] == [
        ("First Paper", "First abstract. It has two sentences."),
        ("Yes, Transformers Can Count.", "We show that transformers count. The proof is constructive."),
        ("Third Paper", "A one-sentence abstract that ends with a period."),
    ]
    assert result.warnings == []
