"""Shared fixtures: every test gets its own data, config and cache dirs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reader.library import Library
from reader.paths import bundled_seeds

SEEDS = bundled_seeds()


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path, monkeypatch):
    """Point every platform dir and READER_* variable at tmp_path."""
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("READER_SEEDS", raising=False)
    return tmp_path


@pytest.fixture(scope="session")
def seeds_library(tmp_path_factory):
    """One library over the bundled seeds, built once for the session (read-only use)."""
    library = Library.open(data_dir=tmp_path_factory.mktemp("seeds-data"))
    yield library
    library.close()


@pytest.fixture(scope="session")
def seed_papers(seeds_library):
    """Every seed paper as its export record, by title."""
    return {p.title: p.to_json() for p in seeds_library.papers()}


def write_dated(path: Path, records: list[tuple[str, str, str]]) -> Path:
    """Write a format-1 listing file of (date line, byline, abstract) records."""
    path.write_text("\n".join("\n".join(r) for r in records) + "\n", encoding="utf-8")
    return path


def changed_library(root: Path, name: str, first: list[tuple[str, str, str]], then: list[tuple[str, str, str]]):
    """A Library over the seeds plus the listing `name`, built with `first` and then opened
    after `name` was rewritten with `then`: two segments, and deleted documents (the caller closes it)."""
    folder = root / "listings"
    shutil.copytree(SEEDS, folder)
    write_dated(folder / name, first)
    Library.open(root / "data", [folder]).close()
    write_dated(folder / name, then)
    return Library.open(root / "data", [folder])


def read_jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]
