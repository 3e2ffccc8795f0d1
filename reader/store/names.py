"""Checking and normalising the names users give tags and reading lists.

A new name (typed, or renamed to) with control characters is refused; looking up a name
accepts whatever is stored, so a name an old store holds can still be removed. Messages
quote names with their control characters written as escapes (`\\x1b`), never raw.
"""

from __future__ import annotations

from reader.ingest.clean import strip_controls, visible
from reader.models import STATUSES
from reader.store.errors import StateError


def _no_controls(name: str, text: str, what: str) -> None:
    if strip_controls(name) != name:
        raise StateError(
            f"“{visible(str(text))}” cannot be {what}: it holds control characters "
            "(escape sequences, bells, direction marks); type it again without them"
        )


def tag_name(text: str, new: bool = False) -> str:
    """A tag: lower case, single spaces; no commas (they separate tags) or quotes, and (when
    `new`) no control characters."""
    name = " ".join(str(text).split()).lower()
    if not name:
        raise StateError("a tag needs at least one character: e.g. `reader tag ID ml`")
    if "," in name or '"' in name:
        raise StateError(f"“{visible(str(text))}” cannot be a tag: tags have no commas or quotes")
    if new:
        _no_controls(name, text, "a tag")
    return name


def tag_names(texts, new: bool = False) -> list[str]:
    """Tags from a list of strings, each of which may hold several comma-separated tags."""
    if isinstance(texts, str):
        texts = [texts]
    names = [tag_name(part, new) for text in texts for part in str(text).split(",") if part.strip()]
    if not names:
        raise StateError("no tag given: e.g. `reader tag ID ml`")
    return list(dict.fromkeys(names))


def list_name(text: str, new: bool = False) -> str:
    """A list name as typed, with single spaces; no quotes, and (when `new`) no control characters."""
    name = " ".join(str(text).split())
    if not name:
        raise StateError("a list needs a name: e.g. `reader list create \"To read\"`")
    if '"' in name:
        raise StateError(f"“{visible(str(text))}” cannot be a list name: list names have no quotes")
    if new:
        _no_controls(name, text, "a list name")
    return name


def imported_name(text, what: str, normalise, warnings: list[str]) -> str | None:
    """A tag or list name from an import, its control characters removed with a warning
    (None, also with a warning, when nothing is left)."""
    text = str(text)
    cleaned = strip_controls(text)
    if cleaned == text:
        return normalise(text)
    name = normalise(cleaned) if cleaned.strip() else None
    outcome = f"imported as “{name}”" if name else "it was left out"
    warnings.append(f"the {what} “{visible(text)}” held control characters: {outcome}")
    return name


def status_name(text: str) -> str:
    name = str(text).strip().lower()
    if name not in STATUSES:
        raise StateError(f"unknown status “{text}”: use {', '.join(STATUSES)}")
    return name


def plural(count: int, word: str, many: str | None = None) -> str:
    """`1 paper`, `2 papers`; `many` for a word that does not just add an s."""
    return f"{count} {word if count == 1 else many or word + 's'}"
