"""BibTeX entries: `Last, First` authors, protected acronyms, escaped text, LaTeX kept.

The entry type follows what is known: `@article` with a journal, `@inproceedings` with a
booktitle, else `@misc`. A paper with an arXiv id gets the fields arXiv's own BibTeX export
writes (`eprint`, `archivePrefix`, `primaryClass`, `url`), which biblatex reads as
`eprint`/`eprinttype`/`eprintclass` and natbib styles print as `arXiv:ID`; a paper without
one keeps `howpublished = {arXiv cs.CL}`. `doi` and `url` are written as they are (biblatex
reads both verbatim), with only braces and backslashes percent-encoded.

A title is read as a mix of LaTeX and plain text. Kept as written: inline math (`$…$` as
TeX-in-Markdown reads it: no space inside the dollars, no digit after), macros pylatexenc
knows (`\\alpha`, `\\"a`, `\\'{e}`), already-escaped characters (`\\&`) and balanced brace
groups. Everything else is plain text: `& % $ # _ { } ~ ^ \\` are escaped, and a word with
a capital after its first letter or with digits among letters is braced (`{BERT}`, `{GPT-4}`)
so that a style that lower-cases titles leaves it alone. Non-ASCII stays UTF-8.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reader.citations.fields import arxiv_category, arxiv_url, venue, web_url
from reader.citations.names import Name, split_name
from reader.models import Paper

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_ESCAPES = {
    "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}",
}
_MATH = re.compile(r"\$(?=[^\s$])(?:\\.|[^$\\])*?(?<=[^\s\\])\$(?!\d)")
_ESCAPED = re.compile(r"\\[&%$#_{}]")
_ACCENT = re.compile(
    r"""\\[`'^"~=.](?:\{[^{}\\]*\}|[A-Za-z]|\\[ij](?![A-Za-z]))"""  # \"a \'{e} \^\i
    r"""|\\[uvHcdbkr]\{[^{}\\]*\}"""  # \v{s} \c{c}: a letter accent only with braces
)
_MACRO = re.compile(r"\\([A-Za-z]+)(?:\{[^{}]*\})*")
_WORD_CORE = re.compile(r"^([(\[\"'“‘]*)(.*?)([)\]\"'”’:;,.?!]*)$", re.DOTALL)


@lru_cache(maxsize=1)
def _known_macros():
    from pylatexenc.latex2text import get_default_latex_context_db

    return get_default_latex_context_db()


def _is_known_macro(name: str) -> bool:
    return _known_macros().get_macro_spec(name) is not None


def escape(text: str) -> str:
    """Plain text made safe for a BibTeX field: every LaTeX special character escaped."""
    return "".join(_ESCAPES.get(char, char) for char in text)


def needs_protection(word: str) -> bool:
    """A word BibTeX styles must not lower-case: `BERT`, `GPT-4`, `word2vec`, `MM1.5`, `iPhone`."""
    letters = [c for c in word if c.isalpha()]
    if any(c.isupper() for c in letters[1:]):
        return True
    return bool(letters) and any(c.isdigit() for c in word)


def _plain(text: str, protect: bool = True) -> str:
    """Escape plain text and brace the words that need protecting, punctuation outside the braces."""
    if not protect:
        return escape(text)
    out = []
    for piece in re.split(r"(\s+)", text):
        if not piece or piece.isspace():
            out.append(piece)
            continue
        lead, core, tail = _WORD_CORE.match(piece).groups()
        if core and needs_protection(core):
            out.append(f"{escape(lead)}{{{escape(core)}}}{escape(tail)}")
        else:
            out.append(escape(piece))
    return "".join(out)


def _brace_pairs(text: str) -> dict[int, int]:
    """Positions of unescaped `{` mapped to their matching `}`; stray braces are left out."""
    pairs, stack = {}, []
    for index, char in enumerate(text):
        if char in "{}" and index and text[index - 1] == "\\":
            continue
        if char == "{":
            stack.append(index)
        elif char == "}" and stack:
            pairs[stack.pop()] = index
    return pairs


def latex_title(title: str) -> str:
    """The title as a BibTeX field value (without the outer braces)."""
    pairs = _brace_pairs(title)
    closers = set(pairs.values())
    out, plain, index, depth = [], [], 0, 0

    def flush() -> None:
        if plain:
            out.append(_plain("".join(plain), protect=depth == 0))  # a group is protected already
            plain.clear()

    while index < len(title):
        char = title[index]
        kept = None
        if char == "$":
            match = _MATH.match(title, index)
            if match:
                kept = "{" + match.group() + "}"  # braced, so no style lower-cases the math
                index = match.end()
        elif char == "\\":
            for pattern in (_ESCAPED, _ACCENT):
                match = pattern.match(title, index)
                if match:
                    kept, index = match.group(), match.end()
                    break
            else:
                match = _MACRO.match(title, index)
                if match and _is_known_macro(match.group(1)):
                    kept, index = match.group(), match.end()
        elif char == "{" and index in pairs:
            flush()
            kept, index, depth = "{", index + 1, depth + 1
        elif char == "}" and index in closers:
            flush()
            kept, index, depth = "}", index + 1, depth - 1
        if kept is None:
            plain.append(char)
            index += 1
        else:
            flush()
            out.append(kept)
    flush()
    return "".join(out)


def bibtex_name(name: Name) -> str:
    """`van den Oord, Aäron`, `King, Jr., Martin`, or a body braced whole: `{Gemini Team}`."""
    if name.is_corporate:
        return "{" + escape(name.literal) + "}"
    parts = [escape(name.family)]
    if name.suffix:
        parts.append(escape(name.suffix))
    if name.given:
        parts.append(escape(name.given))
    return ", ".join(parts)


def bibtex_authors(paper: Paper) -> str:
    """Authors joined with ` and `; a list the listing cut short ends in `and others`."""
    names = [bibtex_name(split_name(a)) for a in paper.authors]
    if paper.authors_truncated and names:
        names.append("others")
    return " and ".join(names)


def entry_type(paper: Paper) -> str:
    """`article` with a journal, `inproceedings` with a booktitle, else `misc`."""
    if paper.journal:
        return "article"
    return "inproceedings" if paper.booktitle else "misc"


def _verbatim(value: str) -> str:
    """A DOI or URL as a field value: braces and backslashes percent-encoded, nothing else touched."""
    return "{" + value.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D") + "}"


def bibtex_fields(paper: Paper) -> list[tuple[str, str]]:
    """(name, value) pairs in the order they are written; values carry their braces."""
    fields = [("title", "{" + latex_title(paper.title) + "}")]
    authors = bibtex_authors(paper)
    if authors:
        fields.append(("author", "{" + authors + "}"))
    kind = entry_type(paper)
    if kind == "article":
        fields.append(("journal", "{" + latex_title(paper.journal) + "}"))
    elif kind == "inproceedings":
        fields.append(("booktitle", "{" + latex_title(paper.booktitle) + "}"))
    if paper.year:
        fields.append(("year", "{" + str(paper.year) + "}"))
    if paper.published:
        fields.append(("month", MONTHS[paper.published.month - 1]))
    category = arxiv_category(paper.category)
    if paper.arxiv:
        fields.append(("eprint", "{" + paper.arxiv + "}"))
        fields.append(("archivePrefix", "{arXiv}"))
        if category:
            fields.append(("primaryClass", "{" + escape(category) + "}"))
    if paper.doi:
        fields.append(("doi", _verbatim(paper.doi)))
    url = arxiv_url(paper) or web_url(paper)
    if url:
        fields.append(("url", _verbatim(url)))
    where = venue(paper)
    if kind == "misc" and not paper.arxiv and where:
        fields.append(("howpublished", "{" + escape(where) + "}"))
    return fields


def bibtex_entry(paper: Paper, key: str) -> str:
    """One entry of the type `entry_type` names."""
    body = "".join(f"  {name} = {value},\n" for name, value in bibtex_fields(paper))
    return f"@{entry_type(paper)}{{{key},\n{body}}}\n"


def bibtex(papers: list[Paper], keys: dict[str, str]) -> str:
    """Entries for `papers`, separated by blank lines."""
    return "\n".join(bibtex_entry(p, keys[p.id]) for p in papers)
