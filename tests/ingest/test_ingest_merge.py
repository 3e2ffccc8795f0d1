"""Merging listings of one paper from several files into one record with a stable id."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reader.ingest import merge, normalise_title, paper_id, parse_bytes, parse_file

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
REF = date(2024, 6, 1)

ABSTRACT_SHORT = "We edit facts."
ABSTRACT_LONG = (
    "Modern language models capture a large body of factual knowledge. We propose RippleEdits, "
    "a benchmark of 5K factual edits, and find that in-context editing does best."
)

DATED = "\n".join(
    [
        "CLJul 24, 2023",
        "Évaluating the Ripple Effects of Knowledge-Editing in Language ModelsRoi Cohen, Eden Biran, "
        "Ori Yoran et al. · deepmind, tau",
        ABSTRACT_SHORT,
        "CVSep 1, 2022",
        "Visual Prompting via Image InpaintingAmir Bar, Yossi Gandelsman · berkeley",
        "How does one adapt a pre-trained visual model? We pose it as inpainting.",
    ]
)
COMPACT = "\n".join(
    [
        "Get trending papers in your email inbox once a day!",
        "Get trending papers in your email inbox!",
        "SubscribeEVALUATING THE RIPPLE EFFECTS OF KNOWLEDGE EDITING IN LANGUAGE MODELS!",
        ABSTRACT_LONG,
        "Likelihood-Based Diffusion Language Models",
        "Diffusion language models lag behind. We close much of the gap.",
    ]
)
SPACED = "\n\n".join(
    [
        "new",
        "Mar 11",
        "evaluating   the ripple-effects of knowledge editing in language models",
        "Another abstract of the same paper. Shorter.",
        "",
    ]
)


def parse(text: str, source: str):
    return parse_bytes(text.encode("utf-8"), source, REF)


def test_same_paper_in_two_formats_merges():
    listings = parse(DATED, "dated.txt").listings + parse(COMPACT, "compact.txt").listings
    papers = merge(listings)
    assert len(listings) == 4
    assert len(papers) == 3
    ripple = papers[0]
    assert ripple.title == "Évaluating the Ripple Effects of Knowledge-Editing in Language Models"
    assert ripple.authors == ("Roi Cohen", "Eden Biran", "Ori Yoran")  # from the dated file
    assert ripple.authors_truncated is True
    assert ripple.orgs == ("deepmind", "tau")
    assert ripple.category == "CL"
    assert ripple.published == date(2023, 7, 24)
    assert ripple.abstract == ABSTRACT_LONG  # from the compact file
    assert ripple.sources == ("dated.txt", "compact.txt")
    assert ripple.id == paper_id("Evaluating the ripple effects of knowledge editing in language models")


def test_merge_order_does_not_change_the_merged_fields():
    a = parse(DATED, "dated.txt").listings
    b = parse(COMPACT, "compact.txt").listings
    c = parse(SPACED, "spaced.txt").listings
    forward = {p.id: p for p in merge(a + b + c)}
    backward = {p.id: p for p in merge(c + b + a)}
    assert forward.keys() == backward.keys()
    for key, paper in forward.items():
        other = backward[key]
        assert (paper.authors, paper.abstract, paper.orgs, paper.published, paper.category) == (
            other.authors,
            other.abstract,
            other.orgs,
            other.published,
            other.category,
        )
        assert set(paper.sources) == set(other.sources)


def test_three_files_one_paper():
    listings = [
        *parse(SPACED, "spaced.txt").listings,
        *parse(DATED, "dated.txt").listings,
        *parse(COMPACT, "compact.txt").listings,
    ]
    papers = merge(listings)
    ripple = [p for p in papers if "ripple" in p.title.lower()]
    assert len(ripple) == 1
    assert ripple[0].sources == ("spaced.txt", "dated.txt", "compact.txt")
    assert ripple[0].authors == ("Roi Cohen", "Eden Biran", "Ori Yoran")
    assert ripple[0].abstract == ABSTRACT_LONG


@pytest.mark.parametrize(
    "a,b",
    [
        ("Attention Is All You Need", "attention is all you need"),
        ("Attention Is All You Need", "Attention is all you need!"),
        ("Auto-Regressive Language Models", "Auto Regressive Language Models"),
        ("Émile’s Café: A Study", "Emile's Cafe - a study"),
        ("Naïve Bayes, Revisited", "NAIVE BAYES — REVISITED"),
        ("Cafe\u0301 Models", "Caf\u00e9 Models"),
        ("  Spaced   Out  ", "spaced out"),
    ],
)
def test_same_normalised_title_same_id(a, b):
    assert normalise_title(a) == normalise_title(b)
    assert paper_id(a) == paper_id(b)


@pytest.mark.parametrize(
    "a,b",
    [
        ("Attention Is All You Need", "Attention Is Not All You Need"),
        ("Gemini 1.5", "Gemini 2.5"),
        ("GPT-4 Technical Report", "GPT-3 Technical Report"),
        ("Learning to Rank", "Learning to Rank 2"),
    ],
)
def test_different_titles_different_ids(a, b):
    assert paper_id(a) != paper_id(b)


def test_id_is_stable_across_runs_and_shaped():
    # A hash of the normalised title: the same on every machine and in every run.
    pid = paper_id("Attention Is All You Need")
    assert pid == paper_id("Attention Is All You Need")
    assert len(pid) == 12
    assert all(c in "0123456789abcdef" for c in pid)
    import hashlib

    assert pid == hashlib.sha256(b"attention is all you need").hexdigest()[:12]


def test_listing_with_no_words_in_its_title_is_not_merged_with_others():
    from reader.models import Listing

    papers = merge([Listing(title="!!!"), Listing(title="???"), Listing(title="Real Title")])
    assert [p.title for p in papers] == ["Real Title"]


def _seed_listings():
    listings = []
    for path in sorted(SEEDS.glob("*.txt")):
        listings.extend(parse_file(path).listings)
    return listings


def test_seeds_give_431_listings_and_426_papers():
    listings = _seed_listings()
    assert len(listings) == 431
    papers = merge(listings)
    assert len(papers) == 426
    assert len({p.id for p in papers}) == 426


def test_seed_formats_and_counts():
    results = {path.name[:3]: parse_file(path) for path in sorted(SEEDS.glob("*.txt"))}
    assert {k: (r.format, len(r.listings), len(r.warnings)) for k, r in results.items()} == {
        "000": ("dated", 50, 0),
        "001": ("dated", 13, 0),
        "002": ("spaced", 117, 0),
        "003": ("compact", 251, 0),
    }


def test_seed_duplicates_merge_with_both_sources():
    papers = merge(_seed_listings())
    multi = [p for p in papers if len(p.sources) > 1]
    assert multi, "the seeds repeat some papers across files"
    for paper in multi:
        assert paper.abstract
    gemini = [p for p in papers if p.title.startswith("Gemini 1.5: Unlocking multimodal")]
    assert len(gemini) == 1
    assert gemini[0].authors[0] == "Gemini Team"
    assert gemini[0].orgs == ("deepmind", "mila")


# Identifiers: the arXiv id first, then the DOI, then the folded title -----------------
from reader.ingest.merge import identity_id, merge_with_keys  # noqa: E402
from reader.models import Listing  # noqa: E402


def test_listings_sharing_an_arxiv_id_are_one_paper_whatever_their_titles():
    a = Listing("Transformers Are RNNs", authors=("Angelos Katharopoulos",), authors_truncated=True,
                source="a.txt", arxiv="2006.16236")
    b = Listing("Transformers are RNNs: Fast Autoregressive Transformers with Linear Attention",
                authors=("Angelos Katharopoulos", "Apoorv Vyas", "Nikolaos Pappas", "François Fleuret"),
                source="b.bib", arxiv="2006.16236", doi="10.5555/3524938.3525416", year=2020)
    (paper,) = merge([a, b])
    assert paper.id == identity_id("2006.16236", None, "anything")
    assert paper.title == a.title  # the first source names it
    assert paper.authors == b.authors and not paper.authors_truncated  # the full list beats the cut one
    assert paper.arxiv == "2006.16236" and paper.doi == "10.5555/3524938.3525416"
    assert paper.year == 2020 and paper.sources == ("a.txt", "b.bib")


def test_a_shared_doi_joins_listings_without_an_arxiv_id():
    a = Listing("Deep Residual Learning", doi="10.1109/cvpr.2016.90", source="a.ris")
    b = Listing("Deep residual learning for image recognition", doi="10.1109/cvpr.2016.90", source="b.bib")
    (paper,) = merge([a, b])
    assert paper.id == identity_id(None, "10.1109/cvpr.2016.90", "")


def test_the_same_title_never_joins_two_different_arxiv_ids():
    a = Listing("Introduction", arxiv="2101.00001", source="a.bib")
    b = Listing("Introduction", arxiv="2101.00002", source="a.bib")
    c = Listing("Introduction", source="c.txt")  # joins the first that it can
    papers = merge([a, b, c])
    assert [p.arxiv for p in papers] == ["2101.00001", "2101.00002"]
    assert papers[0].sources == ("a.bib", "c.txt")
    assert len({p.id for p in papers}) == 2


def test_a_title_links_a_listing_to_an_arxiv_record_and_keys_cover_every_listing():
    a = Listing("Mixtral of Experts", source="seed.txt")
    b = Listing("Mixtral of experts", arxiv="2401.04088", source="digest.txt")
    ((paper, keys),) = merge_with_keys([a, b])
    assert keys == {"title:mixtral of experts", "arxiv:2401.04088"}
    assert paper.id == identity_id("2401.04088", None, "")


def test_papers_without_identifiers_keep_their_title_ids():
    (paper,) = merge([Listing("Attention Is All You Need", source="x.txt")])
    assert paper.id == paper_id("Attention Is All You Need")


def test_papers_with_different_arxiv_ids_never_merge_through_a_chain_of_keys():
    """Found by a random search: the group of 2101.00002 took the other group in under its own
    root, which then did not know its arXiv id, so "Alpha study" (2101.00001) joined it by title."""
    from reader.ingest.merge import group_indices
    from reader.models import Listing

    listings = [
        Listing(title="Beta study", arxiv="2101.00002"), Listing(title="Gamma study", doi="10.1/b"),
        Listing(title="Alpha study", arxiv="2101.00001"), Listing(title="Gamma study", doi="10.1/a"),
        Listing(title="Alpha study", doi="10.1/b"), Listing(title="Beta study", doi="10.1/b"),
    ]
    groups = group_indices(listings)
    assert all(len({listings[i].arxiv for i in g if listings[i].arxiv}) <= 1 for g in groups)
    assert groups == [[0], [1, 2, 4, 5], [3]]  # "Beta study" by DOI 10.1/b joined the first group to take it


def test_no_group_ever_holds_two_arxiv_ids():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from reader.ingest.merge import group_indices
    from reader.models import Listing

    listing = st.builds(Listing, title=st.sampled_from(["Alpha study", "Beta study", "Gamma study"]),
                        arxiv=st.sampled_from([None, "2101.00001", "2101.00002"]),
                        doi=st.sampled_from([None, "10.1/a", "10.1/b"]))

    @settings(max_examples=400, deadline=None)
    @given(st.lists(listing, min_size=2, max_size=8))
    def check(listings):
        groups = group_indices(listings)
        assert sorted(i for g in groups for i in g) == list(range(len(listings)))
        assert all(len({listings[i].arxiv for i in g if listings[i].arxiv}) <= 1 for g in groups)

    check()
