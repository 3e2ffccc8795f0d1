"""Display text for papers, free of any UI toolkit: LaTeX to Unicode, highlights, bylines.

`latex_to_unicode` never loses a word: `%` and stray `$` are escaped before pylatexenc
sees them, and a text with a macro pylatexenc would drop, or whose rendering misses
any word of the input, is shown raw.

The app renders at most `ABSTRACT_SHOWN` characters of an abstract (`clipped`), so one
paper with a huge abstract costs a bounded amount of LaTeX, highlighting and wrapping.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote_plus

from reader.ingest.clean import clean_text
from reader.models import Paper
from reader.search.analysis import WORD, term

_EMPH_OPEN, _EMPH_CLOSE = "\ue000", "\ue001"
_LATEXISH = re.compile(r"[\\$]")
_UNESCAPED_PERCENT = re.compile(r"(?<!\\)%")
_MACRO = re.compile(r"\\(?:[A-Za-z]+|.)")
# Inline math as TeX-in-Markdown reads it: `$` + non-space ... non-space + `$`, no digit after.
_MATH = re.compile(r"(?<!\\)\$(?=[^\s$])(?:\\.|[^$\\])*?(?<=[^\s\\])\$(?!\d)")
_DOLLAR = re.compile(r"(?<!\\)\$")
_BRACE = re.compile(r"(?<!\\)[{}]")
# Characters of an abstract the app renders: above arXiv's 1,920 and PubMed's 4,096, and at
# 5-10 ms of CPU per 1,000 characters of LaTeX, a few frames at worst, once per paper (cached).
ABSTRACT_SHOWN = 5_000
FIELD_SHOWN = 2_000  # characters of a title, author list or note the app renders
_EMPHASIS_MACROS = ("emph", "textit", "textbf", "textsl", "underline", "mathbf", "mathit")
_KEY_MACROS = ("cite", "citep", "citet", "ref", "eqref", "url", "href")


class _UnknownMacro(Exception):
    """pylatexenc met a macro it would drop."""


@dataclass(frozen=True)
class Rendered:
    """Display text and the (start, end) spans to show with emphasis."""

    text: str
    emphasis: tuple[tuple[int, int], ...] = ()


def safe(text: str) -> str:
    """Text with terminal control characters and bidi overrides removed."""
    return clean_text(text) if text else ""


def clipped(text: str, limit: int) -> tuple[str, bool]:
    """`text` cut before `limit` characters, at the last space if there is one; and whether it was cut."""
    if len(text) <= limit:
        return text, False
    head = text[:limit]
    space = max(head.rfind(char) for char in " \n\t")
    return (head[:space] if space > limit // 2 else head).rstrip(), True


def abstract_cut_note(paper: Paper) -> str:
    """What the app says under an abstract it shows only the start of."""
    return (f"… (abstract cut at {ABSTRACT_SHOWN:,} of {len(paper.abstract):,} characters; "
            f"`reader show {paper.id}` prints it all)")


def first_author(paper: Paper) -> str:
    """`First Author et al.` when the list goes on, else the one author ('' if none)."""
    if not paper.authors:
        return ""
    more = len(paper.authors) > 1 or paper.authors_truncated
    return paper.authors[0] + (" et al." if more else "")


def all_authors(paper: Paper) -> str:
    """Every author, with `et al.` when the listing cut the list short."""
    return ", ".join(paper.authors) + (" et al." if paper.authors_truncated else "")


def arxiv_search_url(title: str) -> str:
    """The arXiv search page for a paper title."""
    return f"https://arxiv.org/search/?query={quote_plus(title)}&searchtype=title"


def highlight_spans(text: str, wanted: frozenset[str] | set[str]) -> list[tuple[int, int]]:
    """Spans of the words of `text` whose index term is one of `wanted`."""
    if not wanted:
        return []
    return [m.span() for m in WORD.finditer(text) if term(m.group()) in wanted]


@lru_cache(maxsize=1)
def _converter():
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    def emphasis(node, l2tobj):
        return _EMPH_OPEN + l2tobj.nodelist_to_text(node.nodeargd.argnlist) + _EMPH_CLOSE

    def keys(node, l2tobj):
        return "[" + l2tobj.nodelist_to_text(node.nodeargd.argnlist).strip() + "]"

    db = get_default_latex_context_db().filter_context()
    db.add_context_category(
        "reader",
        macros=[MacroTextSpec(m, simplify_repl=emphasis) for m in _EMPHASIS_MACROS]
        + [MacroTextSpec(m, simplify_repl=keys) for m in _KEY_MACROS],
        prepend=True,
    )
    def unknown(node):
        raise _UnknownMacro(node.macroname)

    db.set_unknown_macro_spec(MacroTextSpec("", simplify_repl=unknown))
    return LatexNodes2Text(latex_context=db, math_mode="text", strict_latex_spaces=True)


def warm_up() -> None:
    """Import pylatexenc and build the converter now (call it off the UI thread)."""
    _converter()


def _folded_words(text: str) -> list[str]:
    """ASCII letters and digits of each whitespace-separated word, accents dropped."""
    decomposed = unicodedata.normalize("NFKD", text.replace("~", " "))
    out = []
    for word in decomposed.split():
        folded = "".join(c for c in word if c.isascii() and c.isalnum()).lower()
        if folded:
            out.append(folded)
    return out


def keeps_every_word(raw: str, rendered: str) -> bool:
    """Whether every word of `raw` (LaTeX commands aside) still shows in `rendered`."""
    target = " ".join(_folded_words(rendered))
    position = 0
    for word in _folded_words(_MACRO.sub("", raw)):
        found = target.find(word, position)
        if found < 0:
            return False
        position = found + len(word)
    return True


def _balanced(text: str) -> bool:
    """Whether the unescaped braces of `text` pair up (pylatexenc drops a stray one)."""
    depth = 0
    for match in _BRACE.finditer(text):
        depth += 1 if match.group() == "{" else -1
        if depth < 0:
            return False
    return depth == 0


def _escape(text: str) -> str:
    """Escape `%` (a comment to LaTeX) and every `$` that does not delimit inline math."""
    text = _UNESCAPED_PERCENT.sub(r"\\%", text)
    out, last = [], 0
    for match in _MATH.finditer(text):
        out.append(_DOLLAR.sub(r"\\$", text[last : match.start()]))
        out.append(match.group())
        last = match.end()
    out.append(_DOLLAR.sub(r"\\$", text[last:]))
    return "".join(out)


def _spans(marked: str) -> Rendered:
    out, spans, stack = [], [], []
    length = 0
    for char in marked:
        if char == _EMPH_OPEN:
            stack.append(length)
        elif char == _EMPH_CLOSE:
            if stack:
                spans.append((stack.pop(), length))
        else:
            out.append(char)
            length += 1
    return Rendered("".join(out), tuple(sorted(s for s in spans if s[0] < s[1])))


@lru_cache(maxsize=512)
def latex_to_unicode(text: str) -> Rendered:
    """Readable Unicode for LaTeX in listing text; the raw text when rendering would lose a word."""
    text = safe(text)
    if not _LATEXISH.search(text) or _EMPH_OPEN in text or _EMPH_CLOSE in text or not _balanced(text):
        return Rendered(text)
    try:
        marked = _converter().latex_to_text(_escape(text))
    except Exception:  # noqa: BLE001 - an unknown macro or any parser failure: show the raw text
        return Rendered(text)
    rendered = _spans(marked)
    plain = safe(rendered.text)
    if plain != rendered.text or not keeps_every_word(text, plain):
        return Rendered(text)
    return rendered
