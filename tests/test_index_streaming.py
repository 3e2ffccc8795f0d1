"""A full build reads a large arXiv snapshot line by line and merges from the catalog: the same
papers as reading it whole, with its duplicates in other files merged."""

from __future__ import annotations

import json

import pytest

from reader.ingest import merge, parse_file
from reader.library import Library
from reader.search import rebuild


def snapshot_line(n: int, **extra) -> str:
    record = {
        "id": f"2301.{n:05d}", "title": f"Streaming paper number {n} on sparse retrieval",
        "authors": "Ada Lovelace, Charles Babbage", "categories": "cs.IR cs.CL",
        "abstract": f"  We study case {n}. The method\nscales to large corpora.\n",
        "versions": [{"version": "v1", "created": "Mon, 2 Jan 2023 10:00:00 GMT"}],
        "authors_parsed": [["Lovelace", "Ada", ""], ["Babbage", "Charles", ""]], "doi": None,
    }
    return json.dumps({**record, **extra})


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setattr(rebuild, "STREAM_FROM", 1)  # every snapshot file streams, however small
    monkeypatch.setattr(rebuild, "BATCH", 7)  # and in many batches
    folder = tmp_path / "papers"
    folder.mkdir()
    lines = [snapshot_line(n) for n in range(40)]
    lines.insert(13, "{not json")
    (folder / "arxiv-snapshot.jsonl").write_text("\n".join(lines) + "\n")
    (folder / "mine.bib").write_text(
        "@misc{lovelace2023s5,\n  title = {Streaming Paper Number 5 on Sparse Retrieval},\n"
        "  author = {Lovelace, Ada and Babbage, Charles and Somerville, Mary},\n  year = {2023},\n"
        "  eprint = {2301.00005v2},\n  archivePrefix = {arXiv},\n}\n")
    return folder


def test_a_streamed_snapshot_gives_the_papers_a_whole_read_gives(folder, tmp_path):
    whole = merge(li for path in sorted(folder.iterdir()) for li in parse_file(path).listings)
    with Library.open(tmp_path / "data", [folder]) as library:
        built = list(library.papers())
        assert library.count() == 40
        assert sorted(built, key=lambda p: p.id) == sorted(whole, key=lambda p: p.id)
        five = library.search('title:"number 5"').hits[0].paper
        assert five.arxiv == "2301.00005" and five.authors[-1] == "Mary Somerville"
        assert five.sources == ("arxiv-snapshot.jsonl", "mine.bib")  # file order, whichever was read first
        assert five.title == "Streaming paper number 5 on sparse retrieval"
        (warning,) = [w for w in library.warnings() if w.file == "arxiv-snapshot.jsonl"]
        assert warning.line == 14 and "not valid JSON" in warning.message
        assert library.search("sparse retrieval").total == 40


def test_a_snapshot_added_later_is_read_by_a_full_build(folder, tmp_path):
    big = folder / "arxiv-snapshot.jsonl"
    data = big.read_bytes()
    big.unlink()
    with Library.open(tmp_path / "data", [folder]) as library:
        assert library.count() == 1
        big.write_bytes(data)
        report = library.update()
        assert report.rebuilt and "read line by line" in report.reason
        assert library.count() == 40
