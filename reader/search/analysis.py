"""One tokenizer for indexing and querying: lowercase, accent folding, stop words, stemming.

LaTeX accents fold like Unicode ones: `Schr\\"odinger`, `Fr\\'echet`, `na\\"{\\i}ve` and `{\\L}ukasz`
are read as `Schrodinger`, `Frechet`, `naive` and `Lukasz`, whether indexed or typed.
"""

from __future__ import annotations

import re
import unicodedata

from whoosh.analysis import Token, Tokenizer
from whoosh.analysis.filters import STOP_WORDS
from whoosh.lang.porter import stem as porter_stem
from whoosh.support.charset import accent_map

WORD = re.compile(r"\w+", re.UNICODE)
# An accent command and its letter: `\"o`, `\"{o}`, `{\"o}`, `\'{\i}`, `\c{c}`, `\v s` (a letter
# accent needs a brace or a space after it: `\vs` is another macro).
_LATEX_ACCENT = re.compile(
    r"""\{?\\(?:[`'^"~=.]\s*|[uvHcdbrtk](?=[\s{])\s*)(?:\{\s*\\?([A-Za-z])\s*\}|\\?([A-Za-z]))\}?"""
)
# Letters LaTeX writes as commands: `\ss`, `\o`, `\ae`, `{\L}`, `\i`; the space after one is LaTeX's.
_LETTERS = {"ss": "ß", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å", "o": "ø", "O": "Ø",
            "l": "ł", "L": "Ł", "i": "i", "j": "j"}  # then folded as the Unicode letters are
_LATEX_LETTER = re.compile(r"\{?\\(ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![A-Za-z])(?:\s*\{\}|[ \t]+)?\}?")
_CACHE_LIMIT = 500_000
_STEMS: dict[str, str] = {}
_FOLDS: dict[str, str] = {}


def _fold(word: str) -> str:
    word = word.lower().translate(accent_map)
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def latex_letters(text: str) -> str:
    """`text` with LaTeX accent commands replaced by their bare letter (`Schr\\"odinger` -> `Schrodinger`)."""
    if "\\" not in text:
        return text
    return _LATEX_LETTER.sub(lambda m: _LETTERS[m.group(1)], _LATEX_ACCENT.sub(r"\1\2", text))


def fold(word: str) -> str:
    """Lowercase and strip accents: `Schönlieb` -> `schonlieb`."""
    folded = _FOLDS.get(word)
    if folded is None:
        folded = _fold(word)
        if len(_FOLDS) < _CACHE_LIMIT:
            _FOLDS[word] = folded
    return folded


def term(word: str) -> str:
    """The index term for one word ('' for stop words and one-letter words)."""
    cached = _STEMS.get(word)
    if cached is None:
        folded = fold(word)
        if folded in STOP_WORDS or len(folded) < 2 and not folded.isdigit():
            cached = ""
        else:
            cached = porter_stem(folded)
        if len(_STEMS) < _CACHE_LIMIT:
            _STEMS[word] = cached
    return cached


def terms(text: str) -> list[str]:
    """The index terms of `text` in order; stop words are dropped, positions renumbered."""
    out = []
    for word in WORD.findall(latex_letters(text)):
        t = term(word)
        if t:
            out.append(t)
    return out


def term_set(text: str) -> set[str]:
    """The distinct index terms of `text` (each distinct word is looked up once)."""
    found = set(map(term, set(WORD.findall(latex_letters(text)))))
    found.discard("")
    return found


def surface_words(text: str) -> list[str]:
    """Folded but unstemmed words, for prefix, fuzzy and spelling look-ups."""
    folds = _FOLDS
    return [folds.get(w) or fold(w) for w in WORD.findall(latex_letters(text))]


class ReaderTokenizer(Tokenizer):
    """Whoosh-facing wrapper of `terms`, for whoosh features that analyze text themselves."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True,
                 mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, text in enumerate(terms(value)):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + pos
            yield token


def analyzer():
    """The analyzer whoosh uses for more-like-this and highlighting."""
    return ReaderTokenizer()
