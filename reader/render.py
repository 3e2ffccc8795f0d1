"""Display text for papers, free of any UI toolkit: LaTeX to Unicode, highlights, bylines.

`latex_to_unicode` never loses a word and never gives up on a whole text for one part:
a macro it does not know stays as written while the rest renders (`reader.latex_converter`).
`%` and stray `$` are escaped before pylatexenc sees them; a text whose braces do not pair
up, or whose rendering would still miss a word, is shown raw.

The app renders at most `ABSTRACT_SHOWN` characters of an abstract (`clipped`), so one
paper with a huge abstract costs a bounded amount of LaTeX, highlighting and wrapping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote_plus

from reader.ingest.clean import clean_text
from reader.latex_converter import EMPH_CLOSE as _EMPH_CLOSE
from reader.latex_converter import EMPH_OPEN as _EMPH_OPEN
from reader.latex_converter import converter, keeps_every_word, split_run_on_names
from reader.models import Paper
from reader.search.analysis import WORD, term

_LATEXISH = re.compile(r"[\\$]")
_UNESCAPED_PERCENT = re.compile(r"(?<!\\)%")
# Inline math as TeX-in-Markdown reads it: `$` + non-space ... non-space + `$`, no digit after.
_MATH = re.compile(r"(?<!\\)\$(?=[^\s$])(?:\\.|[^$\\])*?(?<=[^\s\\])\$(?!\d)")
_DOLLAR = re.compile(r"(?<!\\)\$")
_BRACE = re.compile(r"(?<!\\)[{}]")
# Characters of an abstract the app renders: above arXiv's 1,920 and PubMed's 4,096, and at
# 5-10 ms of CPU per 1,000 characters of LaTeX, a few frames at worst, once per paper (cached).
ABSTRACT_SHOWN = 5_000
FIELD_SHOWN = 2_000  # characters of a title, author list or note the app renders

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


def one_line(rendered: Rendered) -> Rendered:
    """`rendered` on one line: each run of whitespace as one space, ends trimmed, emphasis kept in place."""
    out: list[str] = []
    moved: list[int] = []  # where each character of the input lands in the output
    for char in rendered.text:
        if char.isspace():
            if out and out[-1] != " ":
                out.append(" ")
        else:
            out.append(char)
        moved.append(len(out))
    while out and out[-1] == " ":
        out.pop()
    end = len(out)

    def place(index: int) -> int:
        return min(moved[index - 1], end) if index else 0

    spans = ((place(a), place(b)) for a, b in rendered.emphasis)
    return Rendered("".join(out), tuple(span for span in spans if span[0] < span[1]))


@lru_cache(maxsize=2048)
def display_title(title: str) -> Rendered:
    """A title as the app and the CLI show it: LaTeX rendered, on one line, cut to `FIELD_SHOWN`."""
    text, cut = clipped(" ".join(title[: 2 * FIELD_SHOWN].split()), FIELD_SHOWN)
    return one_line(latex_to_unicode(f"{text} …" if cut else text))


def display_text(text: str, limit: int = ABSTRACT_SHOWN) -> Rendered:
    """The first `limit` characters of an abstract (or any listing text) with LaTeX rendered."""
    return latex_to_unicode(clipped(text, limit)[0])


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


def _converter():
    """The pylatexenc converter for display text (unknown macros kept, emphasis marked)."""
    return converter("text", True)


def warm_up() -> None:
    """Import pylatexenc and build the converter now (call it off the UI thread)."""
    _converter()


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
    text = split_run_on_names(_UNESCAPED_PERCENT.sub(r"\\%", text))
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
    except Exception:  # noqa: BLE001 - any parser failure: show the raw text
        return Rendered(text)
    rendered = _spans(marked)
    plain = safe(rendered.text)
    if plain != rendered.text or not keeps_every_word(text, plain):
        return Rendered(text)
    return rendered
