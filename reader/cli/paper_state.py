"""A paper's tags, lists, status and note as `reader search`, `show` and `similar` print them.

The store is read once per page of papers; when it cannot be read (damaged, locked) the
papers are still printed, their state shown as unavailable, with one line on stderr.
"""

from __future__ import annotations

from reader.cli.common import echo, fit
from reader.library import Library, LibraryError
from reader.models import Hit, PaperState

NOTE_ROOM = 40  # characters of a note shown on a search line


def read_states(library: Library, ids: list[str]) -> dict[str, PaperState] | None:
    """The state of these papers in one read, or None (said once on stderr) when the store cannot be read."""
    try:
        return library.states_if_kept(ids)
    except LibraryError as error:
        echo(f"reader: note: tags, lists, status and notes are unavailable: {error}", err=True)
        return None


def state_json(state: PaperState | None) -> dict | None:
    """The `state` member of a paper in JSON output: null when the store could not be read."""
    if state is None:
        return None
    return {"tags": list(state.tags), "lists": list(state.lists), "status": state.status, "note": state.note}


def hit_json(hit: Hit, states: dict[str, PaperState] | None) -> dict:
    """One search hit: the paper's export record without its abstract, its score, the matched terms, its state."""
    data = hit.paper.to_json()
    data.pop("abstract")
    data["score"] = round(hit.score, 4)
    data["matched"] = sorted(hit.terms)
    data["state"] = state_json(states.get(hit.paper.id) if states is not None else None)
    return data


def state_tail(paper_id: str, states: dict[str, PaperState] | None) -> str:
    """What a search line adds after the title: `[read · tags: ml, vision · lists: To read · note: …]`,
    empty for a paper with no state, `[state unavailable]` when the store could not be read."""
    if states is None:
        return "[state unavailable]"
    state = states.get(paper_id, PaperState())
    parts = [
        *([state.status] if state.status != "unread" else []),
        *([f"tags: {', '.join(state.tags)}"] if state.tags else []),
        *([f"lists: {', '.join(state.lists)}"] if state.lists else []),
        *([f"note: {fit(' '.join(state.note.split()), NOTE_ROOM)}"] if state.note.strip() else []),
    ]
    return f"[{' · '.join(parts)}]" if parts else ""


def state_fields(state: PaperState | None) -> list[tuple[str, str]]:
    """The `reader show` fields for a paper's state (the note is printed after the abstract)."""
    if state is None:
        return [("Status", "unavailable (the store could not be read)")]
    return [("Tags", ", ".join(state.tags)), ("Lists", ", ".join(state.lists)), ("Status", state.status)]
