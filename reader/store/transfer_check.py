"""Checking a state export before it is merged: ids, names, texts, times and tombstones.

An export is outside text: control characters in names, notes and keys are removed, with one
warning per value cleaned. Anything malformed is a StateError saying how to make a good file."""

from __future__ import annotations

import math
import re

from reader.ingest.clean import strip_controls, visible
from reader.store.errors import StateError
from reader.store.names import imported_name, list_name, status_name, tag_name
from reader.store.tombstones import KINDS

FORMAT = "reader-state"
_ID = re.compile(r"[0-9a-f]{12}")


def _ids(values, where: str) -> list[str]:
    ids = list(values)
    bad = [i for i in ids if not isinstance(i, str) or not _ID.fullmatch(i)]
    if bad:
        raise StateError(f"“{visible(str(bad[0]))}” in {visible(where)} is not a paper id: this is not a reader state export")
    return ids


def _by_id(mapping, where: str, convert) -> dict:
    mapping = dict(mapping)
    return {pid: convert(value) for pid, value in zip(_ids(mapping, where), mapping.values())}


def _cleaned_text(what: str, warnings: list[str]):
    """A converter for notes or citation keys that removes control characters, saying so."""

    def convert(value) -> str:
        text = str(value).replace("\r\n", "\n")
        cleaned = strip_controls(text)
        if cleaned != text:
            warnings.append(f"{what} held control characters: they were removed")
        return cleaned

    return convert


def _time(value, where: str) -> float:
    """A time (seconds since 1970) from an export."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise StateError(f"“{visible(str(value))[:40]}” in {where} is not a time (seconds since 1970): "
                         "make the file with `reader state export`")
    return float(value)


def _times(data, warnings: list[str]) -> dict:
    """The export's times, by the names as they are imported (an older export has none)."""
    raw = dict(data.get("times") or {})
    out: dict = {"tags": {}, "lists": {}, "list entries": {}, "status": {}, "notes": {}}
    for tag, by_id in dict(raw.get("tags") or {}).items():
        name = imported_name(tag, "tag", tag_name, [])
        if name:
            out["tags"].setdefault(name, {}).update(_by_id(by_id, f"times of tag {tag}", lambda v: _time(v, "times")))
    for name, when in dict(raw.get("lists") or {}).items():
        cleaned = imported_name(name, "list", list_name, [])
        if cleaned:
            out["lists"][cleaned] = _time(when, "times of lists")
    for name, by_id in dict(raw.get("list entries") or {}).items():
        cleaned = imported_name(name, "list", list_name, [])
        if cleaned:
            out["list entries"].setdefault(cleaned, {}).update(
                _by_id(by_id, f"times of list {name}", lambda v: _time(v, "times")))
    for part in ("status", "notes"):
        out[part] = _by_id(raw.get(part) or {}, f"times of {part}", lambda v: _time(v, "times"))
    return out


def _tombstones(data, warnings: list[str]) -> list[tuple[str, str, str, float]]:
    """(kind, name, paper id, removed) of each tombstone in the export."""
    out = []
    for stone in data.get("tombstones") or []:
        kind = stone["kind"]
        if kind not in KINDS:
            raise StateError(f"“{visible(str(kind))}” in tombstones is not a kind of removal ({', '.join(KINDS)}): "
                             "make the file with `reader state export`")
        pid = _ids([stone["paper"]], "tombstones")[0] if kind != "list" else ""
        name = ""
        if kind in ("tag", "list", "list entry"):
            name = imported_name(stone["name"], "tag" if kind == "tag" else "list",
                                 tag_name if kind == "tag" else list_name, warnings)
            if not name:
                continue
        out.append((kind, name, pid, _time(stone["removed"], "tombstones")))
    return out


def checked(data, warnings: list[str]) -> dict:
    """The export's values, checked and cleaned; a warning for each value cleaned."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StateError(f"not a reader state export (no \"format\": \"{FORMAT}\"): make one with `reader state export`")
    try:
        tags: dict[str, list[str]] = {}
        for raw, ids in dict(data.get("tags", {})).items():
            ids = _ids(ids, f"tag {raw}")
            name = imported_name(raw, "tag", tag_name, warnings)
            if name:
                tags.setdefault(name, []).extend(ids)
        lists = []
        for entry in data.get("lists", []):
            ids = _ids(entry.get("papers", []), f"list {entry['name']}")
            name = imported_name(entry["name"], "list", list_name, warnings)
            if name:
                lists.append((name, ids))
        notes = {pid: _cleaned_text(f"the note on {pid}", warnings)(text)
                 for pid, text in _by_id(data.get("notes", {}), "notes", str).items()}
        keys = {pid: _cleaned_text(f"the citation key of {pid}", warnings)(key)
                for pid, key in _by_id(data.get("citation_keys", {}), "citation_keys", str).items()}
        return {
            "tags": tags, "lists": lists, "status": _by_id(data.get("status", {}), "status", status_name),
            "notes": notes, "citation_keys": keys, "times": _times(data, warnings),
            "tombstones": _tombstones(data, warnings),
        }
    except (TypeError, ValueError, KeyError, AttributeError) as error:
        raise StateError(
            f"the state export is malformed ({type(error).__name__}: {visible(str(error))}): "
            "make one with `reader state export`"
        ) from None
