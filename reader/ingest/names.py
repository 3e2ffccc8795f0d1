"""Split a format-1 line `TitleFirst Author, Second Author et al. · org` into its parts.

The title and the first author are glued together with no separator. Every place where
a name could begin is a candidate; each candidate is scored by how name-like the author
side is, how word-like the title side ends, and whether the later authors all read as
names. The best-scoring candidate wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PARTICLES = frozenset(
    "van von der den de del della degli dei di da das dos do du la le lo ten ter te "
    "bin binti ibn al el y e zu zur af av vom ben bar st.".split()
)
SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())
# Surname prefixes that carry a second capital: McDonald, LeCun, DiCaprio, O'Brien.
_PREFIXED = re.compile(r"^(?:Mc|Mac|Fitz|De|Di|Da|Du|Le|La|Van|Von|Ten|Ter|O['’])[^\W\d_]")
_INITIALS = re.compile(r"^(?:[^\W\d_]\.-?)+[^\W\d_]?\.?$")
_ORG_SEPARATOR = re.compile(r"\s*·\s*")
_ET_AL = re.compile(r",?\s*\bet\.? al\.?$", re.IGNORECASE)
_BAD_CHARS = re.compile(r"[:;?!()\[\]{}\"“”/\\|<>=+*#%$^~`]")
_AND = re.compile(r"\s+(?:and|&)\s+")

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
_CAMEL_IN_LONGER_NAME = 2.0
_TITLE_ENDS_MID_WORD = 0.5
_WEAK_BOUNDARY = 1.5
_BAD_LATER_AUTHOR = 5.0


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


def _segment_is_capitalised(segment: str) -> bool:
    return (
        len(segment) >= 2
        and segment[0].isupper()
        and segment[1:].isalpha()
        and segment[1:].islower()
    ) or (len(segment) == 1 and segment.isupper())


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
    segments = re.split(r"[-'’]", token)
    if all(_segment_is_capitalised(s) for s in segments) and len(token) > 1:
        return "plain"
    if _PREFIXED.match(token) and all(s.isalpha() for s in segments):
        return "prefixed"
    letters = [c for c in token if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and re.fullmatch(r"[\w.-]+", token):
        return "caps" if len(letters) > 1 else "initial"
    if len(token) > 1 and token[1].islower() and re.fullmatch(r"[\w.-]+", token):
        return "camel"  # OpenAI, DeepSeek-AI, DeepMind
    return None


def name_penalty(name: str, first: bool) -> float | None:
    """How unusual `name` is as an author name; None when it cannot be one."""
    tokens = name.split(" ")
    if not 1 <= len(tokens) <= 7:
        return None
    kinds = [token_kind(t) for t in tokens]
    if None in kinds or kinds[-1] == "particle":
        return None
    if all(k in {"particle", "suffix", "symbol"} for k in kinds):
        return None
    penalty = _FIRST_TOKEN_PENALTY.get(kinds[0], 1.0) if first else 0.0
    if len(tokens) > 1 and "camel" in kinds:
        penalty += _CAMEL_IN_LONGER_NAME if first else 0.5
    if kinds[0] == "caps" and len(tokens) > 1 and first:
        penalty += 0.2
    return penalty


def _candidates(part: str):
    """Offsets in `part` where a glued first author could begin, with a boundary penalty."""
    for i in range(1, len(part)):
        prev, char = part[i - 1], part[i]
        if prev.isspace() or prev in "-'’":
            continue
        nxt = part[i + 1] if i + 1 < len(part) else ""
        if char.isupper():
            if prev.isupper():
                # CLIPDavid: the acronym ends where a capitalised word begins.
                strong = nxt.islower() or nxt == "."
            else:
                strong = True
            yield i, 0.0 if strong else _WEAK_BOUNDARY
        elif _is_caseless_letter(char) and not _is_caseless_letter(prev):
            yield i, 0.0
        elif char.islower() and prev.islower():
            # A first author that opens with a particle: `Learningvan den Oord`.
            word = part[i:].split(" ", 1)[0]
            if word in PARTICLES and " " in part[i:]:
                yield i, 0.3


def _title_end_penalty(title: str) -> float:
    """Penalise a split that leaves the title ending in half a camel-case word."""
    last = title.rsplit(" ", 1)[-1]
    if re.search(r"[a-z][A-Z][a-z]+$", last) and not _PREFIXED.match(last):
        return _TITLE_ENDS_MID_WORD
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
    pieces = _ORG_SEPARATOR.split(text)
    if len(pieces) > 1 and pieces[-1]:
        orgs = tuple(o.strip() for o in pieces[-1].split(",") if o.strip())
        text = " · ".join(pieces[:-1])
    text, truncated = _ET_AL.subn("", text)
    parts = text.split(", ")

    best: tuple[float, int, int] | None = None
    for k, part in enumerate(parts):
        later = [name_penalty(p, False) for p in parts[k + 1 :]]
        later_penalty = sum(_BAD_LATER_AUTHOR if p is None else p for p in later)
        for offset, boundary in _candidates(part):
            title = ", ".join(parts[:k] + [part[:offset]]).strip()
            first = name_penalty(part[offset:], True)
            if first is None or not any(c.isalnum() for c in title):
                continue
            score = boundary + first + later_penalty + _title_end_penalty(title)
            key = (score, k, offset)
            if best is None or key < best:
                best = key
    if best is None:
        return Byline(text.strip(), (), bool(truncated), orgs, certain=False)
    _, k, offset = best
    title = ", ".join(parts[:k] + [parts[k][:offset]]).strip()
    authors = _split_and([parts[k][offset:]] + parts[k + 1 :])
    return Byline(title, tuple(authors), bool(truncated), orgs, certain=True)
