"""Citation keys in Google Scholar style, `lastnameYEARfirstword`: pure functions.

`vaswani2017attention`: the first author's family name without particles, ASCII-folded
and lower-cased; the year, or `nd` when the listing gives none; the first title word that
is not a stopword. A paper with no authors uses `anon`. When a key is taken, only the
newcomer gets a suffix (`a`, `b`, …, `z`, `aa`, …). Keys already pinned never change.
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Callable, Iterable, Iterator, Mapping

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
    first = None
    for raw in _WORD.findall(latex_to_unicode(title).text):
        word = ascii_fold(raw)
        if word and word not in STOPWORDS:
            return word
        first = first or word
    return first or "untitled"


@lru_cache(maxsize=4096)
def _surname_key(author: str) -> str:
    """`Aäron van den Oord` → `oord` (cached: a library repeats its authors)."""
    return ascii_fold(surname_core(split_name(author)))


def base_key(paper: Paper) -> str:
    """The key before any collision suffix."""
    author = _surname_key(paper.authors[0]) if paper.authors else ""
    year = str(paper.year) if paper.year else NO_YEAR
    return f"{author or NO_AUTHOR}{year}{title_word(paper.title)}"


def _suffix(number: int) -> str:
    """0 → '' (no suffix), 1 → a, 26 → z, 27 → aa (bijective base 26)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def assign_keys(papers: Iterable[Paper], pinned: Mapping[str, str]) -> dict[str, str]:
    """A unique key per paper id: pinned keys as they are, newcomers in order, suffixed on collision.

    Linear: each base key remembers the next suffix to try, since every suffix below it
    was taken when it was passed and keys are never given back."""
    taken = set(pinned.values())
    next_number: dict[str, int] = {}
    keys: dict[str, str] = {}
    for paper in papers:
        if paper.id in keys:
            continue
        if paper.id in pinned:
            keys[paper.id] = pinned[paper.id]
            continue
        base = base_key(paper)
        number = next_number.get(base, 0)
        key = base + _suffix(number)
        while key in taken:
            number += 1
            key = base + _suffix(number)
        next_number[base] = number + 1
        taken.add(key)
        keys[paper.id] = key
    return keys


class LazyKeys(Mapping[str, str]):
    """`assign_keys(papers, pinned())`, worked out on first use: output that shows no keys
    (JSONL, Markdown) never pays for them, nor reads the pinned ones."""

    def __init__(self, papers: Iterable[Paper], pinned: Callable[[], Mapping[str, str]] = dict):
        self._papers = list(papers)
        self._pinned = pinned
        self._keys: dict[str, str] | None = None

    def _assigned(self) -> dict[str, str]:
        if self._keys is None:
            self._keys = assign_keys(self._papers, self._pinned())
        return self._keys

    def __getitem__(self, paper_id: str) -> str:
        return self._assigned()[paper_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._assigned())

    def __len__(self) -> int:
        return len(self._assigned())
