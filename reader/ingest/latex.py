"""Text of bibliography fields: LaTeX accents and braces to Unicode, whitespace squashed.

`latex_text` turns BibTeX-encoded text into what a reader sees (`Schr\\"{o}dinger` →
`Schrödinger`, `{\\L}ukasz` → `Łukasz`, `{BERT}` → `BERT`, `\\&` → `&`, `\\ie` → `i.e.`).
Inline math (`$\\alpha$`) is kept as written: the app renders it, as it does for every other
format. It uses the app's converter (`reader.latex_converter`), so a macro it does not
know is kept as written, never dropped. Text with nothing LaTeX-like skips pylatexenc,
which keeps large files fast.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reader.ingest.clean import clean_text
from reader.latex_converter import converter

_LATEXISH = re.compile(r"[\\{}~$%]|--|``|''")
_UNESCAPED_PERCENT = re.compile(r"(?<!\\)%")
_BRACES = re.compile(r"(?<!\\)[{}]")
_MARKUP = re.compile(r"[\\~$%]|--|``|''")  # what more than braces asks for pylatexenc


def squash(text: str | None) -> str:
    """Control characters stripped (a JSON `\\u001b` decodes to one), runs of whitespace
    (newlines, tabs, no-break spaces) as one space, ends trimmed."""
    return " ".join(clean_text(text.replace("\r", " ")).split()) if text else ""


def latex_text(text: str | None) -> str:
    """Readable Unicode for a LaTeX-encoded field, whitespace squashed."""
    if not text:
        return ""
    if not _LATEXISH.search(text):
        return squash(text)
    return _short_text(text) if len(text) <= _CACHED_LENGTH else _text(text)


_CACHED_LENGTH = 200  # names and venues recur across a bibliography; abstracts do not


@lru_cache(maxsize=8192)
def _short_text(text: str) -> str:
    return _text(text)


def _text(text: str) -> str:
    if not _MARKUP.search(text) and _balanced(text):  # only protective braces: `{BERT}`, `{OpenAI}`
        return squash(_BRACES.sub("", text))
    escaped = _UNESCAPED_PERCENT.sub(r"\\%", text)  # `%` is a comment to LaTeX, text to a reader
    try:
        converted = converter("verbatim", emphasis=False).latex_to_text(escaped)
    except Exception:  # noqa: BLE001 - pylatexenc gave up on this text: keep it, braces dropped
        converted = _BRACES.sub("", text)
    return squash(converted)


def _balanced(text: str) -> bool:
    depth = 0
    for brace in _BRACES.findall(text):
        depth += 1 if brace == "{" else -1
        if depth < 0:
            return False
    return depth == 0
