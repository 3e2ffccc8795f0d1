"""Split a format-1 line `TitleFirst Author, Second Author et al. · org` into its parts.

The title and the first author are glued together with no separator. Every place where
a name could begin is a candidate; each candidate is scored by how name-like the author
side is, how word-like the title side ends, and whether the later authors all read as
names. The best-scoring candidate wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

PARTICLES = frozenset(
    "van von der den de del della degli dei di da das dos do du la las le los lo ten ter te "
    "bin binti ibn al el y e zu zur af av vom ben bar wa st.".split()
)
# Particles that join two surnames (García y Pérez) and never open a name.
_JOINING_PARTICLES = frozenset({"y", "e"})
SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())
# Surname prefixes that carry a second capital: McDonald, LeCun, DiCaprio, O'Brien.
_PREFIX = r"(?:Mc|Mac|Fitz|De|Di|Da|Du|Le|La|Van|Von|Ten|Ter|O['’])"
_PREFIXED = re.compile(rf"^{_PREFIX}(?=[^\W\d_])")
_BARE_PREFIX = re.compile(rf"^{_PREFIX}$")
_INITIALS = re.compile(r"^(?:[^\W\d_]\.-?)+[^\W\d_]?\.?$")
# A middle dot with a space on at least one side: `et al. · deepmind`, but not the
# Catalan `l·l` inside a word (Marcel·lí, Paral·lel).
_ORG_SEPARATOR = re.compile(r"\s+·\s*|\s*·\s+")
_ET_AL = re.compile(r",?\s*\bet\.? al\.?$", re.IGNORECASE)
_BAD_CHARS = re.compile(r"[:;?!()\[\]{}\"“”/\\|<>=+*#%$^~`]")
_AND = re.compile(r"\s+(?:and|&)\s+")
_ELIDED = re.compile(r"^[^\W\d_]{1,2}['’]")
_ELISION_MARKS = re.compile(r"['’·]")
_WORD_CHARS = re.compile(r"[\w.-]+")
_TITLE_ENDS_CAMEL = re.compile(r"[a-z][A-Z][a-z]+$")
# A capital after a character that is not a space, hyphen or apostrophe (a glued name's start).
_CAPITAL_AFTER = re.compile(r"[^\s'’-](?=[A-Z])")
_LONGEST_PARTICLE = max(map(len, PARTICLES))
# Entries of the per-word caches: words repeat across papers (names, title words).
_CACHED_WORDS = 1 << 13

# Kinds of word that do not make a name on their own.
_NOT_NAMES_ALONE = frozenset({"particle", "suffix", "symbol"})

# Penalties: lower is better.
_FIRST_TOKEN_PENALTY = {
    "plain": 0.0,
    "initial": 0.0,
    "caseless": 0.0,
    "prefixed": 0.1,
    "caps": 0.3,
    "camel": 0.3,  # only when the name is one token (OpenAI, DeepSeek-AI)
    "particle": 0.6,
}
_CAMEL_IN_LONGER_NAME = 2.0  # a camel-case word opening a longer name: `ModelsMor Geva`
_CAMEL_LATER_IN_NAME = 0.2  # a camel-case word later in the name: `Google DeepMind`
_SINGLE_WORD_NAME = 0.3  # one plain word (`Mausam`) is a rarer first author than two
_LONG_NAME = 0.25  # per word past three (particles not counted): names are short
_PER_WORD = 0.02  # otherwise equal splits: the shorter name keeps title words in the title
_TITLE_ENDS_MID_WORD = 0.5
_WEAK_BOUNDARY = 1.5
_BAD_LATER_AUTHOR = 5.0
# Longer than any name of at most seven words; bounds the work on a runaway line.
_MAX_NAME_CHARS = 160
_MAX_TITLE_COMMAS = 32


@dataclass(frozen=True)
class Byline:
    """The parts of one title+authors line."""

    title: str
    authors: tuple[str, ...]
    authors_truncated: bool
    orgs: tuple[str, ...]
    certain: bool  # False when no split point read as a name


def _is_caseless_letter(char: str) -> bool:
    return char.isalpha() and not char.isupper() and not char.islower()


def _is_lower_run(text: str) -> bool:
    return bool(text) and text.isalpha() and text.islower()


def _segment_is_capitalised(segment: str) -> bool:
    """One hyphen-free piece of a name word: `Anna`, `O'Brien`, `Thiong'o`, `Marcel·lí`, `Ó`."""
    if len(segment) <= 1:
        return segment.isupper()  # an initial; an empty piece (`A--B`, `Anna-`) is not a name
    if not segment[0].isupper():
        return False
    # An elided prefix before a capital: O'Brien, D'Arcy, N'Diaye.
    elided = _ELIDED.match(segment)
    if elided and segment[elided.end() :][:1].isupper():
        return _segment_is_capitalised(segment[elided.end() :])
    # Otherwise lowercase letters, with apostrophes or middle dots between them.
    return all(_is_lower_run(run) for run in _ELISION_MARKS.split(segment[1:]))


def _is_prefixed(token: str) -> bool:
    """A surname whose prefix carries a second capital: McDonald, LeCun, DiCaprio, MacGregor."""
    match = _PREFIXED.match(token)
    if not match:
        return False
    rest = token[match.end() :]
    return rest[:1].isupper() and all(
        _segment_is_capitalised(s) for s in rest.split("-")
    )


@lru_cache(maxsize=_CACHED_WORDS)
def token_kind(token: str) -> str | None:
    """Classify one word of a name; None when it cannot be part of a name."""
    if not token or _BAD_CHARS.search(token):
        return None
    lower = token.lower()
    if token in PARTICLES or (lower in PARTICLES and token == lower):
        return "particle"
    if lower in SUFFIXES:
        return "suffix"
    if token in {"@", "&"}:
        return "symbol"
    if all(_is_caseless_letter(c) or c in "·-'’." for c in token) and any(
        _is_caseless_letter(c) for c in token
    ):
        return "caseless"
    if not token[0].isupper():
        # d'Ascoli, al-Hassan
        head, sep, tail = token.partition("'") if "'" in token else token.partition("-")
        if sep and head.lower() in {"d", "l", "dell", "al", "el"} and tail[:1].isupper():
            return "plain"
        return None
    if _INITIALS.match(token) and "." in token:
        return "initial"
    segments = token.split("-")
    if all(_segment_is_capitalised(s) for s in segments) and len(token) > 1:
        return "plain"
    if _is_prefixed(token):
        return "prefixed"
    letters = [c for c in token if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and _WORD_CHARS.fullmatch(token):
        return "caps" if len(letters) > 1 else "initial"
    if len(token) > 1 and token[1].islower() and _WORD_CHARS.fullmatch(token):
        return "camel"  # OpenAI, DeepSeek-AI, DeepMind
    return None


def name_penalty(name: str, first: bool) -> float | None:
    """How unusual `name` is as an author name; None when it cannot be one."""
    return _words_penalty(name.split(" "), first)


def _words_penalty(tokens: list[str], first: bool) -> float | None:
    """name_penalty of the name made of these words."""
    if not 1 <= len(tokens) <= 7:
        return None
    kinds = list(map(token_kind, tokens))
    if None in kinds or kinds[-1] == "particle" or _NOT_NAMES_ALONE.issuperset(kinds):
        return None
    if not first:
        return 0.5 if len(tokens) > 1 and "camel" in kinds else 0.0
    if kinds[0] == "particle" and tokens[0] in _JOINING_PARTICLES:
        return None
    penalty = _FIRST_TOKEN_PENALTY.get(kinds[0], 1.0)
    if len(tokens) > 1:
        if kinds[0] == "camel":
            penalty += _CAMEL_IN_LONGER_NAME
        elif "camel" in kinds:
            penalty += _CAMEL_LATER_IN_NAME
        if kinds[0] == "caps":
            penalty += 0.2
    elif kinds[0] == "plain":
        penalty += _SINGLE_WORD_NAME
    words = len(kinds) - kinds.count("particle")
    return penalty + _LONG_NAME * max(0, words - 3) + _PER_WORD * len(tokens)


@lru_cache(maxsize=_CACHED_WORDS)
def _word_candidates(word: str, more: bool) -> tuple[tuple[int, float], ...]:
    """Offsets in one word of a part where a glued first author could begin, each with a
    boundary penalty (never at the word's start: a name after a space is no glued one);
    `more` when another word follows in the part."""
    return _ascii_word_candidates(word, more) if word.isascii() else _any_word_candidates(word, more)


def _any_word_candidates(word: str, more: bool) -> tuple[tuple[int, float], ...]:
    """_word_candidates, letter by letter."""
    found = []
    for i in range(1, len(word)):
        prev, char = word[i - 1], word[i]
        if prev.isspace() or prev in "-'’":
            continue
        if char.isupper():
            if prev.isupper():
                # CLIPDavid: the acronym ends where a capitalised word begins.
                nxt = word[i + 1 : i + 2]
                strong = nxt.islower() or nxt == "."
            else:
                strong = True
            found.append((i, 0.0 if strong else _WEAK_BOUNDARY))
        elif _is_caseless_letter(char) and not _is_caseless_letter(prev):
            found.append((i, 0.0))
        elif char.islower() and more and word[i:] in PARTICLES:
            # A first author that opens with a particle: `Learningvan den Oord`, `Mirage?van`.
            found.append((i, 0.3))
    return tuple(found)


def _ascii_word_candidates(word: str, more: bool) -> tuple[tuple[int, float], ...]:
    """_word_candidates of an ASCII word, where no letter is caseless: each capital after a
    character that is not a space, hyphen or apostrophe, and each particle that ends the word."""
    found = []
    for match in _CAPITAL_AFTER.finditer(word):
        i = match.end()
        strong = not word[i - 1].isupper() or word[i + 1 : i + 2].islower() or word[i + 1 : i + 2] == "."
        found.append((i, 0.0 if strong else _WEAK_BOUNDARY))
    if more:
        for i in range(max(1, len(word) - _LONGEST_PARTICLE), len(word)):
            if word[i:] in PARTICLES and not (word[i - 1].isspace() or word[i - 1] in "-'"):
                found.append((i, 0.3))
    return tuple(found)


def _first_name_word(words: list[str]) -> int:
    """The earliest of a part's words that the first author can begin in. A name is at most
    seven words and each is a name word, so it begins in one of the last seven words, and
    every word after the one it begins in is a name word."""
    for back, word in enumerate(reversed(words)):
        if back == 6 or token_kind(word) is None:
            return len(words) - 1 - back
    return 0


def _splits(part: str, words: list[str], start: int):
    """Each offset in `part` (from `start` on) where the first author could begin, with its
    boundary penalty and the words of the name that would begin there; `words` are the
    part's words."""
    first = _first_name_word(words)
    offset = sum(map(len, words[:first])) + first  # where words[first] begins
    last = len(words) - 1
    for n in range(first, len(words)):
        word = words[n]
        for i, boundary in _word_candidates(word, n < last):
            if offset + i >= start:
                yield offset + i, boundary, [word[i:], *words[n + 1 :]]
        offset += len(word) + 1


def _last_word(part: str, offset: int, longest: int = 64) -> str:
    """The title's last word when the first author starts at `offset` (candidates never
    follow a space, so it lies in this part); only its last `longest` characters."""
    low = max(0, offset - longest)
    space = part.rfind(" ", low, offset)
    return part[space + 1 if space >= 0 else low : offset]


@lru_cache(maxsize=_CACHED_WORDS)
def _title_end_penalty(last: str) -> float:
    """Penalise a split that leaves the title ending in half a word (`…ImageNet` cut as
    `…Image` + `Net…`, or `Mac` + `Gregor`); `last` is the title's last word."""
    if _TITLE_ENDS_CAMEL.search(last) and not _is_prefixed(last):
        return _TITLE_ENDS_MID_WORD
    if _BARE_PREFIX.match(last):
        return _TITLE_ENDS_MID_WORD  # `Callum Mac` + `Gregor`: a split inside MacGregor
    return 0.0


class _Part(NamedTuple):
    """What a comma-separated part of a byline offers, whatever the other parts are."""

    later: float | None  # its name_penalty as a later author (None for the first part too)
    text_from: int | None  # where its text begins (None: only punctuation)
    # Where the first author could begin in it: (offset, boundary + name penalty, title-end penalty).
    splits: tuple[tuple[int, float, float], ...]


def _read_part(part: str, opening: bool = False) -> _Part:
    """What `part` offers; the `opening` part is never a later author."""
    words = part.split(" ")
    splits = []
    # A name is a few words: only the tail of a part can hold the first author.
    for offset, boundary, name in _splits(part, words, max(1, len(part) - _MAX_NAME_CHARS)):
        first = _words_penalty(name, True)
        if first is not None:
            splits.append((offset, boundary + first, _title_end_penalty(_last_word(part, offset))))
    text_from = next((i for i, c in enumerate(part) if c.isalnum()), None)
    return _Part(None if opening else _words_penalty(words, False), text_from, tuple(splits))


# The later parts are author names, which recur from paper to paper.
_read_author_part = lru_cache(maxsize=_CACHED_WORDS)(_read_part)


def _split_and(authors: list[str]) -> list[str]:
    """`A, B and C`: split the last author on `and`/`&` when both sides are names."""
    if not authors or not ("and" in authors[-1] or "&" in authors[-1]):
        return authors
    pieces = _AND.split(authors[-1])
    if len(pieces) > 1 and all(name_penalty(p, False) is not None for p in pieces):
        return authors[:-1] + pieces
    return authors


def _strip_et_al(text: str) -> tuple[str, bool]:
    """`text` without the `et al.` that ends it (_ET_AL), and whether there was one. The match
    is at most `, et. al.` with more spaces: the regex is tried on the tail that can hold it."""
    start = max(0, len(text) - 8)
    while start and (text[start - 1].isspace() or text[start - 1] == ","):
        start -= 1
    found = _ET_AL.search(text, start)
    return (text[: found.start()] + text[found.end() :], True) if found else (text, False)


def split_byline(line: str) -> Byline:
    """Split a glued `TitleAuthors et al. · orgs` line."""
    text = " ".join(line.split())
    orgs: tuple[str, ...] = ()
    pieces = _ORG_SEPARATOR.split(text) if "·" in text else [text]
    if len(pieces) > 1 and pieces[-1]:
        orgs = tuple(o.strip() for o in pieces[-1].split(",") if o.strip())
        text = " · ".join(pieces[:-1])
    # A separator left after the list (`Jane Doe,`, `et al.;`) belongs to no name.
    text, truncated = _strip_et_al(text.rstrip(" ,;"))
    text = text.rstrip(" ,;")
    parts = text.split(", ")

    # The first author is in one of the first few comma-separated parts (a title has few
    # commas). What the later authors cost is summed from the end; the authors past those
    # parts cost every candidate the same, so they are left out of the sums.
    considered = min(len(parts), _MAX_TITLE_COMMAS + 1)
    read = [_read_part(parts[0], opening=True)] + [_read_author_part(part) for part in parts[1 : considered + 1]]
    later_penalty = [0.0] * (considered + 1)
    for k in range(min(len(parts) - 1, considered), 0, -1):
        penalty = read[k].later
        later_penalty[k - 1] = later_penalty[k] + (_BAD_LATER_AUTHOR if penalty is None else penalty)
    title_has_text = False  # whether parts[:k] hold anything but punctuation

    best: tuple[float, int, int] | None = None
    for k in range(considered):
        _, text_from, splits = read[k]
        for offset, lead, title_end in splits:
            if not (title_has_text or (text_from is not None and text_from < offset)):
                continue
            # The sum in the order of boundary + first + later + title_end, as first written.
            key = (lead + later_penalty[k] + title_end, k, offset)
            if best is None or key < best:
                best = key
        title_has_text = title_has_text or text_from is not None
    if best is None:
        return Byline(text.strip(), (), truncated, orgs, certain=False)
    _, k, offset = best
    title = ", ".join(parts[:k] + [parts[k][:offset]]).strip()
    authors = _split_and([parts[k][offset:]] + parts[k + 1 :])
    # `Ada Lovelace, , Alan Turing`: an empty place in the list is no author.
    authors = [author.strip() for author in authors if author.strip()]
    return Byline(title, tuple(authors), truncated, orgs, certain=True)
