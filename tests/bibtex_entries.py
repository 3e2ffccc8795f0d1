"""Read BibTeX in tests with bibtexparser 2, as dicts shaped like 1.x's entries (`ID`, `ENTRYTYPE`, fields)."""

from __future__ import annotations

import bibtexparser


def bibtex_entries(text: str) -> list[dict]:
    """Every entry of `text`; fails the test when any block does not parse."""
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [block.error for block in library.failed_blocks]
    return [
        {"ID": entry.key, "ENTRYTYPE": entry.entry_type, **{f.key: f.value for f in entry.fields}}
        for entry in library.entries
    ]
