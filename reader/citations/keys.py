"""Citation keys in Google Scholar style, `lastnameYEARfirstword`: pure functions.

`vaswani2017attention`: the first author's family name without particles, ASCII-folded
and lower-cased; the year, or `nd` when the listing gives none; the first title word that
is not a stopword. A paper with no authors uses `anon`. When a key is taken, only the
newcomer gets a suffix (`a`, `b`, …, `z`, `aa`, …). Keys already pinned never change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from reader.citations.names import ascii_fold, split_name, surname_core
from reader.models import Paper
from reader.render import latex_to_unicode

NO_YEAR = "nd"
NO_AUTHOR = "anon"
STOPWORDS = frozenset(
    "a an the of on in at to for from by with and or but nor as via into onto".split()
)
_WORD = re.compile(r"[^\W_]+")


def title_word(title: str) -> str:
    """The first title word that is not a stopword, folded (`GPT-4 Technical…` → `gpt`)."""
    words = [ascii_fold(w) for w in _WORD.findall(latex_to_unicode(title).text)]
    words = [w for w in words if w]
    for word in words:
        if word not in STOPWORDS:
            return word
    return words[0] if words else "untitled"


def base_key(paper: Paper) -> str:
    """The key before any collision suffix."""
    author = ascii_fold(surname_core(split_name(paper.authors[0]))) if paper.authors else ""
    year = str(paper.year) if paper.year else NO_YEAR
    return f"{author or NO_AUTHOR}{year}{title_word(paper.title)}"


def _suffix(number: int) -> str:
    """1 → a, 26 → z, 27 → aa (bijective base 26)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def assign_keys(papers: Iterable[Paper], pinned: Mapping[str, str]) -> dict[str, str]:
    """A unique key per paper id: pinned keys as they are, newcomers in order, suffixed on collision."""
    taken = set(pinned.values())
    keys: dict[str, str] = {}
    for paper in papers:
        if paper.id in keys:
            continue
        if paper.id in pinned:
            keys[paper.id] = pinned[paper.id]
            continue
        base = key = base_key(paper)
        number = 0
        while key in taken:
            number += 1
            key = base + _suffix(number)
        taken.add(key)
        keys[paper.id] = key
    return keys
