"""`reader add`, `reader reattach`, the config's listings and what opening says about moved state."""

from __future__ import annotations

from click.testing import CliRunner

from reader.cli import cli
from tests.conftest import write_dated

PAGE = "\n".join([
    "CLJun 1, 2023", "Sparse Mixtures of Experts at ScaleWilliam Fedus, Barret Zoph, Noam Shazeer",
    "Routing each token to one expert keeps compute flat. We train very large sparse models.",
])


def invoke(*args, stdin=None):
    return CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)


def test_add_from_standard_input_then_search_finds_it(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    added = invoke("--seeds", str(empty), "add", "-", stdin=PAGE)
    assert added.exit_code == 0, added.output
    assert added.output.startswith("added 1 paper from pasted.txt (dated): 1 new, 0 merged")
    found = invoke("--seeds", str(empty), "search", "sparse", "experts")
    assert found.exit_code == 0 and "Sparse Mixtures of Experts at Scale" in found.output


def test_add_refuses_what_is_not_a_listing_in_one_line(tmp_path):
    result = invoke("add", "-", stdin="@@@ nothing here\nyear = {2020},\n")
    assert result.exit_code == 2
    (line,) = result.output.strip().splitlines()
    assert line.startswith("reader: nothing was added from pasted.txt: not a listing reader knows: line 1")


def test_search_of_an_empty_library_exits_1_cleanly(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = invoke("--seeds", str(empty), "search", "diffusion")
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_config_listings_and_bundled(tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    write_dated(folder / "mine.txt", [tuple(PAGE.splitlines())])
    config = tmp_path / "config.toml"
    config.write_text(f'listings = ["{folder}"]\nbundled = false\n')
    result = invoke("--config", str(config), "export", "--format", "jsonl")
    assert result.exit_code == 0 and result.output.count("\n") == 1
    config.write_text(f'listings = ["{folder}"]\n')
    result = invoke("--config", str(config), "export", "--format", "jsonl")
    assert result.output.count("\n") == 427
    config.write_text('listings = "not a list"\nbundled = "yes"\n')
    result = invoke("--config", str(config), "search", "sparse")
    assert "listings must be a list of folder or file paths" in result.output
    assert "bundled must be true or false" in result.output


def test_changing_the_listings_says_state_is_kept_and_reattach_moves_it(tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    write_dated(folder / "mine.txt", [tuple(PAGE.splitlines())])
    old = invoke("--seeds", str(folder), "search", "sparse", "--json")
    paper = __import__("json").loads(old.output)[0]["id"]
    assert invoke("--seeds", str(folder), "tag", paper, "moe").exit_code == 0
    result = invoke("search", "sparse")  # the bundled seeds only: the paper is gone
    assert "1 paper with your tags, lists, status or notes left the library" in result.output
    assert "their state is kept" in result.output
    write_dated(folder / "mine.txt", [("CLJun 1, 2023", "Scaling Sparse Expert Mixtures to Trillions"
                                       "William Fedus, Barret Zoph", PAGE.splitlines()[2])])
    doctor = invoke("--seeds", str(folder), "doctor")
    assert f"{paper} “Sparse Mixtures of Experts at Scale”: no likely match" in doctor.output
    new = __import__("json").loads(invoke("--seeds", str(folder), "search", "trillions", "--json").output)[0]["id"]
    moved = invoke("--seeds", str(folder), "reattach", paper, new)
    assert moved.exit_code == 0 and moved.output.startswith(f"moved 1 piece of state from {paper} to {new}")
    assert "Scaling Sparse Expert Mixtures" in invoke("--seeds", str(folder), "search", "tag:moe").output
