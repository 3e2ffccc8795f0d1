"""Where papers come from: folders, the config's listings, the inbox; state that follows its paper."""

from __future__ import annotations

import pytest

from reader.library import Library
from reader.models import LibraryError
from tests.conftest import SEEDS, write_dated

RECORDS = [
    ("CLApr 28, 2023", "Transformers Learn Shortcuts to AutomataBingbin Liu, Jordan T. Ash, Surbhi Goel",
     "We study how shallow transformers simulate automata. Shortcuts appear at every depth."),
    ("LGMay 2, 2023", "Sparse Mixtures of Experts at ScaleWilliam Fedus, Barret Zoph",
     "Routing each token to one expert keeps compute flat. We train very large sparse models."),
]


def listing(tmp_path, records=RECORDS, name="mine.txt"):
    folder = tmp_path / "papers"
    folder.mkdir(exist_ok=True)
    write_dated(folder / name, records)
    return folder


def test_an_empty_folder_is_an_empty_library_that_searches_and_counts(tmp_path):
    (tmp_path / "empty").mkdir()
    with Library.open(tmp_path / "data", [tmp_path / "empty"]) as library:
        assert library.count() == 0
        result = library.search("diffusion")
        assert (result.total, result.hits) == (0, ())
        assert library.search("").total == 0
        assert library.facets("cat:CL year:2020..").categories == ()
        assert library.warnings() == []


def test_every_file_in_a_folder_is_read_or_reported(tmp_path):
    folder = listing(tmp_path)
    (folder / "paper.pdf").write_bytes(b"%PDF-1.7\n")
    (folder / "notes.md").write_text("# my notes\n")
    (folder / ".hidden.txt").write_text("ignored, as dotfiles are\n")
    with Library.open(tmp_path / "data", [folder]) as library:
        assert library.count() == 2
        skipped = {w.file.rsplit("/", 1)[-1]: w.message for w in library.warnings() if w.message.startswith("skipped")}
        assert set(skipped) == {"paper.pdf", "notes.md"}
        assert ".bib" in skipped["paper.pdf"] and ".txt" in skipped["paper.pdf"]


def test_the_config_listings_join_the_bundled_seeds_unless_bundled_is_false(tmp_path):
    folder = listing(tmp_path)
    with Library.open(tmp_path / "data", listings=[str(folder)]) as library:
        assert library.count() == 426 + 2
        assert library.seeds == [folder, SEEDS, tmp_path / "data" / "inbox"]
    with Library.open(tmp_path / "data", listings=[str(folder)], bundled=False) as library:
        assert library.count() == 2


def test_a_missing_configured_folder_is_a_note_not_a_failure(tmp_path):
    with Library.open(tmp_path / "data", listings=[str(tmp_path / "gone")], bundled=False) as library:
        assert library.count() == 0
        assert len(library.notes) == 1 and "gone does not exist" in library.notes[0]
    with pytest.raises(LibraryError, match="does not exist: check --seeds"):
        Library.open(tmp_path / "data", [tmp_path / "gone"])


def test_add_copies_a_listing_into_the_inbox_and_indexes_it_at_once(tmp_path):
    folder = listing(tmp_path)
    pasted = "\n".join([
        "CLJun 1, 2023", "Sparse Mixtures of Experts at ScaleWilliam Fedus, Barret Zoph, Noam Shazeer",
        "Routing each token to one expert keeps compute flat. We train very large sparse models.",
        "CVJun 2, 2023", "Segment Anything in Video StreamsAlexander Kirillov, Eric Mintun",
        "We segment any object in a video from one click. The model tracks it across frames.",
    ]).encode()
    with Library.open(tmp_path / "data", [folder]) as library:
        intake = library.add(pasted, "cs-new.txt")
        assert (intake.new, intake.merged) == (1, 1)
        assert intake.saved.parent == tmp_path / "data" / "inbox" and intake.saved.read_bytes() == pasted
        assert library.count() == 3
        assert library.search("segment video").total == 1
        merged = library.search('title:"sparse mixtures"').hits[0].paper
        assert merged.authors == ("William Fedus", "Barret Zoph", "Noam Shazeer")
    assert list(folder.iterdir()) == [folder / "mine.txt"]  # nothing written into the listing folder
    with Library.open(tmp_path / "data", [folder]) as library:  # the inbox stays in the library
        assert library.count() == 3


def test_add_refuses_a_text_with_no_papers_and_saves_nothing(tmp_path):
    with Library.open(tmp_path / "data", [listing(tmp_path)]) as library:
        with pytest.raises(LibraryError, match="nothing was added from junk.txt: not a listing reader knows"):
            library.add(b"year = {2020},\nsome random words\n", "junk.txt")
        assert not (tmp_path / "data" / "inbox").exists() or not list((tmp_path / "data" / "inbox").iterdir())


def test_a_fixed_title_keeps_its_state(tmp_path):
    folder = listing(tmp_path)
    with Library.open(tmp_path / "data", [folder]) as library:
        old = library.search('title:"shortcuts to automata"').hits[0].paper.id
        library.tag(old, "automata")
        library.set_note(old, "read section 4")
    fixed = [("CLApr 28, 2023", "Transformers Learned Shortcuts to AutomataBingbin Liu, Jordan T. Ash, Surbhi Goel",
              RECORDS[0][2]), RECORDS[1]]
    write_dated(folder / "mine.txt", fixed)
    with Library.open(tmp_path / "data", [folder]) as library:
        new = library.search('title:"learned shortcuts"').hits[0].paper.id
        assert new != old and library.report.moved == [(old, new)]
        assert library.state(new).tags == ("automata",) and library.note(new) == "read section 4"
        assert library.orphans() == []


def test_orphans_are_listed_with_likely_matches_and_reattached_by_hand(tmp_path):
    folder = listing(tmp_path)
    with Library.open(tmp_path / "data", [folder]) as library:
        old = library.search('title:"shortcuts to automata"').hits[0].paper.id
        other = library.search('title:"sparse mixtures"').hits[0].paper.id
        library.tag([old, other], "keep")
    renamed = [("CLApr 28, 2023", "Automata Shortcuts in Shallow NetworksBingbin Liu, Jordan T. Ash", RECORDS[0][2]),
               RECORDS[1]]
    write_dated(folder / "mine.txt", renamed)
    with Library.open(tmp_path / "data", [folder]) as library:
        assert library.report.moved == [] and library.report.orphaned == 1
        (orphan,) = library.orphan_report()
        assert orphan.id == old and orphan.identity.title == "Transformers Learn Shortcuts to Automata"
        assert orphan.identity.first_author == "Bingbin Liu"
        new = library.search('title:"automata shortcuts"').hits[0].paper.id
        assert library.reattach(old, new[:6]) == 1
        assert library.state(new).tags == ("keep",) and library.orphans() == []
        with pytest.raises(LibraryError, match="no state is kept"):
            library.reattach(old, new)
