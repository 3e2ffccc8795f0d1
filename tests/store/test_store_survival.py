"""State outlives the index: rebuilds, edited listing files, removed listing files (kept as orphans)."""

from __future__ import annotations

from click.testing import CliRunner

from reader.cli import cli
from reader.library import Library
from reader.models import PaperState
from tests.conftest import write_dated
from tests.store.conftest import TOPICS, small_records


def mark(library, ids):
    library.tag([ids["owls"], ids["swans"]], "ml")
    library.list_add("Reading list", [ids["swans"], ids["owls"]])
    library.set_status([ids["swans"]], "reading")
    library.set_note(ids["swans"], "swan song")


EXPECTED = {
    "owls": PaperState(("ml",), ("Reading list",), "unread", ""),
    "swans": PaperState(("ml",), ("Reading list",), "reading", "swan song"),
}


def run_cli(listings, tmp_path, *args):
    return CliRunner().invoke(cli, ["--seeds", str(listings), "--data-dir", str(tmp_path / "data"), *args])


def check(library, ids):
    assert {w: library.state(ids[w]) for w in EXPECTED} == {w: s for w, s in EXPECTED.items()}
    assert library.search("tag:ml status:reading").hits[0].paper.id == ids["swans"]


def test_state_survives_a_rebuild(library, ids, listings, tmp_path):
    mark(library, ids)
    library.close()
    result = run_cli(listings, tmp_path, "index", "--rebuild")
    assert result.exit_code == 0 and result.stdout.startswith("rebuilt")
    with Library.open(tmp_path / "data", [listings]) as reopened:
        check(reopened, ids)
        assert reopened.orphans() == []


def test_state_survives_a_changed_listing_file(library, ids, listings):
    mark(library, ids)
    write_dated(listings / "birds.txt", small_records(TOPICS + ["wrens"]))  # edited: a paper more
    report = library.update()
    assert report.changed == ["birds.txt"] and library.count() == 8
    check(library, ids)


def test_removed_listing_keeps_state_as_orphans_reported_by_doctor(library, ids, listings, tmp_path):
    mark(library, ids)
    library.pin_keys({ids["owls"]: "larsen2024owls"})
    before = library.export_state()
    (listings / "extra.txt").unlink()
    library.update()
    assert library.orphans() == [ids["swans"]]
    assert library.state(ids["swans"]) == EXPECTED["swans"]  # a full id of an orphan still works
    assert [p.id for p in library.list_papers("Reading list")] == [ids["owls"]]
    assert library.list_ids("Reading list") == [ids["swans"], ids["owls"]]
    assert {k: v for k, v in library.export_state().items() if k != "exported"} == {
        k: v for k, v in before.items() if k != "exported"
    }
    library.close()
    doctor = run_cli(listings, tmp_path, "doctor")
    assert doctor.exit_code == 0
    assert "  orphaned      1 (kept; not in the listings now)\n" in doctor.stdout
    assert f"    {ids['swans']} “Counting Swans by Sound”: no likely match in the listings" in doctor.stdout
    write_dated(listings / "extra.txt", [("LGFeb 2, 2023", "Counting Swans by SoundAna Silva", "Swans sing at dawn.")])
    with Library.open(tmp_path / "data", [listings]) as back:
        check(back, ids)
        assert back.orphans() == []


def test_the_store_lives_in_the_data_dir_never_in_a_listing_folder(library, ids, listings, tmp_path):
    mark(library, ids)
    assert library.store_path == tmp_path / "data" / "state.sqlite3" and library.store_path.is_file()
    assert sorted(p.name for p in listings.iterdir()) == ["birds.txt", "extra.txt"]
