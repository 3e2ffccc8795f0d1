"""The parser's shortcuts give what the plain rules give (reader.ingest names, clean, merge).

Each shortcut (ASCII-only paths, skipped candidates, a clean file's lines, a paper of one
listing) is checked against the rule it stands for, written out here the long way. The
byline and merge behaviour itself is pinned by test_ingest_names.py, test_seeds.py and
test_ingest_merge.py; benchmarks/parse_equivalence.py compares whole corpora with the
code before the shortcuts.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.ingest import clean, names
from reader.ingest.merge import _NON_WORD, _merged, merge_group, normalise_title
from reader.models import Listing

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Letters of every case class (caseless CJK and Hangul, title case ǅ), marks, the characters
# that bound a candidate, and particles, so that the rules' edges come up often.
_NAME_TEXT = st.text(
    st.sampled_from(list("aAbBdDeElLnNrRsStTvVyYzZ ..--''’·,&:0ǅßÉéł中王한\u0301\t")) | st.characters(),
    max_size=40,
)
_NAME_WORDS = ["Anna", "Lee", "McDonald", "CLIP", "ImageNet", "Mac", "J.", "OpenAI", "TitleAnna", "ModelsMor", "Jr."]
_WITH_PARTICLES = st.lists(
    st.sampled_from(sorted(names.PARTICLES) + _NAME_WORDS) | _NAME_TEXT, max_size=10
).map(" ".join)


def _candidates_letter_by_letter(part: str) -> set[tuple[int, float]]:
    """Every place where a glued first author could begin, by the rule as first written."""
    found = set()
    for i in range(1, len(part)):
        prev, char = part[i - 1], part[i]
        if prev.isspace() or prev in "-'’":
            continue
        nxt = part[i + 1] if i + 1 < len(part) else ""
        if char.isupper():
            strong = (nxt.islower() or nxt == ".") if prev.isupper() else True
            found.add((i, 0.0 if strong else names._WEAK_BOUNDARY))
        elif names._is_caseless_letter(char) and not names._is_caseless_letter(prev):
            found.add((i, 0.0))
        elif char.islower():
            word = part[i:].split(" ", 1)[0]
            if word in names.PARTICLES and " " in part[i:]:
                found.add((i, 0.3))
    return found


@SETTINGS
@given(_WITH_PARTICLES)
@example("Deep LearningAnna Maria van der Berg Lee Smith")  # a name of seven words
@example("Deep LearningAnna Maria van der Berg Lee Smith Jones")  # too long from Anna on
@example("Learningvan den Oord")
@example("aAnna Lee")  # a candidate at the first place one can be
@example("TitleA" + "n" * 200 + " Lee")  # a runaway name: only a part's last 160 characters are looked at
def test_the_places_a_part_offers_are_every_candidate_that_reads_as_a_name(part):
    # _read_part looks only at the last words that read as names, word by word, through
    # caches and an ASCII regex; it must find every candidate the letter-by-letter rule
    # finds whose name is one, and no other.
    window = max(1, len(part) - names._MAX_NAME_CHARS)
    expected = {
        offset
        for offset, _ in _candidates_letter_by_letter(part)
        if offset >= window and names.name_penalty(part[offset:], True) is not None
    }
    splits = names._read_part(part).splits
    assert {offset for offset, _, _ in splits} == expected
    boundary = dict(_candidates_letter_by_letter(part))
    for offset, lead, title_end in splits:
        assert lead == boundary[offset] + names.name_penalty(part[offset:], True)
        assert title_end == names._title_end_penalty(names._last_word(part, offset))


@SETTINGS
@given(st.lists(st.sampled_from(list("aAzZbB.-'’ \t0") + sorted(names.PARTICLES)), max_size=6).map("".join), st.booleans())
def test_ascii_words_take_the_same_candidates_as_any_word(word, more):
    if word.isascii():
        assert sorted(names._ascii_word_candidates(word, more)) == sorted(names._any_word_candidates(word, more))


@SETTINGS
@given(st.lists(st.sampled_from(["et", "al", "ET", "Al", " ", "  ", ".", ",", "x", "\n"]) | st.characters(), max_size=12)
       .map("".join))
@example("Doe et. al.")
@example("Doe ,  et. Al.")
@example("Doe,et al")
@example("Doeet al.")
def test_et_al_is_stripped_as_the_regex_strips_it(text):
    stripped, count = names._ET_AL.subn("", text)
    assert names._strip_et_al(text) == (stripped, bool(count))


def _split_lines_line_by_line(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [clean.clean_text(line).rstrip() for line in text.split("\n")]


@SETTINGS
@given(st.text(st.sampled_from(list("ab \t\r\n\x1b[31m\x07\x00\x7f\x85\u200f\ufeffe\u0301é\u212b")) | st.characters()))
def test_clean_files_skip_the_per_line_cleaning_with_the_same_lines(text):
    assert clean.split_lines(text) == _split_lines_line_by_line(text)


def _normalise_title_the_long_way(title: str) -> str:
    decomposed = unicodedata.normalize("NFKD", title)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", bare.casefold()).strip()


@SETTINGS
@given(st.text(st.characters(max_codepoint=127)) | st.text(st.sampled_from(list("Aé ß-_İ\u0301ﬁ½Σ")) | st.characters()))
def test_titles_fold_as_nfkd_without_marks_casefolded(title):
    assert normalise_title(title) == _normalise_title_the_long_way(title)


_MAYBE_TEXT = st.sampled_from(["", "x", "10.1/ab", "2101.03961"]) | st.none()
_LISTINGS = st.builds(
    Listing,
    title=st.sampled_from(["", "A Title", "Ünïcode title"]),
    authors=st.lists(st.sampled_from(["Ada", "Bo"]), max_size=2).map(tuple),
    authors_truncated=st.booleans(),
    orgs=st.lists(st.sampled_from(["x", "y", ""]), max_size=3).map(tuple),
    category=_MAYBE_TEXT,
    published=st.none() | st.just(date(2023, 4, 28)),
    badge=_MAYBE_TEXT,
    abstract=st.sampled_from(["", "abstract"]),
    source=st.sampled_from(["", "a.txt"]),
    arxiv=_MAYBE_TEXT,
    doi=_MAYBE_TEXT,
    url=_MAYBE_TEXT,
    year=st.none() | st.sampled_from([0, 2020]),
    journal=_MAYBE_TEXT,
    booktitle=_MAYBE_TEXT,
)


@SETTINGS
@given(_LISTINGS)
def test_a_paper_of_one_listing_is_merged_as_any_group(listing):
    assert merge_group([listing]) == _merged([listing])
