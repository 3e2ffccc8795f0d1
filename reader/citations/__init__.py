"""Citations of papers: BibTeX, CSL text styles, Markdown, plain text, RIS, CSL-JSON, CSV, JSONL.

`render(papers, style, keys)` is the one entry point; `reader.library.Library.cite`
and `Library.export` call it and pin the keys they hand out. UI-free: never imports textual.
"""

from reader.citations.styles import (
    CSL_ALIASES,
    DEFAULT_STYLE,
    EXPORT_FORMATS,
    UnknownStyle,
    available_styles,
    check_style,
    render,
    shows_keys,
)

__all__ = [
    "CSL_ALIASES",
    "DEFAULT_STYLE",
    "EXPORT_FORMATS",
    "UnknownStyle",
    "available_styles",
    "check_style",
    "render",
    "shows_keys",
]
