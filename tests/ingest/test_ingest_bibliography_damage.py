"""Bibliography files and the snapshot, damaged: a broken entry costs only itself, nothing ever
raises or yields a record titled with a BibTeX line or a field label, and the snapshot streams."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import tracemalloc
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.ingest import arxiv_snapshot, bibtex, csljson, parse_bytes, ris
from reader.ingest.clean import split_lines
from reader.ingest.formats import junk_title
from reader.models import Listing, ParseWarning

SAMPLES = Path(__file__).parent / "samples"
REF = date(2024, 6, 1)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MODULES = {"library.bib": bibtex, "library.ris": ris, "library.json": csljson,
           "arxiv-metadata-oai-snapshot.json": arxiv_snapshot}
ENTRY_START = re.compile(r"^\s*@\w+\s*[{(]")


def sample_lines(name: str) -> list[str]:
    return split_lines(SAMPLES.joinpath(name).read_text(encoding="utf-8"))


# --- one broken BibTeX entry between two good ones ---------------------------------------------

GOOD_BEFORE = """@article{fedus2022switch,
  title   = {Switch Transformers: Scaling to Trillion Parameter Models with Simple and Efficient Sparsity},
  author  = {Fedus, William and Zoph, Barret and Shazeer, Noam},
  journal = {Journal of Machine Learning Research},
  year    = {2022},
  eprint  = {2101.03961}, archivePrefix = {arXiv}, primaryClass = {cs.LG}
}
"""
GOOD_AFTER = """@inproceedings{he2016deep,
  title     = {Deep Residual Learning for Image Recognition},
  author    = {He, Kaiming and Zhang, Xiangyu and Ren, Shaoqing and Sun, Jian},
  booktitle = {Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition (CVPR)},
  year      = {2016},
  doi       = {10.1109/CVPR.2016.90}
}
"""
BROKEN = {
    "unclosed brace": "@article{broken,\n  title = {Broken Entry\n  year = {2020}\n\n",
    "missing comma between fields": "@article{broken,\n  title = {Broken Entry}\n  year = {2020}\n}\n",
    "missing comma after the key": "@article{broken\n  title = {Broken Entry},\n  year = {2020}\n}\n",
    "unclosed quote": '@article{broken,\n  title = "Broken Entry,\n  year = 2020\n}\n',
    "swallowed field": "@article{broken,\n  title = {Broken Entry,\n  year = {2020}},\n}\n",
    "unbraced words": "@article{broken,\n  title = Broken Entry,\n  year = 2020\n}\n",
    "no closing brace at all": "@article{broken,\n  title = {Broken Entry},\n  year = {2020}\n\n",
}


def test_the_good_entries_alone():
    result = parse_bytes((GOOD_BEFORE + "\n" + GOOD_AFTER).encode(), "good.bib", REF)
    assert result.warnings == []
    assert result.listings == [
        Listing(
            title="Switch Transformers: Scaling to Trillion Parameter Models with Simple and Efficient Sparsity",
            authors=("William Fedus", "Barret Zoph", "Noam Shazeer"), category="cs.LG", source="good.bib", line=1,
            arxiv="2101.03961", year=2022, journal="Journal of Machine Learning Research",
        ),
        Listing(
            title="Deep Residual Learning for Image Recognition",
            authors=("Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"), source="good.bib", line=9,
            doi="10.1109/cvpr.2016.90", year=2016,
            booktitle="Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition (CVPR)",
        ),
    ]


@pytest.mark.parametrize("kind", BROKEN)
def test_a_broken_entry_is_one_warning_and_leaves_its_neighbours_identical(kind):
    alone = parse_bytes((GOOD_BEFORE + "\n" + GOOD_AFTER).encode(), "x.bib", REF).listings
    broken_at = GOOD_BEFORE.count("\n") + 2
    text = GOOD_BEFORE + "\n" + BROKEN[kind] + GOOD_AFTER
    result = parse_bytes(text.encode(), "x.bib", REF)
    shift = BROKEN[kind].count("\n")
    assert result.listings == [alone[0], replace(alone[1], line=alone[1].line + shift)]
    [warning] = result.warnings
    assert warning.file == "x.bib" and warning.line == broken_at
    assert "skipped" in warning.message
    assert "\n" not in warning.message


def test_a_failed_block_warning_names_the_entry_and_says_what_to_check():
    text = GOOD_BEFORE + "\n" + BROKEN["unclosed brace"] + GOOD_AFTER
    [warning] = parse_bytes(text.encode(), "x.bib", REF).warnings
    assert warning.message.startswith("the BibTeX entry “@article{broken,” is malformed (")
    assert warning.message.endswith("it was skipped: check its braces, quotes and commas")


def test_bibtexparser_logs_nothing_to_the_terminal():
    """bibtexparser logs each failed block; outside pytest (which captures logging) Python would
    print that to stderr, under reader's own one-line warning."""
    code = (
        "import sys; from datetime import date; from reader.ingest import parse_bytes; "
        "r = parse_bytes(sys.stdin.buffer.read(), 'x.bib', date(2024, 6, 1)); print(len(r.warnings))"
    )
    text = GOOD_BEFORE + BROKEN["unclosed brace"] + GOOD_AFTER
    done = subprocess.run([sys.executable, "-c", code], input=text.encode(), capture_output=True, check=True)
    assert done.stdout == b"1\n"
    assert done.stderr == b""


# --- never raises, never a BibTeX line or a field label for a title -----------------------------


def _check(listings, warnings, line_count: int, whole_pipeline: bool = True) -> None:
    """Records and warnings are well formed; what the whole pipeline keeps is never titled with
    a field label or a BibTeX line (a format alone may return such a title only when the file's
    own value says so, e.g. a JSON "title" string, and the pipeline then drops it)."""
    for listing in listings:
        assert listing.title and listing.title == listing.title.strip()
        if whole_pipeline:
            assert not junk_title(listing.title), listing.title
            assert not ENTRY_START.match(listing.title), listing.title
        assert 1 <= listing.line <= max(1, line_count)
        assert all(author and "\n" not in author for author in listing.authors)
    for warning in warnings:
        assert isinstance(warning, ParseWarning) and warning.message and "\n" not in warning.message
        assert 1 <= warning.line <= max(1, line_count)


PIECES = st.sampled_from([
    "@misc{k,", "@article{", "@string{x = ", "@comment{", "title = {", "year = {2020}", "author = ",
    " and others", "}", "{", '"', ",", "#", "=", "\\", "\\\"{o}", "$", "%", "TY  - JOUR", "TI  - ", "AU  - ",
    "ER  -", "[", "]", '{"title": ', '"author": [', '{"id": "2101.03961", ', '"categories": "cs.LG"', "null",
    "title: ", "Authors: ", "\n", "",
])
ANY_TEXT = st.lists(st.one_of(PIECES, st.text(max_size=30)), max_size=40).map("".join)


@SETTINGS
@given(text=ANY_TEXT, suffix=st.sampled_from([".bib", ".ris", ".json", ".jsonl", ".txt"]))
def test_arbitrary_text_never_raises(text, suffix):
    lines = split_lines(text)
    for module in MODULES.values():
        module.sniff(lines, suffix)
        _check(*module.parse(lines, "any" + suffix, REF), len(lines), whole_pipeline=False)
    result = parse_bytes(text.encode("utf-8", "surrogatepass"), "any" + suffix, REF)
    _check(result.listings, result.warnings, len(lines))


MUTATION = st.tuples(
    st.sampled_from(["delete char", "insert", "delete line", "duplicate line", "swap lines", "split line"]),
    st.integers(min_value=0), st.integers(min_value=0),
    st.sampled_from(["{", "}", '"', ",", "@", "=", "#", "\\", "\n", "@misc{x,", "year = {2020}", "ER  -", "TY  - GEN",
                     '"title": "', "]", "{", "null"]),
)


def mutate(lines: list[str], mutations) -> list[str]:
    out = list(lines)
    for kind, a, b, piece in mutations:
        if not out:
            break
        row = a % len(out)
        line = out[row]
        if kind == "delete char" and line:
            col = b % len(line)
            out[row] = line[:col] + line[col + 1 :]
        elif kind == "insert":
            col = b % (len(line) + 1)
            out[row:row + 1] = (line[:col] + piece + line[col:]).split("\n")
        elif kind == "delete line":
            del out[row]
        elif kind == "duplicate line":
            out.insert(row, line)
        elif kind == "swap lines":
            other = b % len(out)
            out[row], out[other] = out[other], out[row]
        elif kind == "split line":
            col = b % (len(line) + 1)
            out[row:row + 1] = [line[:col], line[col:]]
    return out


@SETTINGS
@given(name=st.sampled_from(sorted(MODULES)), mutations=st.lists(MUTATION, min_size=1, max_size=6))
def test_mutated_samples_never_raise_nor_yield_syntax_for_a_title(name, mutations):
    lines = mutate(sample_lines(name), mutations)
    module = MODULES[name]
    _check(*module.parse(lines, name, REF), len(lines), whole_pipeline=False)
    result = parse_bytes("\n".join(lines).encode("utf-8", "surrogatepass"), name, REF)
    _check(result.listings, result.warnings, len(lines))


@pytest.mark.parametrize(
    "name, text",
    [
        ("deep.json", "[" * 100_000),
        ("deep-item.json", '[{"title": "x", "URL": "https://example.org", "note": ' + "[" * 100_000),
        ("deep-line.jsonl", '{"id": "2101.03961", "title": "x", "categories": "cs.LG", "z": ' + "[" * 100_000),
        ("deep-title.bib", "@misc{k, title = {\\\"" + "{" * 5_000 + "o" + "}" * 5_000 + "}}"),
    ],
)
def test_absurdly_deep_nesting_is_a_warning_not_a_crash(name, text):
    lines = split_lines(text)
    for module in MODULES.values():
        module.sniff(lines, Path(name).suffix)
        _check(*module.parse(lines, name, REF), len(lines), whole_pipeline=False)
    result = parse_bytes(text.encode(), name, REF)
    _check(result.listings, result.warnings, len(lines))
    assert result.listings or result.warnings


def test_a_deeply_nested_snapshot_line_is_one_warning_among_good_lines():
    good = '{"id": "2101.03961", "title": "Switch Transformers", "categories": "cs.LG"}'
    deep = '{"id": "x", "title": "y", "z": ' + "[" * 100_000
    found = list(arxiv_snapshot.iter_records([good, deep, good], "deep.jsonl"))
    assert [type(f).__name__ for f in found] == ["Listing", "ParseWarning", "Listing"]
    assert found[1] == ParseWarning("deep.jsonl", 2, "this line is not valid JSON (nested too deeply); it was skipped")


# --- size and streaming -------------------------------------------------------------------------


def test_a_megabyte_of_bibtex_parses_in_seconds():
    entry = SAMPLES.joinpath("library.bib").read_text(encoding="utf-8")
    copies = [re.sub(r"@(\w+)([{(])(\w+)", rf"@\1\2\3x{i}", entry) for i in range(900)]
    data = "".join(copies).encode()
    assert len(data) >= 1_000_000
    start = time.perf_counter()
    result = parse_bytes(data, "big.bib", REF)
    elapsed = time.perf_counter() - start
    assert len(result.listings) == 6 * 900
    assert elapsed < 10, f"{elapsed:.1f}s"


def test_the_snapshot_streams_200k_lines_in_little_memory():
    """iter_records pulls one line at a time and yields its record before the next: the peak
    memory of reading 200,000 lines (about 20 MB of JSON) stays that of a few records."""
    pulled = 0

    def lines():
        nonlocal pulled
        for number in range(200_000):
            pulled += 1
            yield f'{{"id": "2101.{number % 100_000:05d}", "title": "Paper {number}", "categories": "cs.LG"}}\n'

    tracemalloc.start()
    try:
        count = 0
        for found in arxiv_snapshot.iter_records(lines(), "big.json"):
            assert isinstance(found, Listing)
            assert pulled == found.line  # nothing read ahead
            count += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 200_000
    assert peak < 1_000_000, peak
