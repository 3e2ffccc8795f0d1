"""Search as you type: the word still being typed also matches as a prefix."""

from __future__ import annotations

import re

_LAST_WORD = re.compile(r"(?:^|[\s(])(?P<word>[^\W_][\w'-]*)$")
_OPERATORS = {"AND", "OR", "NOT"}
_UNFINISHED_END = re.compile(r"(?:^|\s+)(?:AND|OR|NOT|-|[\w-]+:\S*)$")


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


def settled(query: str) -> str | None:
    """What to search while `query` is half-typed and does not parse; None if nothing helps.

    An open quote or bracket is closed (`graph (neural` → `graph (neural)`); else the
    unfinished end is dropped: `retrieval OR` → `retrieval`, `attention year:20` → `attention`.
    """
    text = query.rstrip()
    if text.count('"') % 2:
        text += '"'
    elif text.count("(") > text.count(")"):
        text += ")" * (text.count("(") - text.count(")"))
    else:
        text = _UNFINISHED_END.sub("", text)
    return text if text.strip() and text != query.rstrip() else None
