"""Keeping the index in step with the listing files: incremental, atomic, self-healing."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reader import ingest
from reader.library import Library, LibraryError
from tests.conftest import SEEDS, write_dated

ABSTRACT = "We study {topic} in depth. Our results show that {topic} matters a great deal for models."


def records(start: int, count: int, topic: str = "graphs"):
    return [
        (
            "LGMar 3, 2024",
            f"Synthetic Study Number {n} of {topic.title()}Ada Lovelace, Alan Turing",
            ABSTRACT.format(topic=f"{topic} {n}"),
        )
        for n in range(start, start + count)
    ]


@pytest.fixture
def listings(tmp_path):
    folder = tmp_path / "listings"
    folder.mkdir()
    write_dated(folder / "a.txt", records(0, 3))
    write_dated(folder / "b.txt", records(100, 2, "trees"))
    return folder


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {str(p): (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(folder.rglob("*"))}


def test_unchanged_files_are_not_read_again(listings, tmp_path, monkeypatch):
    Library.open(tmp_path / "data", [listings]).close()
    calls = []
    original = ingest.parse_bytes
    monkeypatch.setattr("reader.search.rebuild.parse_bytes", lambda *a: calls.append(a[1]) or original(*a))
    library = Library.open(tmp_path / "data", [listings])
    assert calls == [] and library.count() == 5 and not library.report.rebuilt
    os.utime(listings / "a.txt")  # touched, same content: read and hashed, not parsed
    library.update()
    assert calls == []


def test_new_changed_and_removed_files_apply_incrementally(listings, tmp_path):
    library = Library.open(tmp_path / "data", [listings])
    generation = library.index.generation
    write_dated(listings / "c.txt", records(200, 4, "rings"))
    write_dated(listings / "a.txt", records(0, 2))  # one paper dropped from a.txt
    (listings / "b.txt").unlink()
    report = library.update()
    assert (report.added, report.changed, report.removed) == (["c.txt"], ["a.txt"], ["b.txt"])
    assert not report.rebuilt and library.index.generation == generation
    assert library.count() == 6
    assert library.search("rings").total == 4
    assert library.search("trees").total == 0
    assert library.search('"number 2 of graphs"').total == 0


def test_rewritten_files_leave_no_deleted_papers_behind(listings, tmp_path):
    """Each rewrite deletes the old copies; searches must not keep walking them."""
    library = Library.open(tmp_path / "data", [listings])
    for round_ in range(3):
        write_dated(listings / "a.txt", records(0, 3, f"topic{round_}"))
        library.update()
        with library.index.reading() as searcher:
            reader = searcher.reader()
            assert reader.doc_count_all() == reader.doc_count() == library.count() == 5
        assert library.search(f"topic{round_}").total == 3
    write_dated(listings / "b.txt", records(100, 3, "trees"))  # 2 of 3 papers new: mostly kept
    library.update()
    with library.index.reading() as searcher:
        assert searcher.reader().doc_count() == library.count() == 6
    assert library.search("trees").total == 3 and library.search("topic2").total == 3


def test_a_paper_in_two_files_survives_removing_one(listings, tmp_path):
    write_dated(listings / "copy.txt", records(0, 1))
    library = Library.open(tmp_path / "data", [listings])
    paper_id = library.search('"synthetic study number 0"').hits[0].paper.id
    assert library.get(paper_id).sources == ("a.txt", "copy.txt")
    (listings / "a.txt").unlink()
    library.update()
    assert library.get(paper_id).sources == ("copy.txt",)


def test_the_listing_folder_is_never_written(listings, tmp_path):
    before = snapshot(listings)
    library = Library.open(tmp_path / "data", [listings])
    library.search("graphs")
    library.update(rebuild=True)
    library.close()
    assert snapshot(listings) == before


def test_a_data_dir_inside_a_listing_folder_is_refused(listings):
    with pytest.raises(LibraryError, match="never writes into listing folders"):
        Library.open(listings / "state", [listings])
    assert not (listings / "state").exists()


def test_a_missing_listing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(LibraryError, match="does not exist"):
        Library.open(tmp_path / "data", [tmp_path / "nowhere"])


@pytest.mark.parametrize(
    "damage",
    [
        lambda gen: [p.write_bytes(b"garbage") for p in (gen / "whoosh").iterdir()],
        lambda gen: shutil.rmtree(gen / "whoosh"),
        lambda gen: (gen / "catalog.sqlite").write_bytes(b"not a database at all" * 100),
        lambda gen: (gen.parent / "CURRENT").write_text("gen-missing"),
    ],
    ids=["garbage-segments", "missing-index", "garbage-catalog", "dangling-pointer"],
)
def test_a_damaged_index_is_rebuilt_not_reported(listings, tmp_path, damage):
    library = Library.open(tmp_path / "data", [listings])
    generation = library.index.generation
    library.close()
    damage(generation)
    library = Library.open(tmp_path / "data", [listings])
    assert library.report.rebuilt and "could not be opened" in library.report.reason
    assert library.count() == 5 and library.search("graphs").total == 3


def test_an_index_from_another_version_is_rebuilt(listings, tmp_path, monkeypatch):
    Library.open(tmp_path / "data", [listings]).close()
    monkeypatch.setattr("reader.search.index.INDEX_VERSION", "999")
    library = Library.open(tmp_path / "data", [listings])
    assert library.report.rebuilt and "another version" in library.report.reason


KILLED_BUILD = textwrap.dedent(
    """
    import sys
    from reader.library import Library

    def progress(stage, done, total):
        if stage == "indexing":
            print("indexing", flush=True)
            sys.stdin.readline()  # hold here until the test kills us

    Library.open(sys.argv[1], [sys.argv[2]], progress, rebuild=True)
    """
)


def test_a_rebuild_killed_midway_leaves_the_old_index_working(tmp_path):
    folder = tmp_path / "listings"
    folder.mkdir()
    write_dated(folder / "a.txt", records(0, 1200))
    data = tmp_path / "data"
    Library.open(data, [folder]).close()
    write_dated(folder / "b.txt", records(5000, 10, "rings"))

    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_BUILD, str(data), str(folder)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert child.stdout.readline().strip() == "indexing"  # the new generation is half written
    assert len(list((data / "index").glob("gen-*"))) == 2
    child.send_signal(signal.SIGKILL)
    child.wait()

    library = Library.open(data, [folder])
    assert not library.report.rebuilt  # the old generation opened, then b.txt was applied
    assert library.report.added == ["b.txt"]
    assert library.count() == 1210 and library.search("rings").total == 10
    assert len(list((data / "index").glob("gen-*"))) == 1  # the half-built one was cleared


def test_seeds_are_the_default_corpus(tmp_path):
    library = Library.open(tmp_path / "data")
    assert library.seeds == [SEEDS, tmp_path / "data" / "inbox"] and library.count() == 426
