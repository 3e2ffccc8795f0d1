"""Reading lists linked to files: rewritten after every change (CLI or app), never over a hand edit."""

from __future__ import annotations

import json
import threading

import pytest
import rispy

from reader.library import Library
from reader.list_links import LinkRefused
from tests.bibtex_entries import bibtex_entries
from tests.cli_birds import ids, listings, run  # noqa: F401 - fixtures
from tests.conftest import write_dated


@pytest.fixture
def library(run, listings, tmp_path):
    """A Library over the same listings and data dir as `run`, as the app holds one."""
    run("lists")  # the CLI builds the index first
    opened = Library.open(tmp_path / "data", seeds=[listings])
    yield opened
    opened.close()


@pytest.fixture
def bib(run, tmp_path):
    """`Thesis`, an empty list, linked to thesis.bib."""
    assert run("list", "create", "Thesis").exit_code == 0
    target = tmp_path / "thesis.bib"
    result = run("list", "link", "Thesis", str(target))
    assert result.exit_code == 0, result.output
    assert "linked Thesis to" in result.stdout and target.read_text() == ""
    return target


def entries(path) -> list[dict]:
    return bibtex_entries(path.read_text())


def in_the_app(call, *args):
    """Run a Library call on a worker thread, as the app does, and wait for it."""
    failures = []

    def work():
        try:
            call(*args)
        except Exception as error:  # noqa: BLE001 - handed to the test below
            failures.append(error)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    assert not failures, failures


def one_line_error(result, code=2) -> str:
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("reader: ") and result.stderr.count("\n") == 1
    return result.stderr


def test_every_cli_change_rewrites_the_file_in_list_order_with_pinned_keys(run, ids, bib, library):
    assert run("list", "add", "Thesis", ids["ravens"], ids["owls"]).exit_code == 0
    pinned = library.pinned_keys()
    assert [e["ID"] for e in entries(bib)] == [pinned[ids["ravens"]], pinned[ids["owls"]]]
    run("tag", ids["owls"], "ml,to read")
    run("note", ids["owls"], "Fig. 2 & more")
    owls = entries(bib)[1]
    assert owls["keywords"] == "ml, to read" and owls["annote"] == r"Fig. 2 \& more"
    run("list", "remove", "Thesis", ids["ravens"])
    assert [e["ID"] for e in entries(bib)] == [pinned[ids["owls"]]]
    assert library.pinned_keys()[ids["ravens"]] == pinned[ids["ravens"]]  # a key once pinned stays


def test_changes_from_a_library_as_the_app_makes_them_rewrite_it_too(run, ids, bib, library):
    in_the_app(library.list_add, "Thesis", [ids["owls"], ids["parrots"], ids["ravens"]])
    keys = library.pinned_keys()
    assert [e["ID"] for e in entries(bib)] == [keys[ids[b]] for b in ("owls", "parrots", "ravens")]
    in_the_app(library.list_move, "Thesis", ids["ravens"], -2)
    assert [e["ID"] for e in entries(bib)] == [keys[ids[b]] for b in ("ravens", "owls", "parrots")]
    run("tag", ids["parrots"], "colour")  # the CLI, then the app again: the file holds both
    in_the_app(library.set_note, ids["parrots"], "loud")
    parrots = entries(bib)[2]
    assert (parrots["keywords"], parrots["annote"]) == ("colour", "loud")
    assert library.take_link_notices() == []


def test_a_hand_edited_file_is_refused_with_a_way_out_and_left_byte_for_byte(run, ids, bib, library):
    run("list", "add", "Thesis", ids["owls"])
    edited = bib.read_bytes() + b"% my own line\n"
    bib.write_bytes(edited)
    result = run("tag", ids["owls"], "ml")
    assert result.exit_code == 0  # the tag is made; the file is what lags behind, and it says so
    assert "was changed since reader wrote it" in result.stderr
    assert f'reader list link "Thesis" {bib} --force' in result.stderr and 'reader list unlink "Thesis"' in result.stderr
    assert bib.read_bytes() == edited
    in_the_app(library.set_status, ids["owls"], "read")
    notices = library.take_link_notices()
    assert len(notices) == 1 and str(bib) in notices[0] and library.take_link_notices() == []
    assert bib.read_bytes() == edited
    assert "--force" in one_line_error(run("list", "link", "Thesis", str(bib)))
    assert bib.read_bytes() == edited
    assert run("list", "link", "Thesis", str(bib), "--force").exit_code == 0
    assert b"% my own line" not in bib.read_bytes() and entries(bib)[0]["keywords"] == "ml"
    run("tag", ids["owls"], "owl")  # kept up to date again
    assert entries(bib)[0]["keywords"] == "ml, owl"


def test_unlink_stops_the_rewrites_and_leaves_the_file(run, ids, bib):
    run("list", "add", "Thesis", ids["owls"])
    kept = bib.read_bytes()
    result = run("list", "unlink", "Thesis")
    assert result.exit_code == 0 and "no longer kept up to date" in result.stdout
    run("list", "add", "Thesis", ids["ravens"])
    run("tag", ids["owls"], "ml")
    assert bib.read_bytes() == kept
    assert run("list", "links").exit_code == 1
    assert "is not linked to a file" in one_line_error(run("list", "unlink", "Thesis"))


def test_linking_over_a_file_reader_did_not_write_needs_force(run, ids, tmp_path):
    run("list", "add", "Reading list", ids["owls"])
    theirs = tmp_path / "refs.bib"
    theirs.write_text("@book{mine, title={Mine}}\n")
    assert "add --force" in one_line_error(run("list", "link", "Reading list", str(theirs)))
    assert theirs.read_text() == "@book{mine, title={Mine}}\n"
    assert run("list", "link", "Reading list", str(theirs), "--force").exit_code == 0
    assert [e["title"] for e in entries(theirs)] == ["Field Notes on Owls at Dusk"]
    run("list", "create", "Other")
    other = run("list", "link", "Other", str(theirs), "--force")
    assert "is linked to the list “Reading list” already" in one_line_error(other)


def test_a_rename_keeps_the_link_and_a_delete_ends_it_with_a_notice(run, ids, bib, library):
    run("list", "add", "Thesis", ids["owls"])
    run("list", "rename", "Thesis", "Dissertation")
    run("list", "add", "Dissertation", ids["ravens"])
    assert len(entries(bib)) == 2
    links = json.loads(run("list", "links", "--json").stdout)
    assert links == [{"list": "Dissertation", "file": str(bib), "format": "bibtex", "with_state": True}]
    kept = bib.read_bytes()
    result = run("list", "delete", "Dissertation")
    assert "no longer kept up to date" in result.stderr and bib.read_bytes() == kept
    in_the_app(library.create_list, "Thesis")  # a new list (it may reuse the id) does not inherit the file
    in_the_app(library.list_add, "Thesis", [ids["parrots"]])
    assert bib.read_bytes() == kept and library.list_links() == []


def test_a_deleted_linked_file_is_written_again(run, ids, bib):
    run("list", "add", "Thesis", ids["owls"])
    bib.unlink()
    run("list", "add", "Thesis", ids["ravens"])
    assert len(entries(bib)) == 2


def test_csljson_ris_and_markdown_files(run, ids, tmp_path):
    run("tag", ids["owls"], "ml")
    for name, file in (("A", "a.json"), ("B", "b.ris"), ("C", "c.md")):
        run("list", "create", name)
        assert run("list", "link", name, str(tmp_path / file)).exit_code == 0
        run("list", "add", name, ids["ravens"], ids["owls"])
    items = json.loads((tmp_path / "a.json").read_text())
    assert [i["title"].split()[3] for i in items] == ["Ravens", "Owls"] and items[1]["keyword"] == "ml"
    records = rispy.loads((tmp_path / "b.ris").read_text())
    assert [r["title"].split()[3] for r in records] == ["Ravens", "Owls"] and "ml" in records[1]["keywords"]
    lines = (tmp_path / "c.md").read_text().splitlines()
    assert [line.split()[3] for line in lines] == ["Ravens", "Owls"] and "ml" not in lines[1]
    assert "cannot tell the format" in one_line_error(run("list", "link", "A", str(tmp_path / "a.txt")))
    assert "cannot write /proc/a.bib" in one_line_error(run("list", "link", "A", "/proc/a.bib"))
    assert "markdown has no field for tags" in one_line_error(run("list", "link", "C", str(tmp_path / "c.md"),
                                                                  "--with-state"))
    no_state = run("list", "link", "A", str(tmp_path / "a.txt"), "--format", "csljson", "--no-state", "--json")
    assert json.loads(no_state.stdout)["with_state"] is False
    assert "keyword" not in (tmp_path / "a.txt").read_text()


def test_the_app_and_the_cli_changing_at_once_leave_the_newest_list_in_the_file(run, ids, bib, library, listings,
                                                                                 tmp_path):
    write_dated(listings / "more.txt", [
        (f"CVFeb {n + 1}, 2024", f"Counting Gulls number {n} on the PierAna Silva", f"Gull count {n}.")
        for n in range(12)
    ])
    other = Library.open(tmp_path / "data", seeds=[listings])
    library.update()
    try:
        gulls = [hit.paper.id for hit in other.search("gulls", limit=None).hits]
        assert len(gulls) == 12
        first = threading.Thread(target=lambda: [library.list_add("Thesis", [g]) for g in gulls[:6]])
        second = threading.Thread(target=lambda: [other.list_add("Thesis", [g]) or other.tag([g], "gull")
                                                  for g in gulls[6:]])
        first.start(), second.start()
        first.join(), second.join()
    finally:
        other.close()
    papers = library.list_papers("Thesis")
    assert len(papers) == 12
    assert bib.read_text() == library.export(papers, "bibtex", with_state=True)
    assert library.take_link_notices() == []


def test_link_refused_is_a_state_error_for_the_app(library, ids, tmp_path):
    theirs = tmp_path / "x.bib"
    theirs.write_text("% theirs\n")
    with pytest.raises(LinkRefused, match="add --force"):
        library.link_list("Reading list", theirs)
    assert theirs.read_text() == "% theirs\n"
    done = library.link_list("Reading list", theirs, "bibtex", force=True)
    assert done.done == "written" and done.papers == 0 and theirs.read_text() == ""
    assert [link.name for link in library.list_links()] == ["Reading list"]


def test_undo_and_redo_rewrite_the_file(ids, bib, library):
    library.list_add("Thesis", [ids["owls"], ids["ravens"]])
    library.tag([ids["owls"]], "ml")
    assert library.undo() is not None  # the tag
    assert [e.get("keywords") for e in entries(bib)] == [None, None]
    assert library.undo() is not None  # the two papers
    assert bib.read_text() == ""
    assert library.redo() is not None
    assert len(entries(bib)) == 2


def test_a_linked_file_whose_folder_is_gone_is_a_warning_not_a_failure(run, ids, tmp_path):
    folder = tmp_path / "thesis"
    folder.mkdir()
    run("list", "link", "Reading list", str(folder / "refs.bib"))
    (folder / "refs.bib").unlink()
    folder.rmdir()
    result = run("list", "add", "Reading list", ids["owls"])
    assert result.exit_code == 0 and "added 1 paper" in result.stdout
    assert result.stderr.startswith("reader: warning: cannot write the linked file") and result.stderr.count("\n") == 1
    assert 'reader list unlink "Reading list"' in result.stderr and not folder.exists()
