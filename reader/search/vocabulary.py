"""Folded, unstemmed words of the corpus: prefix expansion, fuzzy matching, spelling."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict


def within(a: str, b: str, limit: int) -> int | None:
    """Levenshtein distance of a and b if it is at most `limit`, else None."""
    if abs(len(a) - len(b)) > limit:
        return None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        best = i
        for j, cb in enumerate(b, 1):
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            current.append(value)
            best = min(best, value)
        if best > limit:
            return None
        previous = current
    return previous[-1] if previous[-1] <= limit else None


class Vocabulary:
    """Word frequencies with fast prefix and edit-distance look-ups."""

    def __init__(self, freqs: dict[str, int]):
        self.freqs = freqs
        self.sorted = sorted(freqs)
        self._by_start: dict[str, list[str]] = defaultdict(list)
        for word in self.sorted:
            self._by_start[word[:1]].append(word)

    def with_prefix(self, prefix: str, limit: int = 32) -> list[str]:
        """The most frequent words that start with `prefix`."""
        start = bisect_left(self.sorted, prefix)
        found = []
        for word in self.sorted[start:]:
            if not word.startswith(prefix):
                break
            found.append(word)
        found.sort(key=lambda w: -self.freqs[w])
        return found[:limit]

    def near(self, word: str, distance: int, limit: int = 32) -> list[str]:
        """Words within `distance` edits of `word` (sharing its first letter), closest first."""
        scored = []
        for candidate in self._by_start.get(word[:1], ()):
            d = within(word, candidate, distance)
            if d is not None:
                scored.append((d, -self.freqs[candidate], candidate))
        scored.sort()
        return [w for _, _, w in scored[:limit]]

    def suggest(self, word: str) -> str | None:
        """The likeliest intended word for a misspelling, or None."""
        if word in self.freqs:
            return None
        for distance in (1, 2):
            options = [w for w in self.near(word, distance) if w != word and len(w) > 1]
            if options:
                return max(options, key=lambda w: (-within(word, w, distance), self.freqs[w]))
        return None
