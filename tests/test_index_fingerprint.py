"""A generation's file list (issue 15): damage inside an index file is noticed on open."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest

from reader.search import fingerprint
from reader.search.index import PaperIndex
from tests.conftest import write_dated


@pytest.fixture
def index(tmp_path):
    folder = tmp_path / "listings"
    folder.mkdir()
    files = [write_dated(folder / "a.txt", [("CVJan 5, 2024", "Seeing Owls at NightIda Larsen", "Owls see.")])]
    index = PaperIndex(tmp_path / "index")
    index.open(files)
    yield index, files
    index.close()


def test_reopening_an_unchanged_index_does_not_rebuild(index):
    index, files = index
    again = PaperIndex(index.root)
    assert again.open(files).rebuilt is False
    again.close()


def test_a_changed_whoosh_file_means_a_rebuild(index):
    index, files = index
    generation = index.generation
    segment = next(p for p in (generation / "whoosh").iterdir() if p.suffix == ".seg")
    os.utime(segment, ns=(0, segment.stat().st_mtime_ns + 1))
    index.close()
    with pytest.raises(fingerprint.Damaged, match=segment.name):
        fingerprint.verify(generation, sqlite3.connect(generation / "catalog.sqlite"))
    again = PaperIndex(index.root)
    report = again.open(files)
    assert report.rebuilt and "changed since reader wrote it" in report.reason
    assert again.generation != generation
    again.close()


def test_a_catalog_that_only_moved_on_is_checked_and_accepted(index):
    index, files = index
    generation = index.generation
    catalog = generation / "catalog.sqlite"
    os.utime(catalog, ns=(0, catalog.stat().st_mtime_ns + 1))  # as a checkpoint by another reader would
    db = sqlite3.connect(catalog)
    fingerprint.verify(generation, db)  # quick_check says ok: accepted, and noted again
    noted = json.loads((generation / fingerprint.MANIFEST).read_text())
    assert noted["catalog.sqlite"] == [catalog.stat().st_size, catalog.stat().st_mtime_ns]
    db.close()


def test_a_missing_file_list_means_a_rebuild(index):
    index, files = index
    (index.generation / fingerprint.MANIFEST).unlink()
    index.close()
    again = PaperIndex(index.root)
    assert again.open(files).rebuilt
    again.close()


def test_an_open_that_changes_nothing_writes_no_file_list(index):
    index, files = index
    manifest = index.generation / fingerprint.MANIFEST
    before = manifest.stat().st_mtime_ns
    again = PaperIndex(index.root)
    again.open(files)
    assert manifest.stat().st_mtime_ns == before
    again.close()
