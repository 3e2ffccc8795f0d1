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
# Where an all-ASCII part can hold a candidate: after a character that is not a space, hyphen
# or apostrophe, a capital or a particle followed by a space (see _candidates).
_ASCII_CANDIDATE = re.compile(
    r"(?<=[^\s'’-])(?=[A-Z]|(?:"
    + "|".join(re.escape(p) for p in sorted(PARTICLES, key=len, reverse=True))
    + ") )"
)
# Entries of the per-word caches: words repeat across papers (names, title words).
_CACHED_WORDS = 1 << 15

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
    tokens = name.split(" ")
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


def _candidates(part: str, start: int = 1):
    """Offsets in `part` (from `start` on) where a glued first author could begin,
    each with a boundary penalty."""
    if part.isascii():
        yield from _ascii_candidates(part, start)
        return
    for i in range(max(1, start), len(part)):
        prev, char = part[i - 1], part[i]
        if prev.isspace() or prev in "-'’":
            continue
        if char.isupper():
            if prev.isupper():
                # CLIPDavid: the acronym ends where a capitalised word begins.
                nxt = part[i + 1 : i + 2]
                strong = nxt.islower() or nxt == "."
            else:
                strong = True
            yield i, 0.0 if strong else _WEAK_BOUNDARY
        elif _is_caseless_letter(char) and not _is_caseless_letter(prev):
            yield i, 0.0
        elif char.islower():
            # A first author that opens with a particle: `Learningvan den Oord`, `Mirage?van`.
            space = part.find(" ", i)
            if space >= 0 and part[i:space] in PARTICLES:
                yield i, 0.3


def _ascii_candidates(part: str, start: int):
    """_candidates for a part that is all ASCII (where no letter is caseless), found by a regex."""
    for match in _ASCII_CANDIDATE.finditer(part, max(1, start)):
        i = match.start()
        if part[i].isupper():
            strong = not part[i - 1].isupper() or part[i + 1 : i + 2].islower() or part[i + 1 : i + 2] == "."
            yield i, 0.0 if strong else _WEAK_BOUNDARY
        else:
            yield i, 0.3


def _name_region(part: str) -> int:
    """Where in `part` the first author can begin at the earliest. A name is at most seven
    words and each is a name word, so it begins inside one of the last seven words, and
    every word after the one it begins in is a name word."""
    offset = len(part) + 1
    for count, word in enumerate(reversed(part.split(" ")), start=1):
        offset -= len(word) + 1  # where this word begins
        if count == 7 or token_kind(word) is None:
            return offset
    return 0


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


def _split_and(authors: list[str]) -> list[str]:
    """`A, B and C`: split the last author on `and`/`&` when both sides are names."""
    if not authors:
        return authors
    pieces = _AND.split(authors[-1])
    if len(pieces) > 1 and all(name_penalty(p, False) is not None for p in pieces):
        return authors[:-1] + pieces
    return authors


def split_byline(line: str) -> Byline:
    """Split a glued `TitleAuthors et al. · orgs` line."""
    text = " ".join(line.split())
    orgs: tuple[str, ...] = ()
    pieces = _ORG_SEPARATOR.split(text) if "·" in text else [text]
    if len(pieces) > 1 and pieces[-1]:
        orgs = tuple(o.strip() for o in pieces[-1].split(",") if o.strip())
        text = " · ".join(pieces[:-1])
    # A separator left after the list (`Jane Doe,`, `et al.;`) belongs to no name.
    text = text.rstrip(" ,;")
    # _ET_AL ends in `al` or `al.`: other last characters spare the regex its scan.
    text, truncated = _ET_AL.subn("", text) if text[-1:] in ".lL" or not text[-1:].isascii() else (text, 0)
    text = text.rstrip(" ,;")
    parts = text.split(", ")

    # The first author is in one of the first few comma-separated parts (a title has few
    # commas). What the later authors cost is summed from the end; the authors past those
    # parts cost every candidate the same, so they are left out of the sums.
    considered = min(len(parts), _MAX_TITLE_COMMAS + 1)
    later_penalty = [0.0] * (considered + 1)
    for k in range(min(len(parts) - 1, considered), 0, -1):
        penalty = name_penalty(parts[k], False)
        later_penalty[k - 1] = later_penalty[k] + (_BAD_LATER_AUTHOR if penalty is None else penalty)
    title_has_text = False  # whether parts[:k] hold anything but punctuation

    best: tuple[float, int, int] | None = None
    for k, part in enumerate(parts[:considered]):
        # A name is a few words: only the tail of a part can hold the first author.
        window = max(1, len(part) - _MAX_NAME_CHARS, _name_region(part))
        # Where the part's text begins (needed only until some part had text).
        first_text = None if title_has_text else next((i for i, c in enumerate(part) if c.isalnum()), None)
        for offset, boundary in _candidates(part, window):
            if not (title_has_text or (first_text is not None and first_text < offset)):
                continue
            first = name_penalty(part[offset:], True)
            if first is None:
                continue
            score = boundary + first + later_penalty[k] + _title_end_penalty(_last_word(part, offset))
            key = (score, k, offset)
            if best is None or key < best:
                best = key
        title_has_text = title_has_text or first_text is not None
    if best is None:
        return Byline(text.strip(), (), bool(truncated), orgs, certain=False)
    _, k, offset = best
    title = ", ".join(parts[:k] + [parts[k][:offset]]).strip()
    authors = _split_and([parts[k][offset:]] + parts[k + 1 :])
    # `Ada Lovelace, , Alan Turing`: an empty place in the list is no author.
    authors = [author.strip() for author in authors if author.strip()]
    return Byline(title, tuple(authors), bool(truncated), orgs, certain=True)
