"""The vocabulary read from the catalog as needed answers as the one loaded whole."""

from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.search.vocabulary import StoredVocabulary, Vocabulary

LETTERS = st.sampled_from(list("aabcelmnort") + ["é", "ö", "\ud7ff", "\ue000", "中", "\U0010ffff"])
WORDS = st.text(LETTERS, min_size=0, max_size=7)


def _both(freqs: dict[str, int]) -> tuple[Vocabulary, StoredVocabulary]:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE vocab (word TEXT PRIMARY KEY, freq INTEGER NOT NULL)")
    db.executemany("INSERT INTO vocab VALUES (?, ?)", freqs.items())
    return Vocabulary(dict(freqs)), StoredVocabulary(db)


@settings(max_examples=200, deadline=None)
@given(freqs=st.dictionaries(WORDS, st.integers(1, 5), max_size=40), asked=st.lists(WORDS, max_size=6),
       limit=st.integers(1, 40))
def test_stored_answers_as_loaded(freqs, asked, limit):
    loaded, stored = _both(freqs)
    for word in asked + list(freqs)[:3]:
        for prefix in {word, word[:1], word[:2]}:
            assert stored.with_prefix(prefix, limit) == loaded.with_prefix(prefix, limit)
        for distance in (1, 2):
            assert stored.near(word, distance, limit) == loaded.near(word, distance, limit)
        assert stored.suggest(word) == loaded.suggest(word)
    for length in (1, 2):
        assert stored.common_stubs(length, limit) == loaded.common_stubs(length, limit)


def test_a_stored_vocabulary_reads_nothing_up_front():
    asked = []
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE vocab (word TEXT PRIMARY KEY, freq INTEGER NOT NULL)")
    db.executemany("INSERT INTO vocab VALUES (?, ?)", [("language", 9), ("langevin", 2), ("lang", 1), ("model", 5)])
    db.set_trace_callback(asked.append)
    vocabulary = StoredVocabulary(db)
    assert asked == []
    assert vocabulary.with_prefix("lang") == ["language", "langevin", "lang"]
    assert vocabulary.suggest("languag") == "language"
    assert len(asked) == 3  # the prefix, the word itself, the words starting with l
    assert vocabulary.near("langage", 1) == ["language"]
    assert len(asked) == 3  # the l words are kept
