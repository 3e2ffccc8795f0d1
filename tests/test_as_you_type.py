"""The word being typed matches as a prefix too, and nothing else changes."""

import pytest

from reader.search import syntax
from reader.search.as_you_type import settled, while_typing


@pytest.mark.parametrize(
    "typed, searched",
    [
        ("diffusion mod", "diffusion (mod OR mod*)"),
        ("lang", "(lang OR lang*)"),
        ("(retrieval OR ra", "(retrieval OR (ra OR ra*)"),
        ("diffusion models ", "diffusion models "),  # a space: the word is finished
        ("a", "a"),  # one letter: too short for a prefix
        ("author:coh", "author:coh"),
        ("-vis", "-vis"),
        ('"large lang', '"large lang'),
        ('"large language" mod', '"large language" (mod OR mod*)'),
        ("retrieval OR", "retrieval OR"),
        ("lang*", "lang*"),
        ("transfomer~", "transfomer~"),
        ("year:2024", "year:2024"),
        ("", ""),
    ],
)
def test_only_a_bare_last_word_is_widened(typed, searched):
    assert while_typing(typed) == searched


@pytest.mark.parametrize("typed", ["diffusion mod", "(retrieval OR ra", '"large language" mod', "lang"])
def test_the_widened_query_still_parses(typed):
    syntax.parse(while_typing(typed + ")" if typed.startswith("(") else typed))


def test_typing_a_word_halfway_finds_papers_with_the_whole_word(seeds_library):
    assert seeds_library.search("diffusion mod").total == 0
    widened = seeds_library.search(while_typing("diffusion mod"))
    assert widened.total >= seeds_library.search("diffusion models").total > 0


@pytest.mark.parametrize(
    "typed, finished",
    [
        ("graph (neural", "graph (neural)"),
        ("a (b (c", "a (b (c))"),
        ('graph "neural', 'graph "neural"'),
        ("retrieval OR", "retrieval"),
        ("graph AND ", "graph"),
        ("attention year:20", "attention"),
        ("attention year:", "attention"),
        ("models -", "models"),
        ("author:", None),  # nothing would be left
        ("graph", None),  # nothing to finish
    ],
)
def test_a_half_typed_query_is_finished_or_trimmed(typed, finished):
    assert settled(typed) == finished
    if finished is not None:
        syntax.parse(finished)  # and what is left parses
