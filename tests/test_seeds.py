"""The bundled seeds, exported as JSONL: counts, and every hard case by example."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from click.testing import CliRunner

from reader.cli import cli
from reader.ingest import parse_file
from tests.conftest import SEEDS, read_jsonl

KEYS = {"id", "title", "authors", "authors_truncated", "orgs", "category", "published", "badge", "abstract", "sources",
        "arxiv", "doi", "url", "year", "journal", "booktitle"}
DATED = "000_d7264149fed286d3.txt"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    runner = CliRunner()
    data_dir = tmp_path_factory.mktemp("export")
    result = runner.invoke(cli, ["--data-dir", str(data_dir), "export", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return {r["title"]: r for r in read_jsonl(result.stdout)}


def test_seeds_ship_431_listings_of_426_papers(exported):
    listings = sum(len(parse_file(p).listings) for p in sorted(SEEDS.glob("*.txt")))
    assert listings == 431
    assert len(exported) == 426


def test_each_record_has_exactly_the_documented_keys(exported):
    for record in exported.values():
        assert set(record) == KEYS
        assert isinstance(record["authors"], list) and isinstance(record["orgs"], list)
        assert isinstance(record["abstract"], str)
        assert record["published"] is None or date.fromisoformat(record["published"])


def test_ids_are_unique_and_stable(exported, tmp_path):
    ids = [r["id"] for r in exported.values()]
    assert len(set(ids)) == len(ids)
    again = CliRunner().invoke(cli, ["--data-dir", str(tmp_path), "export", "--format", "jsonl"])
    assert {r["title"]: r["id"] for r in read_jsonl(again.stdout)} == {t: r["id"] for t, r in exported.items()}


def test_no_seed_line_is_left_unplaced():
    for path in sorted(SEEDS.glob("*.txt")):
        assert parse_file(path).warnings == [], path.name


@pytest.mark.parametrize(
    "title, authors, truncated, orgs",
    [
        # a title ending in a hyphenated phrase, orgs after the dot
        ("Dissecting Recall of Factual Associations in Auto-Regressive Language Models",
         ["Mor Geva", "Jasmijn Bastings", "Katja Filippova"], True, ["deepmind"]),
        # ending in an acronym followed directly by a capitalised name
        ("Text-Only Training for Image Captioning using Noise-Injected CLIP",
         ["David Nukrai", "Ron Mokady", "Amir Globerson"], False, []),
        # ending in ?
        ("When Can Transformers Count to n?", ["Gilad Yehudai", "Haim Kaplan", "Guy Dar"], True, ["deepmind"]),
        ("Do LLMs have Consistent Values?", ["Naama Rozen", "Liat Bezalel", "Gal Elidan"], True, []),
        # ending in a digit
        ("Structured Video Tokens @ Ego4D PNR Temporal Localization Challenge 2022",
         ["Elad Ben-Avraham", "Roei Herzig", "Karttikeya Mangalam"], True, []),
        # ending in a hyphenated word
        ("Hopping Too Late: Exploring the Limitations of Large Language Models on Multi-Hop Queries",
         ["Eden Biran", "Daniela Gottesman", "Sohee Yang"], True, []),
        # an organisation as first author
        ("Gemini: A Family of Highly Capable Multimodal Models",
         ["Gemini Team", "Rohan Anil", "Sebastian Borgeaud"], True, []),
        # first author with an initial
        ("Bayesian Prediction-Powered Inference", ["R. Alex Hofer", "Joshua Maynez", "Bhuwan Dhingra"], True, []),
        # commas inside the title, several orgs
        ("Gemini 2.5: Pushing the Frontier with Advanced Reasoning, Multimodality, Long Context, "
         "and Next Generation Agentic Capabilities",
         ["Gheorghe Comanici", "Eric Bieber", "Mike Schaekermann"], True, ["amazon-science", "baidu"]),
        # camel-case title start, no orgs
        ("PromptonomyViT: Multi-Task Prompt Learning Improves Video Transformers using Synthetic Scene Data",
         ["Roei Herzig", "Ofir Abramovich", "Elad Ben-Avraham"], True, []),
        # non-ASCII author; no et al.
        ("On the Utilization of Unique Node Identifiers in Graph Neural Networks",
         ["Maya Bechler-Speicher", "Moshe Eliasof", "Carola-Bibiane Schönlieb"], True, []),
        ("Teaching Models to Improve on Tape", ["Liat Bezalel", "Eyal Orgad", "Amir Globerson"], False, []),
        ("Training Language Models on the Knowledge Graph: Insights on Hallucinations and Their Detectability",
         ["Jiri Hron", "Laura Culp", "Gamaleldin Elsayed"], True, ["anthropic", "deepmind"]),
        ("Interactive Bayesian Hierarchical Clustering", ["Sharad Vikram", "Sanjoy Dasgupta"], False, []),
    ],
)
def test_hard_bylines(exported, title, authors, truncated, orgs):
    record = exported[title]
    assert record["authors"] == authors
    assert record["authors_truncated"] is truncated
    assert record["orgs"] == orgs


def test_category_date_and_badge(exported):
    record = exported["Dissecting Recall of Factual Associations in Auto-Regressive Language Models"]
    assert (record["category"], record["published"], record["badge"]) == ("CL", "2023-04-28", None)
    coded = [r for r in exported.values() if r["badge"]]
    assert [(r["badge"], r["published"], r["category"]) for r in coded] == [("Code", "2020-02-03", "ML")]


@pytest.mark.parametrize(
    "title, month, day",
    [
        ("Lost in Tokenization: Fundamental Trade-offs in Graph Tokenization for Transformers", 5, 21),
        ("Multiple-Prediction-Powered Inference", 3, 28),
        ("Cost-Aware Learning", 4, 30),
    ],
)
def test_dates_without_a_year_take_the_latest_year_not_after_the_file(exported, title, month, day):
    modified = datetime.fromtimestamp((SEEDS / DATED).stat().st_mtime).date()
    year = modified.year if date(modified.year, month, day) <= modified else modified.year - 1
    assert exported[title]["published"] == date(year, month, day).isoformat()


def test_abstract_is_kept_exactly_with_latex(exported):
    record = exported["Training Language Models on the Knowledge Graph: Insights on Hallucinations and Their Detectability"]
    assert "hallucinating on $\\leq5$% of the training data" in record["abstract"]
    chain = exported["Training Chain-of-Thought via Latent-Variable Inference"]
    assert "maximize the \\emph{marginal} log-likelihood" in chain["abstract"]
    assert "``chain-of-thought''" in chain["abstract"]


def test_duplicates_merge_what_each_file_knows(exported):
    # In a dated file (authors, date) and a compact file (abstract only).
    chain = exported["Training Chain-of-Thought via Latent-Variable Inference"]
    assert chain["sources"] == ["001_2d63abbd4898d2a5.txt", "003_d9638620b1cd5cff.txt"]
    assert chain["authors"][:2] == ["Du Phan", "Matthew D. Hoffman"]
    assert chain["published"] == "2023-11-28"
    assert chain["abstract"].startswith("Large language models (LLMs) solve problems")
    merged = [r for r in exported.values() if len(r["sources"]) > 1]
    assert len(merged) == 5


def test_trending_formats_have_titles_and_abstracts_but_no_dates(exported):
    swift = exported["SWIFT: On-the-Fly Self-Speculative Decoding for LLM Inference Acceleration"]
    assert swift["sources"] == ["002_447b9aa1046fadd7.txt"]
    assert swift["abstract"].startswith("Speculative decoding (SD) has emerged")
    assert swift["authors"] == [] and swift["published"] is None
    first_compact = exported["Training Energy-Based Normalizing Flow with Score-Matching Objectives"]
    assert first_compact["sources"] == ["003_d9638620b1cd5cff.txt"]
    assert first_compact["abstract"].startswith("In this paper, we establish a connection")


def test_export_with_query_and_output_file(tmp_path):
    out = tmp_path / "gemini.jsonl"
    result = CliRunner().invoke(cli, ["export", "--query", "title:gemini", "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 0, result.output
    titles = sorted(json.loads(line)["title"] for line in out.read_text().splitlines())
    assert sorted(t.split(":")[0] for t in titles) == ["Gemini", "Gemini 1.5", "Gemini 2.5"]
    assert list(tmp_path.glob(".gemini.jsonl.*")) == []  # no temporary file left behind
