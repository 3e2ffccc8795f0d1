"""Parser fuzzer: damage one line of a seed file (stray bytes, a character cut in two, a NUL,
the file cut short inside a character) and every record away from the damage keeps its id
and its fields; the damage is reported by line, and a small text with a few NULs is read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.ingest import ParsedFile, paper_id, parse_bytes
from reader.models import Listing

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
REF = date(2024, 6, 1)
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class Seed:
    """A seed file split into lines (newlines kept), with the records it parses to."""

    def __init__(self, name: str, lines: tuple[bytes, ...], listings: tuple[Listing, ...]) -> None:
        self.name, self.lines, self.listings = name, lines, listings

    def __repr__(self) -> str:  # what hypothesis prints of a failing case
        return f"Seed({self.name!r})"

    def spans(self) -> list[tuple[Listing, range]]:
        """Each record with the lines it stands on, and one line either side: a damaged line
        that no longer reads as a record's first line is (rightly) joined to the record
        before it, as any stray line is."""
        ordered = sorted(self.listings, key=lambda listing: listing.line)
        starts = [listing.line for listing in ordered] + [len(self.lines) + 1]
        return [(listing, range(starts[i] - 1, starts[i + 1] + 1)) for i, listing in enumerate(ordered)]


def _load(path: Path) -> Seed:
    data = path.read_bytes()
    return Seed(path.name, tuple(data.splitlines(keepends=True)), tuple(parse_bytes(data, path.name, REF).listings))


SEED_FILES = [_load(path) for path in SEEDS]


def _parse(lines: list[bytes], name: str) -> ParsedFile:
    return parse_bytes(b"".join(lines), name, REF)


def _by_line(result: ParsedFile) -> dict[int, Listing]:
    return {listing.line: listing for listing in result.listings}


def _assert_neighbours_intact(seed: Seed, damaged: ParsedFile, hurt: set[int]) -> None:
    """Every record whose lines miss the damaged ones comes out with the same id and fields."""
    after = _by_line(damaged)
    for listing, lines in seed.spans():
        if hurt & set(lines):
            continue
        twin = after.get(listing.line)
        assert twin is not None, f"{seed.name}: the record of line {listing.line} was lost"
        assert paper_id(twin.title) == paper_id(listing.title), (seed.name, listing.line, twin.title)
        assert twin == listing, (seed.name, listing.line)


def _split(line: bytes) -> tuple[bytes, bytes]:
    body = line.rstrip(b"\r\n")
    return body, line[len(body) :]


bad_bytes = st.lists(
    st.one_of(
        st.sampled_from([b"\xff", b"\xfe", b"\xc3", b"\xe2\x80", b"\x80", b"\xc0\xaf", b"\xed\xa0\x80"]),
        st.binary(min_size=1, max_size=3).filter(lambda b: b"\n" not in b and b"\r" not in b),
    ),
    min_size=1,
    max_size=3,
).map(b"".join)


@pytest.mark.slow
@FUZZ
@given(data=st.data(), junk=bad_bytes)
def test_stray_bytes_in_one_line_leave_other_records_alone(data, junk):
    seed = data.draw(st.sampled_from(SEED_FILES), label="seed")
    number = data.draw(st.integers(1, len(seed.lines)), label="line")
    body, end = _split(seed.lines[number - 1])
    at = data.draw(st.integers(0, len(body)), label="at")
    lines = list(seed.lines)
    damaged = body[:at] + junk + body[at:]
    lines[number - 1] = damaged + end
    result = _parse(lines, seed.name)
    if result.format == "binary":
        # The junk wrote a binary format's magic number (JPEG's FF D8 FF) at the very start:
        # the file is skipped, and said to be, as any image is; nothing else may do that.
        assert (number, at) == (1, 0) and [w.line for w in result.warnings] == [1]
        return
    _assert_neighbours_intact(seed, result, {number})
    if damaged.decode("utf-8", "replace") != damaged.decode("utf-8", "ignore"):
        # Bytes that are not UTF-8: reported on the damaged line and no other.
        assert {w.line for w in result.warnings if "UTF-8" in w.message} == {number}


def _multibyte_positions(seed: Seed) -> list[tuple[int, int, int]]:
    """(line number, offset, length) of every multi-byte character in the seed."""
    found = []
    for number, line in enumerate(seed.lines, start=1):
        if line.isascii():
            continue
        offset = 0
        for char in line.decode("utf-8"):
            size = len(char.encode("utf-8"))
            if size > 1:
                found.append((number, offset, size))
            offset += size
    return found


CHARACTERS = [(seed, spot) for seed in SEED_FILES for spot in _multibyte_positions(seed)]


def test_the_seeds_hold_characters_to_cut():
    assert len({seed.name for seed, _ in CHARACTERS}) >= 2
    assert len(CHARACTERS) > 20


@pytest.mark.slow
@FUZZ
@given(choice=st.sampled_from(CHARACTERS), keep=st.integers(1, 3))
def test_a_character_cut_in_two_inside_a_line_leaves_other_records_alone(choice, keep):
    seed, (number, offset, size) = choice
    keep = min(keep, size - 1)
    lines = list(seed.lines)
    line = lines[number - 1]
    lines[number - 1] = line[: offset + keep] + line[offset + size :]
    _assert_neighbours_intact(seed, _parse(lines, seed.name), {number})


@pytest.mark.slow
@FUZZ
@given(choice=st.sampled_from(CHARACTERS), keep=st.integers(1, 3))
def test_a_file_cut_short_inside_a_character_keeps_every_record_before_the_cut(choice, keep):
    seed, (number, offset, size) = choice
    keep = min(keep, size - 1)
    lines = list(seed.lines[:number])
    lines[-1] = lines[-1][: offset + keep]
    result = _parse(lines, seed.name)
    # The records after the cut are gone with it; the ones before it are untouched.
    cut = Seed(seed.name, seed.lines[:number], tuple(li for li in seed.listings if li.line < number))
    _assert_neighbours_intact(cut, result, {number})
    assert {w.line for w in result.warnings if "UTF-8" in w.message} == {number}


@pytest.mark.slow
@FUZZ
@given(data=st.data(), count=st.integers(1, 3))
def test_a_nul_in_one_line_is_removed_and_every_record_kept(data, count):
    seed = data.draw(st.sampled_from(SEED_FILES), label="seed")
    number = data.draw(st.integers(1, len(seed.lines)), label="line")
    body, end = _split(seed.lines[number - 1])
    at = data.draw(st.integers(0, len(body)), label="at")
    lines = list(seed.lines)
    lines[number - 1] = body[:at] + b"\x00" * count + body[at:] + end
    result = _parse(lines, seed.name)
    # A removed NUL leaves the line as it was: no record changes, not even the damaged one's,
    # unless the NUL cut a character in two (then that line, and only it, is damaged).
    between_characters = body[:at].decode("utf-8", "replace") == body[:at].decode("utf-8", "ignore")
    _assert_neighbours_intact(seed, result, set() if between_characters else {number})
    assert [w.line for w in result.warnings if "NUL" in w.message] == [number]


# --- the cases the probe found --------------------------------------------------------------


def _seed(prefix: str) -> Seed:
    [seed] = [s for s in SEED_FILES if s.name.startswith(prefix)]
    return seed


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda s: s.name[:3])
def test_one_invalid_byte_at_the_end_changes_no_record(seed):
    result = parse_bytes(b"".join(seed.lines) + b"x\xff", seed.name, REF)
    # The bytes land on the last line, or on a line of their own after it.
    _assert_neighbours_intact(seed, result, {len(seed.lines), len(seed.lines) + 1})
    assert not any("Windows-1252" in w.message and "file" in w.message for w in result.warnings)


@pytest.mark.parametrize("mark", [b"\xfe\xff", b"\xff\xfe"])
def test_stray_bytes_like_a_utf16_mark_at_the_start_damage_only_the_first_line(mark):
    seed = _seed("002")  # ASCII only: its bytes also decode as UTF-16 (as garbage)
    result = parse_bytes(mark + b"".join(seed.lines), seed.name, REF)
    _assert_neighbours_intact(seed, result, {1})


def test_llammlein_keeps_its_umlaut_and_its_id():
    seed = _seed("003")
    [before] = [li for li in seed.listings if li.title.startswith("LLäMmlein")]
    result = parse_bytes(b"".join(seed.lines) + b"x\xff", seed.name, REF)
    [after] = [li for li in result.listings if li.line == before.line]
    assert after.title == before.title
    assert paper_id(after.title) == paper_id(before.title)


def test_a_legacy_file_is_still_read_as_windows_1252_with_one_warning():
    text = "CLApr 1, 2023\nRéseaux de NeuronesÉlodie Lefèvre, François Côté\nNous étudions. Ça marche.\n"
    result = parse_bytes(text.encode("cp1252"), "legacy.txt", REF)
    [listing] = result.listings
    assert listing.authors == ("Élodie Lefèvre", "François Côté")
    [warning] = result.warnings
    assert warning.line == 2 and "Windows-1252" in warning.message


def test_a_pasted_legacy_line_among_utf8_ones_is_read_on_its_own():
    lines = [
        "CLApr 1, 2023",
        "Straße der Modelle: Ümläute überallJürgen Müller, Anna Größ",
        "Über alles.",
        "CLApr 2, 2023",
        "Réseaux de NeuronesÉlodie Lefèvre",
        "Nous étudions.",
    ]
    data = "\n".join(lines[:4]).encode() + b"\n" + "\n".join(lines[4:]).encode("cp1252")
    result = parse_bytes(data, "mixed.txt", REF)
    first, second = result.listings
    assert first.authors == ("Jürgen Müller", "Anna Größ")
    assert second.authors == ("Élodie Lefèvre",)
    assert [w.line for w in result.warnings] == [5, 6]


# --- NUL bytes in a small text --------------------------------------------------------------

ONE_RECORD = (
    b"CLApr 28, 2023\n"
    b"Dissecting Recall of Factual Associations in Auto-Regressive Language ModelsMor Geva, Jasmijn Bastings\n"
    b"Transformer-based language models are known to capture factual knowledge in their parameters.\n"
)


def test_a_small_text_with_three_nuls_is_read():
    data = ONE_RECORD.replace(b"Factual", b"Fac\x00tual").replace(b"known", b"kn\x00\x00own")
    assert 200 <= len(data) <= 260 and data.count(b"\x00") == 3
    result = parse_bytes(data, "small.txt", REF)
    assert result.format != "binary"
    [listing] = result.listings
    assert listing.title == "Dissecting Recall of Factual Associations in Auto-Regressive Language Models"
    assert listing.abstract.startswith("Transformer-based language models are known")
    assert [w.line for w in result.warnings if "NUL" in w.message] == [2]


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n" + ONE_RECORD,  # a PDF is binary even when its first KB reads as text
        b"\x89PNG\r\n\x1a\n" + ONE_RECORD,
        b"\x1f\x8b\x08\x00" + ONE_RECORD,
        b"\xff\xd8\xff\xe0" + ONE_RECORD,
        b"PK\x03\x04" + ONE_RECORD,
        "Attention Is All You Need".encode("utf-16-le"),
        b"\x00\x01\x02\x03" * 40,
    ],
    ids=["pdf", "png", "gzip", "jpeg", "zip", "utf16", "controls"],
)
def test_binary_files_are_still_skipped(data):
    result = parse_bytes(data, "blob.bin", REF)
    assert result.format == "binary"
    assert result.listings == []
