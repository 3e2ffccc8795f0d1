"""The listing-file scan finds what Path.rglob finds, in the same order, without a Path per step."""

from __future__ import annotations

import os

from reader import sources


def _rglob_scan(root):
    """The scan as it was written with rglob: the reference."""
    files = sorted(p for p in root.rglob("*") if p.is_file()
                   and not any(part.startswith(".") for part in p.relative_to(root).parts))
    return [p.resolve() for p in files]


def test_scan_matches_rglob_on_a_tree_with_links_and_hidden_files(tmp_path):
    root, other = tmp_path / "root", tmp_path / "other"
    for folder in (root / "b" / "deep", root / "a", root / ".hidden", other):
        folder.mkdir(parents=True)
    for name in ("z.txt", "a/y.bib", "b/x.ris", "b/deep/w.txt", "b/A.txt", ".dot.txt", ".hidden/v.txt", "u.pdf"):
        (root / name).write_text("x")
    (other / "o.txt").write_text("x")
    os.symlink(other, root / "linked-folder")  # not followed, as rglob does not
    os.symlink(other / "o.txt", root / "linked.txt")  # a linked file is read, under its real path
    os.symlink(root / "nowhere", root / "broken.txt")

    found = sources.scan([root])
    expected = [p for p in _rglob_scan(root) if p.suffix in sources.READ_SUFFIXES]
    assert found.files == expected
    assert other / "o.txt" in found.files and root.resolve() / "b" / "A.txt" in found.files
    assert [w.file for w in found.skipped] == [str(root / "u.pdf")]
