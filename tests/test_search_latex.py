"""Searching folds LaTeX accents as it folds Unicode ones: `schrodinger` finds `Schr\\"odinger`."""

from __future__ import annotations

import pytest

import reader.search.analysis as analysis
from reader.library import Library
from reader.search.analysis import surface_words, term_set, terms
from tests.conftest import write_dated


@pytest.mark.parametrize(
    ("latex", "plain"),
    [
        (r"Schr\"odinger bridge", "Schrödinger bridge"),
        (r"Fr\'echet mean", "Fréchet mean"),
        (r"na\"{\i}ve ensembling", "naïve ensembling"),
        (r"{\L}ukasz Kaiser", "Łukasz Kaiser"),
        (r"Erd\H{o}s and G\"{o}del", "Erdős and Gödel"),
        (r"{\"o}ffentlich Stra\ss e", "öffentlich Straße"),
        (r"Fran\c{c}ois and \v{S}imon and Ni\~no", "François and Šimon and Niño"),
        (r"\^{e}tre \`a \o{}ystein", "être à øystein"),
    ],
)
def test_latex_accents_give_the_terms_of_the_unicode_text(latex, plain):
    assert terms(latex) == terms(plain)
    assert term_set(latex) == term_set(plain)
    assert surface_words(latex) == surface_words(plain)


def test_macros_that_are_not_accents_are_left_alone():
    assert surface_words(r"\vs \cite{x} $\alpha$ \iid") == ["vs", "cite", "x", "alpha", "iid"]


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("schrodinger", "Improving and generalizing flow-based generative models with minibatch optimal transport"),
        ("schrödinger", "Improving and generalizing flow-based generative models with minibatch optimal transport"),
        ("frechet", "Geometry-Aware Adaptation for Pretrained Models"),
        ("Fréchet mean", "Geometry-Aware Adaptation for Pretrained Models"),
        ("naive ensembling", "Learning useful representations for shifting tasks and distributions"),
    ],
)
def test_seed_papers_are_found_by_their_accented_words(seeds_library, query, title):
    found = [hit.paper.title for hit in seeds_library.search(query, limit=50).hits]
    assert title in found


@pytest.fixture
def listings(tmp_path):
    folder = tmp_path / "listings"
    folder.mkdir()
    write_dated(folder / "physics.txt", [
        ("CVJan 5, 2024", "Bridges Between DistributionsIda Larsen", r"We solve the Schr\"odinger bridge problem."),
        ("CLJan 6, 2024", "Talking Parrots RevisitedAna Silva", "Parrots talk."),
    ])
    return folder


def test_an_index_built_before_accents_were_folded_is_rebuilt(listings, tmp_path, monkeypatch):
    with monkeypatch.context() as old:  # the analyzer and index version of the previous release
        old.setattr(analysis, "latex_letters", lambda text: text)
        old.setattr("reader.search.index.INDEX_VERSION", "2")
        Library.open(tmp_path / "data", [listings]).close()
        stale = Library.open(tmp_path / "data", [listings])
        assert not stale.report.rebuilt and stale.search("schrodinger").total == 0
        stale.close()
    library = Library.open(tmp_path / "data", [listings])
    assert library.report.rebuilt and "another version" in library.report.reason
    assert [hit.paper.title for hit in library.search("schrodinger").hits] == ["Bridges Between Distributions"]
    library.close()
