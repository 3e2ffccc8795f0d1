"""Checking and normalising the names users give tags and reading lists."""

from __future__ import annotations

from reader.models import STATUSES
from reader.store.errors import StateError


def tag_name(text: str) -> str:
    """A tag: lower case, single spaces; no commas (they separate tags) or quotes."""
    name = " ".join(str(text).split()).lower()
    if not name:
        raise StateError("a tag needs at least one character: e.g. `reader tag ID ml`")
    if "," in name or '"' in name:
        raise StateError(f"“{text}” cannot be a tag: tags have no commas or quotes")
    return name


def tag_names(texts) -> list[str]:
    """Tags from a list of strings, each of which may hold several comma-separated tags."""
    if isinstance(texts, str):
        texts = [texts]
    names = [tag_name(part) for text in texts for part in str(text).split(",") if part.strip()]
    if not names:
        raise StateError("no tag given: e.g. `reader tag ID ml`")
    return list(dict.fromkeys(names))


def list_name(text: str) -> str:
    """A list name as typed, with single spaces; no quotes."""
    name = " ".join(str(text).split())
    if not name:
        raise StateError("a list needs a name: e.g. `reader list create \"To read\"`")
    if '"' in name:
        raise StateError(f"“{text}” cannot be a list name: list names have no quotes")
    return name


def status_name(text: str) -> str:
    name = str(text).strip().lower()
    if name not in STATUSES:
        raise StateError(f"unknown status “{text}”: use {', '.join(STATUSES)}")
    return name


def plural(count: int, word: str, many: str | None = None) -> str:
    """`1 paper`, `2 papers`; `many` for a word that does not just add an s."""
    return f"{count} {word if count == 1 else many or word + 's'}"
