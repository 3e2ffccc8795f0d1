"""CLI fixtures shared by the command-line tests: a small listing of birds and a runner over it.

A test module imports `run` (and `listings`, `ids` for the birds); a module may define its
own `listings`, and `run` then reads that one."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from reader.cli import cli
from tests.conftest import write_dated

BIRDS = ["owls", "parrots", "ravens"]


@pytest.fixture
def listings(tmp_path):
    folder = tmp_path / "listings"
    folder.mkdir()
    write_dated(folder / "birds.txt", [
        (f"CVJan {n + 1}, 2024", f"Field Notes on {b.title()} at DuskIda Larsen", f"We watched {b} at dusk.")
        for n, b in enumerate(BIRDS)
    ])
    return folder


@pytest.fixture
def run(listings, tmp_path):
    runner = CliRunner()

    def invoke(*args, input=None):
        base = ["--seeds", str(listings), "--data-dir", str(tmp_path / "data")]
        return runner.invoke(cli, [*base, *args], input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def ids(run):
    hits = json.loads(run("search", "--json", "dusk").stdout)
    return {hit["title"].split()[3].lower(): hit["id"] for hit in hits}
