"""Robustness of the listing parser: encodings, newlines, control characters, broken records,
and lines it cannot place (which must become warnings, never vanish)."""

from __future__ import annotations

from datetime import date

import pytest

from reader.ingest import parse_bytes
from reader.ingest.clean import clean_text
from reader.models import ParseWarning

REF = date(2024, 6, 1)

DATED_LINES = [
    "CLApr 28, 2023",
    "Dissecting Recall of Factual Associations in Auto-Regressive Language ModelsMor Geva, Jasmijn Bastings et al. · deepmind",
    "Transformer-based language models capture factual knowledge. We study how it is retrieved.",
    "CVSep 1, 2022",
    "Visual Prompting via Image InpaintingAmir Bar, Yossi Gandelsman, Trevor Darrell et al. · berkeley",
    "How does one adapt a pre-trained visual model? We pose it as image inpainting.",
    "LGNov 28, 2023",
    "Training Chain-of-Thought via Latent-Variable InferenceDu Phan, Matthew D. Hoffman",
    "Large language models solve problems step by step. We propose a fine-tuning strategy.",
]
DATED_TITLES = [
    "Dissecting Recall of Factual Associations in Auto-Regressive Language Models",
    "Visual Prompting via Image Inpainting",
    "Training Chain-of-Thought via Latent-Variable Inference",
]

COMPACT_LINES = [
    "Get trending papers in your email inbox once a day!",
    "Get trending papers in your email inbox!",
    "SubscribeTraining Energy-Based Normalizing Flow with Score-Matching Objectives",
    "We connect flow-based and energy-based models. We call the result EBFlow.",
    "Likelihood-Based Diffusion Language Models",
    "Diffusion language models lag behind. We close much of the gap.",
    "No Detail Left Behind: Revisiting Self-Retrieval for Fine-Grained Image Captioning",
    "Image captioning systems are unable to generate fine-grained captions. We fix that.",
]
COMPACT_TITLES = [
    "Training Energy-Based Normalizing Flow with Score-Matching Objectives",
    "Likelihood-Based Diffusion Language Models",
    "No Detail Left Behind: Revisiting Self-Retrieval for Fine-Grained Image Captioning",
]

SPACED_LINES = [
    "new",
    "",
    "Get trending papers in your email inbox!",
    "",
    "Subscribe",
    "",
    "byAK and the research community",
    "",
    "Mar 11",
    "",
    COMPACT_LINES[2].removeprefix("Subscribe"),
    "",
    COMPACT_LINES[3],
    "",
    COMPACT_LINES[4],
    "",
    COMPACT_LINES[5],
    "",
    COMPACT_LINES[6],
    "",
    COMPACT_LINES[7],
    "",
]


def parse(data: bytes | str, source: str = "in.txt", reference: date = REF):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return parse_bytes(data, source, reference)


def titles(result) -> list[str]:
    return [listing.title for listing in result.listings]


# --- encodings and newlines --------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_bom_and_newline_conventions(newline, bom):
    for lines, expected in ((DATED_LINES, DATED_TITLES), (COMPACT_LINES, COMPACT_TITLES)):
        data = bom + newline.join(lines).encode("utf-8") + newline.encode()
        result = parse(data)
        assert titles(result) == expected
        assert result.warnings == []
        assert not result.listings[0].title.startswith("\ufeff")


def test_spaced_format_with_crlf_and_bom():
    data = b"\xef\xbb\xbf" + "\r\n".join(SPACED_LINES).encode()
    result = parse(data)
    assert result.format == "spaced"
    assert titles(result) == COMPACT_TITLES


def test_mixed_newlines_in_one_file():
    text = DATED_LINES[0] + "\r\n" + DATED_LINES[1] + "\r" + DATED_LINES[2] + "\n" + "\r\n".join(DATED_LINES[3:])
    result = parse(text)
    assert titles(result) == DATED_TITLES
    assert [listing.line for listing in result.listings] == [1, 4, 7]


def test_trailing_blanks_tabs_and_blank_lines_of_whitespace():
    lines = [line + " \t " for line in DATED_LINES]
    lines.insert(3, " \t ")  # a blank line made of spaces and tabs
    result = parse("\n".join(lines) + "\n\t\n   \n")
    assert titles(result) == DATED_TITLES
    assert result.warnings == []
    assert result.listings[0].abstract == DATED_LINES[2]
    assert result.listings[0].orgs == ("deepmind",)


def test_tabs_inside_a_title_become_spaces():
    text = "CLApr 1, 2023\nSparse\tAttention for\t\tLong DocumentsNia Mensah,\tKofi Boateng\nWe study sparse attention.\n"
    [listing] = parse(text).listings
    assert listing.title == "Sparse Attention for Long Documents"
    assert listing.authors == ("Nia Mensah", "Kofi Boateng")


def test_utf16_file_with_byte_order_mark():
    text = "\n".join(DATED_LINES) + "\n"
    for data in (text.encode("utf-16"), b"\xfe\xff" + text.encode("utf-16-be")):
        result = parse(data)
        assert result.format == "dated"
        assert titles(result) == DATED_TITLES


# --- control characters and normalisation --------------------------------------------------

CONTROLS = (
    [chr(c) for c in range(0x00, 0x20) if chr(c) not in "\t\n\r"]
    + ["\x7f"]
    + [chr(c) for c in range(0x80, 0xA0)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)


@pytest.mark.parametrize("control", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_control_character_is_stripped(control):
    assert clean_text(f"Atten{control}tion") == "Attention"


def test_control_characters_stripped_from_every_field():
    # Not at the start of the data: a NUL there would (rightly) mark the file as binary.
    dirty = "".join(c for c in CONTROLS if c != "\x00")
    lines = [
        "CL" + dirty + "Apr 28, 2023",
        "Robust\u202e Parsing\x1b[31m of\x07 Listings" + dirty + "Ada\u2066 Lovelace\x7f, Alan\x85 Turing · deep\x9bmind",
        "We \x1b]0;pwned\x07strip\u202d control\x0c characters.\x1b[0m",
    ]
    result = parse("\n".join(lines))
    [listing] = result.listings
    assert listing.category == "CL"
    assert listing.published == date(2023, 4, 28)
    assert listing.title == "Robust Parsing of Listings"
    assert listing.authors == ("Ada Lovelace", "Alan Turing")
    assert listing.orgs == ("deepmind",)
    assert listing.abstract == "We strip control characters."
    for field in (listing.title, listing.abstract, *listing.authors, *listing.orgs):
        assert not any(c in field for c in CONTROLS + ["\x1b"])


def test_ansi_escape_sequences_leave_no_residue():
    assert clean_text("\x1b[1;31mBold red\x1b[0m text") == "Bold red text"
    assert clean_text("a\x1b]0;window title\x07b") == "ab"


def test_text_is_nfc_normalised():
    decomposed = "Unsupervised Le\u0301xical Acquisition"
    assert clean_text(decomposed) == "Unsupervised L\u00e9xical Acquisition"
    text = "\n".join(
        [
            "CLApr 1, 2023",
            "Cafe\u0301 Recommendations with Graph NetworksE\u0301mile Durand, Zoe\u0308 Martin",
            "We recommend cafe\u0301s. It works.",
        ]
    )
    [listing] = parse(text).listings
    assert listing.title == "Caf\u00e9 Recommendations with Graph Networks"
    assert listing.authors == ("\u00c9mile Durand", "Zo\u00eb Martin")
    assert listing.abstract == "We recommend caf\u00e9s. It works."
    assert "\u0301" not in listing.abstract


def test_tab_and_newline_survive_cleaning():
    assert clean_text("a\tb") == "a\tb"


# --- missing abstracts do not shift later records --------------------------------------------


def _without(lines: list[str], index: int) -> str:
    return "\n".join(lines[:index] + lines[index + 1 :])


def test_dated_missing_abstract_does_not_shift():
    result = parse(_without(DATED_LINES, 5), source="a.txt")  # drop the 2nd abstract
    assert titles(result) == DATED_TITLES
    first, second, third = result.listings
    assert second.abstract == ""
    assert first.abstract == DATED_LINES[2]
    assert third.abstract == DATED_LINES[8]
    assert ParseWarning("a.txt", 5, "no abstract for “Visual Prompting via Image Inpainting”") in result.warnings


def test_compact_missing_abstract_does_not_shift():
    result = parse(_without(COMPACT_LINES, 5), source="c.txt")  # drop the 2nd abstract
    assert titles(result) == COMPACT_TITLES
    first, second, third = result.listings
    assert (first.abstract, second.abstract, third.abstract) == (COMPACT_LINES[3], "", COMPACT_LINES[7])
    assert [(w.file, w.line) for w in result.warnings] == [("c.txt", 5)]


def test_spaced_missing_abstract_does_not_shift():
    lines = SPACED_LINES[:16] + SPACED_LINES[18:]  # drop the 2nd abstract and its blank
    result = parse("\n".join(lines), source="s.txt")
    assert result.format == "spaced"
    assert titles(result) == COMPACT_TITLES
    first, second, third = result.listings
    assert (first.abstract, second.abstract, third.abstract) == (COMPACT_LINES[3], "", COMPACT_LINES[7])
    assert [(w.file, w.line) for w in result.warnings] == [("s.txt", 15)]


@pytest.mark.parametrize("which", [0, 1, 2])
def test_missing_abstract_anywhere_in_compact_file(which):
    index = 3 + 2 * which
    result = parse(_without(COMPACT_LINES, index))
    assert titles(result) == COMPACT_TITLES
    for k, listing in enumerate(result.listings):
        assert listing.abstract == ("" if k == which else COMPACT_LINES[3 + 2 * k])


def test_dated_missing_title_line_with_long_abstract_is_skipped_with_a_warning():
    abstract = " ".join(["We propose a method. It is good. It is fast."] * 10)
    lines = DATED_LINES[:3] + ["CLMay 2, 2023", abstract] + DATED_LINES[3:]
    result = parse("\n".join(lines), source="d.txt")
    assert titles(result) == DATED_TITLES
    assert any(w.line == 5 and "no title" in w.message for w in result.warnings)


# --- unplaceable lines become warnings --------------------------------------------------------


def test_text_before_the_first_record_is_a_warning():
    result = parse("Some pasted page chrome\n\n" + "\n".join(DATED_LINES), source="chrome.txt")
    assert titles(result) == DATED_TITLES
    assert result.warnings == [ParseWarning("chrome.txt", 1, "text outside any record was skipped")]


def test_extra_line_in_a_dated_record_is_joined_and_warned():
    lines = DATED_LINES[:3] + ["Stray note pasted here"] + DATED_LINES[3:]
    result = parse("\n".join(lines), source="x.txt")
    assert titles(result) == DATED_TITLES
    assert result.listings[0].abstract == DATED_LINES[2] + "\nStray note pasted here"
    assert [(w.file, w.line) for w in result.warnings] == [("x.txt", 4)]
    assert "joined" in result.warnings[0].message


def test_date_line_without_title_is_a_warning():
    lines = DATED_LINES[:3] + ["CVMay 3, 2023"] + DATED_LINES[3:]
    result = parse("\n".join(lines), source="x.txt")
    assert titles(result) == DATED_TITLES
    assert [(w.file, w.line) for w in result.warnings] == [("x.txt", 4)]


def test_compact_orphan_abstract_is_a_warning_or_joined_with_a_warning():
    lines = COMPACT_LINES[:2] + ["An abstract with no title. It is orphaned here."] + COMPACT_LINES[2:]
    result = parse("\n".join(lines), source="o.txt")
    assert titles(result) == COMPACT_TITLES
    assert [(w.file, w.line) for w in result.warnings] == [("o.txt", 3)]
    extra = COMPACT_LINES[:4] + ["A second paragraph of the abstract. It goes on."] + COMPACT_LINES[4:]
    result = parse("\n".join(extra), source="o.txt")
    assert titles(result) == COMPACT_TITLES
    assert result.listings[0].abstract.endswith("\n\nA second paragraph of the abstract. It goes on.")
    assert [(w.file, w.line) for w in result.warnings] == [("o.txt", 5)]


def test_uncertain_byline_split_is_a_warning_and_keeps_the_whole_line():
    text = "CLApr 1, 2023\nan all lowercase byline with no name\nAbstract here.\n"
    result = parse(text, source="u.txt")
    [listing] = result.listings
    assert listing.title == "an all lowercase byline with no name"
    assert [(w.file, w.line) for w in result.warnings] == [("u.txt", 2)]


def test_every_input_line_is_accounted_for():
    # Each non-blank line of a messy file is in some listing or named by a warning.
    lines = [
        "junk before",
        *DATED_LINES[:3],
        "stray after abstract",
        "CVMay 3, 2023",
        *DATED_LINES[3:],
        "an all lowercase trailer",
    ]
    result = parse("\n".join(lines), source="m.txt")
    warned = {w.line for w in result.warnings}
    recorded = {listing.line for listing in result.listings}
    for number, line in enumerate(lines, start=1):
        if not line:
            continue
        inside = any(line in (li.title, li.abstract) or line in li.abstract for li in result.listings)
        assert number in warned or number in recorded or inside or any(
            li.title and li.title in line for li in result.listings
        ), (number, line)


# --- bad bytes, binary, empty ---------------------------------------------------------------


def test_latin1_bytes_warn_and_still_parse():
    text = "\n".join(
        [
            "CLApr 1, 2023",
            "Réseaux de Neurones pour la TraductionÉlodie Lefèvre, François Côté",
            "Nous étudions la traduction. Ça marche.",
        ]
    )
    result = parse(text.encode("latin-1"), source="latin1.txt")
    [listing] = result.listings
    assert listing.title == "Réseaux de Neurones pour la Traduction"
    assert listing.authors == ("Élodie Lefèvre", "François Côté")
    assert listing.abstract == "Nous étudions la traduction. Ça marche."
    [warning] = result.warnings
    assert warning.file == "latin1.txt"
    assert warning.line == 2  # the first line that is not UTF-8
    assert "UTF-8" in warning.message


def test_binary_file_is_a_warning():
    result = parse(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", source="image.png")
    assert result.listings == []
    assert result.format == "binary"
    assert [(w.file, w.line) for w in result.warnings] == [("image.png", 1)]


def test_late_nul_bytes_are_removed_with_a_warning():
    text = "\n".join(DATED_LINES) + "\n"
    data = text.encode() * 1 + b"x" * 9000 + b"\n" + b"abc\x00def\n"
    result = parse(data, source="nul.txt")
    assert titles(result)[:3] == DATED_TITLES
    assert any(w.line == 11 and "NUL" in w.message for w in result.warnings)


@pytest.mark.parametrize("data", [b"", b"\n\n", b"  \r\n\t\r\n", b"\xef\xbb\xbf"])
def test_empty_file(data):
    result = parse(data, source="empty.txt")
    assert result.listings == []
    assert result.format == "empty"
    assert result.warnings == [ParseWarning("empty.txt", 1, "the file is empty")]


def test_one_stray_nul_in_a_text_file_is_removed_with_a_warning():
    lines = list(DATED_LINES)
    lines[5] = lines[5].replace("inpainting", "in\x00painting")
    result = parse("\n".join(lines), source="stray.txt")
    assert result.format == "dated"
    assert titles(result) == DATED_TITLES
    assert result.listings[1].abstract == DATED_LINES[5]
    assert [(w.file, w.line) for w in result.warnings] == [("stray.txt", 6)]
    assert "NUL" in result.warnings[0].message


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 3 0 R /Filter /FlateDecode >>\nstream\n\x78\x9c\x00\x01\x02\x03\x04",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 4,
        "Attention Is All You Need".encode("utf-16-le"),  # UTF-16 with no byte-order mark
        b"\x00" * 64,
    ],
)
def test_binary_files_are_skipped_with_a_warning(data):
    result = parse(data, source="blob.bin")
    assert result.format == "binary"
    assert result.listings == []
    assert [(w.file, w.line) for w in result.warnings] == [("blob.bin", 1)]


@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"])
def test_warning_lines_count_every_newline_convention(newline):
    lines = [line.encode() for line in DATED_LINES]
    latin = lines[:4] + ["Réseaux Neuronaux ProfondsÉlodie Lefèvre".encode("latin-1")] + lines[5:]
    result = parse(newline.join(latin), source="nl.txt")
    assert [(w.line, "UTF-8" in w.message) for w in result.warnings] == [(5, True)]
    stray = lines[:7] + [b"stray\x00nul"] + lines[7:]
    result = parse(newline.join(stray), source="nl.txt")
    assert any(w.line == 8 and "NUL" in w.message for w in result.warnings)
