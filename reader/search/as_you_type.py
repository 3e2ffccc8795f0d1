"""Search as you type: the word still being typed also matches as a prefix."""

from __future__ import annotations

import re

_LAST_WORD = re.compile(r"(?:^|[\s(])(?P<word>[^\W_][\w'-]*)$")
_OPERATORS = {"AND", "OR", "NOT"}


def while_typing(query: str) -> str:
    """`diffusion mod` → `diffusion (mod OR mod*)`; other queries are returned unchanged.

    Only a bare last word of two or more characters is widened: not a field value, a
    phrase, a negation, an operator, or a word followed by a space (finished).
    """
    if query.count('"') % 2:
        return query
    match = _LAST_WORD.search(query)
    if match is None:
        return query
    word = match.group("word")
    if len(word) < 2 or word in _OPERATORS:
        return query
    return f"{query[: match.start('word')]}({word} OR {word}*)"
