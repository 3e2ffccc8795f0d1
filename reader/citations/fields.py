"""Small derived fields every format shares: the category label, the browser URL, text titles."""

from __future__ import annotations

import string
from urllib.parse import quote, quote_plus

from reader.models import Paper
from reader.render import latex_to_unicode

DEFAULT_BROWSER_URL = "https://arxiv.org/search/?query={title}&searchtype=title"
URL_FIELDS = ("title", "id")
# arXiv Computer Science categories; a listing writes them without the `cs.` prefix.
CS_CATEGORIES = frozenset(
    "AI AR CC CE CG CL CR CV CY DB DC DL DM DS ET FL GL GR GT HC IR IT LG LO MA MM MS NA NE NI "
    "OH OS PF PL RO SC SD SE SI SY".split()
)


def arxiv_category(category: str | None) -> str | None:
    """`CL` → `cs.CL`; a code that is not a cs category (or already has a prefix) stays as it is."""
    if not category:
        return None
    return f"cs.{category}" if category in CS_CATEGORIES else category


def venue(paper: Paper) -> str | None:
    """`arXiv cs.CL`, naming the category; None when the listing gives none."""
    category = arxiv_category(paper.category)
    return f"arXiv {category}" if category else None


def text_title(paper: Paper) -> str:
    """The title with any LaTeX rendered as Unicode (the raw title if rendering would lose a word)."""
    return latex_to_unicode(paper.title).text


def url_template_error(template: str) -> str | None:
    """Why `template` is not a usable browser URL template, or None."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as error:
        return f"bad braces ({error})"
    unknown = [f for f in fields if f not in URL_FIELDS]
    if unknown:
        return f"unknown field {{{unknown[0]}}}: use {{title}} and {{id}}"
    return None


def browser_url(paper: Paper, template: str | None = None) -> str:
    """The page to open for `paper`: the template with `{title}` and `{id}` URL-encoded."""
    template = template or DEFAULT_BROWSER_URL
    if url_template_error(template):
        template = DEFAULT_BROWSER_URL
    return template.format(title=quote_plus(text_title(paper)), id=quote(paper.id))
