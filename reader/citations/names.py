"""Author names as citations need them: person (given, family, suffix) or corporate (one literal)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from reader.ingest.names import PARTICLES, SUFFIXES

# A word that marks an author as a body, not a person: `Gemini Team`, `Allen Institute for AI`.
CORPORATE_WORDS = frozenset(
    "team lab labs laboratory ai inc inc. ltd ltd. llc corp corp. corporation company university "
    "institute group consortium collaboration project foundation initiative community council "
    "committee alliance centre center organization organisation society association research".split()
)
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&-]*[A-Z0-9]$")  # AI, IBM, NVIDIA, DeepSeek-AI's "AI"
_ROMAN = frozenset({"II", "III", "IV", "VI", "JR", "SR"})
# Letters NFKD does not decompose into ASCII.
_FOLD = str.maketrans({
    "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
    "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i",
})


@dataclass(frozen=True)
class Name:
    """One author: a person (`family`, `given`, `suffix`) or, when `literal` is set, a body."""

    family: str = ""
    given: str = ""
    suffix: str = ""
    literal: str = ""

    @property
    def is_corporate(self) -> bool:
        return bool(self.literal)


def is_corporate(name: str) -> bool:
    """Whether `name` is a one-word author or a body: `OpenAI`, `DeepSeek-AI`, `Gemini Team`."""
    tokens = name.split()
    if len(tokens) <= 1:
        return True
    for token in tokens:
        if token.lower() in CORPORATE_WORDS:
            return True
        if _ACRONYM.match(token) and token.upper() not in _ROMAN:
            return True
    return False


def split_name(name: str) -> Name:
    """`Aäron van den Oord` → family `van den Oord`, given `Aäron`; a body stays one literal."""
    name = " ".join(name.split())
    if is_corporate(name):
        return Name(literal=name)
    tokens = name.replace(",", " ").split()
    suffix = ""
    if len(tokens) > 2 and tokens[-1].lower() in SUFFIXES:
        suffix = tokens.pop()
    start = len(tokens) - 1
    for index in range(1, len(tokens) - 1):
        if tokens[index] in PARTICLES:  # lower-case particles only: `Ben` may be a given name
            start = index
            break
    return Name(family=" ".join(tokens[start:]), given=" ".join(tokens[:start]), suffix=suffix)


def surname_core(name: Name) -> str:
    """The family name without its particles (`van den Oord` → `Oord`), or a body's first word."""
    if name.is_corporate:
        return name.literal.split()[0] if name.literal else ""
    words = [w for w in name.family.split() if w not in PARTICLES]
    return " ".join(words) or name.family


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters and digits only: `Müller` → `muller`, `Łukasz` → `lukasz`."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in decomposed if c.isascii() and c.isalnum()).lower()
