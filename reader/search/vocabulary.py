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
        self._sorted: list[str] | None = None  # made on the first prefix
        self._by_start: dict[str, list[str]] | None = None  # made on the first fuzzy word

    # what the look-ups read: all words in memory here, from the catalog as needed in StoredVocabulary
    def _freq(self, word: str) -> int | None:
        return self.freqs.get(word)

    def _prefixed(self, prefix: str) -> list[tuple[str, int]]:
        """(word, frequency) of the words that start with `prefix`, in sorted order."""
        if self._sorted is None:
            self._sorted = sorted(self.freqs)
        found = []
        for word in self._sorted[bisect_left(self._sorted, prefix):]:
            if not word.startswith(prefix):
                break
            found.append((word, self.freqs[word]))
        return found

    def _starting(self, first: str) -> list[tuple[str, int]]:
        """(word, frequency) of the words whose first character is `first` ("" for the empty word)."""
        if self._by_start is None:
            self._by_start = defaultdict(list)
            for word in self.freqs:
                self._by_start[word[:1]].append(word)
        return [(word, self.freqs[word]) for word in self._by_start.get(first, ())]

    def common_stubs(self, length: int = 2, limit: int = 100) -> list[str]:
        """The `length`-letter starts of words, the most used first (how typing starts a word)."""
        totals: dict[str, int] = defaultdict(int)
        for word, freq in self.freqs.items():
            if len(word) >= length:
                totals[word[:length]] += freq
        return sorted(totals, key=lambda stub: (-totals[stub], stub))[:limit]

    # look-ups -------------------------------------------------------------------
    def with_prefix(self, prefix: str, limit: int = 32) -> list[str]:
        """The most frequent words that start with `prefix` (ties in sorted order)."""
        found = self._prefixed(prefix)
        found.sort(key=lambda pair: -pair[1])
        return [word for word, _ in found[:limit]]

    def near(self, word: str, distance: int, limit: int = 32) -> list[str]:
        """Words within `distance` edits of `word` (sharing its first letter), closest first."""
        return [w for _, _, w in self._near(word, distance)[:limit]]

    def _near(self, word: str, distance: int) -> list[tuple[int, int, str]]:
        scored = []
        for candidate, freq in self._starting(word[:1]):
            d = within(word, candidate, distance)
            if d is not None:
                scored.append((d, -freq, candidate))
        scored.sort()
        return scored

    def suggest(self, word: str) -> str | None:
        """The likeliest intended word for a misspelling, or None."""
        if self._freq(word) is not None:
            return None
        for distance in (1, 2):
            near = self._near(word, distance)[:32]
            freqs = {w: -negative for _, negative, w in near}
            options = [w for _, _, w in near if w != word and len(w) > 1]
            if options:
                return max(options, key=lambda w: (-within(word, w, distance), freqs[w]))
        return None


class StoredVocabulary(Vocabulary):
    """The same look-ups, reading the catalog's `vocab (word, freq)` table as they need it:
    nothing is loaded up front (loading 40,000 words took ~0.1 s of the first prefix search).
    SQLite compares text as UTF-8 bytes, which orders words as Python does."""

    def __init__(self, db):
        super().__init__({})
        self._db = db
        self._letters: dict[str, list[tuple[str, int]]] = {}
        self._prefixes: dict[tuple[str, int], list[str]] = {}

    def with_prefix(self, prefix: str, limit: int = 32) -> list[str]:
        """As `Vocabulary.with_prefix`, chosen by SQLite: at 1M papers `re` starts 12,000 words."""
        found = self._prefixes.get((prefix, limit))
        if found is None:
            where, bounds = _range(prefix)
            if not prefix or len(bounds) < 2:
                found = super().with_prefix(prefix, limit)
            else:
                rows = self._db.execute(f"SELECT word FROM vocab WHERE {where} ORDER BY freq DESC, word LIMIT ?",
                                        (*bounds, limit))
                found = [word for (word,) in rows]
            if len(self._prefixes) >= 512:  # typing asks for the same prefixes again and again
                self._prefixes.clear()
            self._prefixes[(prefix, limit)] = found
        return list(found)

    def common_stubs(self, length: int = 2, limit: int = 100) -> list[str]:
        rows = self._db.execute(
            "SELECT substr(word, 1, ?) AS stub FROM vocab WHERE length(word) >= ? "
            "GROUP BY stub ORDER BY sum(freq) DESC, stub LIMIT ?", (length, length, limit))
        return [stub for (stub,) in rows]

    def _freq(self, word: str) -> int | None:
        row = self._db.execute("SELECT freq FROM vocab WHERE word = ?", (word,)).fetchone()
        return None if row is None else row[0]

    def _prefixed(self, prefix: str) -> list[tuple[str, int]]:
        if not prefix:
            rows = self._db.execute("SELECT word, freq FROM vocab ORDER BY word")
        else:
            where, bounds = _range(prefix)
            rows = self._db.execute(f"SELECT word, freq FROM vocab WHERE {where} ORDER BY word", bounds)
        return [(word, freq) for word, freq in rows if word.startswith(prefix)]

    def _starting(self, first: str) -> list[tuple[str, int]]:
        if first not in self._letters:
            if first:
                where, bounds = _range(first)
                rows = self._db.execute(f"SELECT word, freq FROM vocab WHERE {where}", bounds)
            else:
                rows = self._db.execute("SELECT word, freq FROM vocab WHERE word = ''")
            self._letters[first] = [(word, freq) for word, freq in rows if word[:1] == first]
        return self._letters[first]


def _after(prefix: str) -> str | None:
    """The least string greater than every string that starts with `prefix` (None: there is none)."""
    stem = prefix.rstrip("\U0010ffff")
    if not stem:
        return None
    following = ord(stem[-1]) + 1
    if 0xD800 <= following <= 0xDFFF:  # surrogates: not characters (SQLite cannot take them)
        following = 0xE000
    return stem[:-1] + chr(following)


def _range(first: str) -> tuple[str, tuple[str, ...]]:
    """The WHERE clause and parameters of the words from `first` up to the words after its prefix."""
    after = _after(first)
    return ("word >= ?", (first,)) if after is None else ("word >= ? AND word < ?", (first, after))
