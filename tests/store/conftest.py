"""Fixtures for the store tests: a small listing folder and a Library over it."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.library import Library
from tests.conftest import write_dated

TOPICS = ["owls", "parrots", "ravens", "herons", "finches", "storks"]


def small_records(topics=TOPICS, year=2024):
    return [
        (f"CVJan {n + 1}, {year}", f"Field Notes on {t.title()} at DuskIda Larsen, Bo Berg", f"We watched {t} closely.")
        for n, t in enumerate(topics)
    ]


@pytest.fixture
def listings(tmp_path) -> Path:
    folder = tmp_path / "listings"
    folder.mkdir()
    write_dated(folder / "birds.txt", small_records())
    write_dated(folder / "extra.txt", [("LGFeb 2, 2023", "Counting Swans by SoundAna Silva", "Swans sing at dawn.")])
    return folder


@pytest.fixture
def library(listings, tmp_path):
    lib = Library.open(tmp_path / "data", [listings])
    yield lib
    lib.close()


@pytest.fixture
def ids(library) -> dict[str, str]:
    """Paper ids by their one-word topic (owls, parrots, ..., swans)."""
    out = {}
    for paper in library.papers():
        word = paper.title.split()[-3].lower() if paper.title.startswith("Field") else "swans"
        out[word] = paper.id
    return out
