"""Files reader writes are whole or absent, and get the permissions the user's umask allows."""

from __future__ import annotations

import os
import stat

import pytest

from reader.files import current_umask, write_atomically
from tests.cli_birds import listings, run  # noqa: F401 - fixtures


@pytest.fixture
def umask():
    """Set the process umask for one test, putting the old one back after."""
    old = os.umask(0o022)
    os.umask(old)
    yield os.umask
    os.umask(old)


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_honours_the_umask(tmp_path, umask, mask, expected):
    umask(mask)
    assert current_umask() == mask
    target = tmp_path / "out.bib"
    write_atomically(target, "@misc{k,}\n")
    assert mode(target) == expected
    assert target.read_text() == "@misc{k,}\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bib"]  # no temporary file left behind


def test_a_replaced_file_keeps_its_own_permissions(tmp_path, umask):
    umask(0o022)
    target = tmp_path / "thesis.bib"
    target.write_text("old")
    target.chmod(0o640)
    write_atomically(target, "new")
    assert target.read_text() == "new" and mode(target) == 0o640


def test_export_to_a_file_honours_the_umask(run, tmp_path, umask):
    umask(0o022)
    assert run("export", "--format", "bibtex", "-o", str(tmp_path / "all.bib")).exit_code == 0
    assert mode(tmp_path / "all.bib") == 0o644
    umask(0o077)
    assert run("export", "--format", "ris", "-o", str(tmp_path / "all.ris")).exit_code == 0
    assert mode(tmp_path / "all.ris") == 0o600
