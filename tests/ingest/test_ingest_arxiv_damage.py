"""arXiv pages and digests, damaged: detection, broken entries, mutated samples, size.

A broken entry becomes a warning naming its line and never changes another record; no
record is ever titled with a field label, an `arXiv:` line or page chrome.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.ingest import arxiv_digest, arxiv_listing, arxiv_search, parse_bytes
from reader.ingest.clean import split_lines
from reader.ingest.formats import junk_title

SAMPLES = Path(__file__).parent / "samples"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"
REF = date(2025, 6, 1)
ALL_SAMPLES = sorted(p.name for p in SAMPLES.glob("arxiv_*.txt"))
MODULES = {"arxiv-listing": arxiv_listing, "arxiv-search": arxiv_search, "arxiv-digest": arxiv_digest}
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def sample_lines(name: str) -> list[str]:
    return split_lines(SAMPLES.joinpath(name).read_bytes().decode("utf-8"))


def parse_lines(lines: list[str], source: str = "damaged.txt"):
    return parse_bytes("\n".join(lines).encode("utf-8"), source, REF)


def unnumbered(listings, lines: list[str]) -> list:
    """The records without their line numbers, once each number is checked to be its arXiv line's
    (a line dropped or added above a record moves it)."""
    for listing in listings:
        assert f"arXiv:{listing.arxiv}" in lines[listing.line - 1], listing.line
    return [replace(listing, line=0) for listing in listings]


# --- detection ----------------------------------------------------------------------------------

BIBTEX = """@article{fedus2021switch,
  title={Switch Transformers: Scaling to Trillion Parameter Models with Simple and Efficient Sparsity},
  author={Fedus, William and Zoph, Barret and Shazeer, Noam},
  journal={arXiv preprint arXiv:2101.03961},
  eprint={2101.03961},
  year={2021}
}
"""
RIS = """TY  - JOUR
T1  - Attention Is All You Need
AU  - Vaswani, Ashish
AU  - Shazeer, Noam
UR  - https://arxiv.org/abs/1706.03762
PY  - 2017
ER  -
"""
CSL_JSON = json.dumps([{"id": "vaswani2017", "type": "article", "title": "Attention Is All You Need",
                        "author": [{"family": "Vaswani", "given": "Ashish"}], "URL": "arXiv:1706.03762"}], indent=2)
SNAPSHOT = json.dumps({"id": "2101.03961", "submitter": "William Fedus", "authors": "William Fedus, Barret Zoph",
                       "title": "Switch Transformers", "categories": "cs.LG cs.AI", "abstract": "  In deep ..."})


@pytest.mark.parametrize("name", ALL_SAMPLES)
def test_each_sample_is_claimed_surely_by_its_own_format_alone(name):
    lines = sample_lines(name)
    own = parse_lines(lines).format
    assert MODULES[own].sniff(lines, ".txt") >= 0.8
    for other, module in MODULES.items():
        if other != own:
            assert module.sniff(lines, ".txt") < 0.3, other


@pytest.mark.parametrize("text", [
    *(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))), BIBTEX, RIS, CSL_JSON, SNAPSHOT,
], ids=[*(p.name for p in sorted(SEEDS.glob("*.txt"))), "bibtex", "ris", "csl-json", "snapshot"])
def test_other_formats_are_not_claimed(text):
    lines = split_lines(text)[:400]
    for name, module in MODULES.items():
        assert module.sniff(lines, ".txt") == 0.0, name


# --- one broken entry ---------------------------------------------------------------------------

HEADING = re.compile(
    r"^(?:New submissions|Cross submissions|Replacement submissions|Replacements|Showing new listings|"
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), |-{20,}|%%)"
)


def entry_ranges(name: str) -> list[tuple[int, int]]:
    """Each record's lines as 0-based [start, end): from its arXiv line to the next record's, headings
    and page chrome between entries left out."""
    lines = sample_lines(name)
    starts = [li.line - 1 for li in parse_lines(lines).listings]
    ranges = []
    for start, following in zip(starts, [*starts[1:], len(lines)]):
        end = start + 1
        while end < following and not (HEADING.match(lines[end]) or arxiv_listing.is_chrome(lines[end])):
            end += 1
        ranges.append((start, end))
    return ranges


def _line_with(lines, start, end, needle):
    return next(i for i in range(start, end) if needle in lines[i])


def damage(kind: str, lines: list[str], start: int, end: int, title: str, author: str) -> list[str]:
    out = list(lines)
    title_at = _line_with(lines, start, end, title[:20])
    if kind == "no title":
        del out[title_at]
    elif kind == "no arXiv line":
        del out[start]
    elif kind == "cut arXiv line":
        out[start] = lines[start][: lines[start].index("arXiv:") + 9]
    elif kind == "no authors":
        del out[_line_with(lines, title_at + 1, end, author)]
    elif kind == "no subjects":
        del out[next(i for i in range(start, end) if lines[i].startswith(("Subjects:", "Categories:", "Submitted")))]
    elif kind == "title twice":
        out.insert(title_at, lines[title_at])
    elif kind == "garbage":
        out.insert(title_at + 1, "#@! garbage ¤¤ line")
    return out


KINDS = ["no title", "no arXiv line", "cut arXiv line", "no authors", "no subjects", "title twice", "garbage"]
SKIPPED = {"no title", "no arXiv line", "cut arXiv line"}


@pytest.mark.parametrize("name", ALL_SAMPLES)
@pytest.mark.parametrize("kind", KINDS)
def test_a_broken_entry_is_a_warning_and_leaves_every_other_record_as_it_was(name, kind):
    lines = sample_lines(name)
    intact = parse_lines(lines).listings
    assert len(intact) >= 2 and len(entry_ranges(name)) == len(intact)
    for index, (start, end) in enumerate(entry_ranges(name)):
        record = intact[index]
        damaged = damage(kind, lines, start, end, record.title, record.authors[0])
        result = parse_lines(damaged)
        others = [li for li in result.listings if li.arxiv != record.arxiv]
        assert unnumbered(others, damaged) == unnumbered(intact[:index] + intact[index + 1 :], lines), (kind, index)
        if kind in SKIPPED:
            assert len(result.listings) == len(intact) - 1
            # The warning names a line of this entry (numbered in the damaged file).
            assert any(start + 1 <= w.line <= end + 1 for w in result.warnings), result.warnings
        if kind in SKIPPED or kind == "no authors":
            assert result.warnings, (kind, index)
        assert_no_junk_titles(result)


def test_an_entry_with_no_title_names_its_arxiv_line():
    lines = sample_lines("arxiv_new_cs_CL.txt")
    del lines[lines.index("Title: Thoughts Are All Over the Place: On the Underthinking of o1-Like LLMs")]
    result = parse_lines(lines, "cs.txt")
    assert [li.arxiv for li in result.listings] == ["2501.19393", "2501.00663", "1706.03762", "2305.18290"]
    [warning] = [w for w in result.warnings if "title" in w.message]
    assert (warning.file, warning.line) == ("cs.txt", 22)
    assert "arXiv:2501.18585" in warning.message and "skipped" in warning.message


# --- mutated samples ----------------------------------------------------------------------------

GARBAGE = [
    "Title:", "Title: ", "Authors:", "Authors: Ada Lovelace", "Subjects: Computation and Language (cs.CL)",
    "Comments: 5 pages", "Journal-ref:", "DOI: 10.1000/xyz", "Report-no: X-1", "Categories: cs.LG",
    "Abstract: short… ▽ More", "full △ Less", "▽ More", "△ Less", "Submitted 1 January, 2020; originally announced",
    "et al. (3 additional authors not shown)", "\\\\", "\\\\ ( https://arxiv.org/abs/2412.99997 ,  1kb)",
    "arXiv:", "arXiv:2412.9", "[3] arXiv:2412.99999 [pdf, other]", "arXiv:2412.99998  [pdf, other]  cs.LG",
    "arXiv:2412.99996 (*cross-listing*)", "Date: Mon, 3 Feb 2025 18:59:59 GMT   (42kb)",
    "replaced with revised version Mon, 3 Feb 2025 10:00:00 GMT", "-" * 78, "%%--%%--%%--%%",
    "Total of 3 entries", "About", "Previous Next", "Showing 1–50 of 1,234 results for all: x",
    "New submissions (showing 1 of 1 entries)", "Replacement submissions (showing 1 of 1 entries)",
    "Fri, 31 Jan 2025 (showing 1 of 1 entries)", "Showing new listings for Monday, 3 February 2025", "", "   ",
]
LINE_TEXT = st.text(st.characters(blacklist_characters="\r\n", blacklist_categories=("Cs",)), max_size=60)
FAR_GARBAGE = [g for g in GARBAGE if not HEADING.match(g) and "Showing" not in g]


def apply(lines: list[str], kind: str, at: int, extra: int, junk: str) -> list[str]:
    out = list(lines)
    at = min(at, len(out) - 1)
    if kind == "drop":
        del out[at]
    elif kind == "duplicate":
        out.insert(at, out[at])
    elif kind == "truncate":
        out[at] = out[at][: extra % (len(out[at]) + 1)]
    else:
        out.insert(at, junk)
    return out


def assert_no_junk_titles(result) -> None:
    for listing in result.listings:
        title = listing.title
        assert title and title == title.strip()
        assert not junk_title(title), title
        assert not re.match(r"^(?:\[\d+\]\s*)?arxiv:", title, re.IGNORECASE), title
        assert not arxiv_listing.is_chrome(title) and not HEADING.match(title), title
        assert not title.startswith(("\\\\", "Submitted ", "▽", "△")), title


mutation = st.tuples(
    st.sampled_from(["drop", "duplicate", "truncate", "insert"]),
    st.integers(min_value=0, max_value=200),
    st.integers(min_value=0, max_value=400),
    st.one_of(st.sampled_from(GARBAGE), LINE_TEXT),
)


@SETTINGS
@given(name=st.sampled_from(ALL_SAMPLES), mutations=st.lists(mutation, min_size=1, max_size=6))
def test_mutated_samples_never_raise_nor_yield_a_label_as_a_title(name, mutations):
    lines = sample_lines(name)
    for kind, at, extra, junk in mutations:
        lines = apply(lines, kind, at, extra, junk)
    result = parse_lines(lines, name)
    assert_no_junk_titles(result)
    for item in [*result.listings, *result.warnings]:
        assert 1 <= item.line <= len(lines)
    for listing in result.listings:
        assert listing.source == name and listing.arxiv and listing.url.endswith(listing.arxiv)


@SETTINGS
@given(
    name=st.sampled_from(ALL_SAMPLES),
    which=st.integers(min_value=0, max_value=10),
    kind=st.sampled_from(["drop", "duplicate", "truncate", "insert"]),
    offset=st.integers(min_value=0, max_value=60),
    extra=st.integers(min_value=0, max_value=400),
    junk=st.one_of(st.sampled_from(FAR_GARBAGE), LINE_TEXT),
)
def test_one_mutated_entry_leaves_the_others_as_they_were(name, which, kind, offset, extra, junk):
    lines = sample_lines(name)
    intact = parse_lines(lines).listings
    ranges = entry_ranges(name)
    assert len(ranges) == len(intact) >= 2
    which %= len(ranges)
    start, end = ranges[which]
    # An insertion goes after the entry's arXiv line; other mutations may hit it.
    first = start + 1 if kind == "insert" else start
    at = first + offset % max(1, end - first)
    mutated = apply(lines, kind, at, extra, junk)
    result = parse_lines(mutated)
    assert_no_junk_titles(result)
    damaged = intact[which].arxiv
    others = [li for li in result.listings if li.arxiv in {x.arxiv for x in intact} - {damaged}]
    assert unnumbered(others, mutated) == unnumbered(intact[:which] + intact[which + 1 :], lines)


# --- size ---------------------------------------------------------------------------------------


def big_page(entries: int) -> bytes:
    """A /new page of about `entries` entries built from the sample's, each with an id of its own."""
    lines = sample_lines("arxiv_new_cs_CL.txt")
    (start, _), *_, (last, _) = entry_ranges("arxiv_new_cs_CL.txt")
    header, body = lines[:start], lines[start:last]
    out, number = list(header), 0
    for _ in range(entries // 4):  # the sample's first four entries, headings between them
        for line in body:
            found = re.match(r"^\[\d+\] arXiv:\S+", line)
            if found:
                number += 1
                line = f"[{number}] arXiv:2502.{number:05d}" + line[found.end():]
            out.append(line)
    return "\n".join(out).encode("utf-8")


def test_a_page_of_thousands_of_entries_parses_whole_and_in_linear_time():
    small, large = big_page(600), big_page(2400)
    started = time.perf_counter()
    small_result = parse_bytes(small, "small.txt", REF)
    small_time = time.perf_counter() - started
    started = time.perf_counter()
    result = parse_bytes(large, "large.txt", REF)
    large_time = time.perf_counter() - started
    assert len(result.listings) == large.count(b"] arXiv:2502.") == 4 * len(small_result.listings) > 2000
    assert result.warnings == []
    # Four times the text costs about four times the time; a quadratic parse would cost sixteen.
    assert large_time < 10 * small_time + 1.0
