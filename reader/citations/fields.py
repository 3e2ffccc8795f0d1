"""Small derived fields every format shares: the arXiv category, the paper's links, text titles."""

from __future__ import annotations

import string
from urllib.parse import quote, quote_plus

from reader.models import Paper
from reader.render import latex_to_unicode

DEFAULT_BROWSER_URL = "https://arxiv.org/search/?query={title}&searchtype=title"
ARXIV_ABS = "https://arxiv.org/abs/"
DOI_RESOLVER = "https://doi.org/"
URL_FIELDS = ("title", "id")
# arXiv subject codes a listing writes without their archive prefix: `CL` is `cs.CL`.
CS_CATEGORIES = frozenset(
    "AI AR CC CE CG CL CR CV CY DB DC DL DM DS ET FL GL GR GT HC IR IT LG LO MA MM MS NA NE NI "
    "OH OS PF PL RO SC SD SE SI SY".split()
)
OTHER_CATEGORIES = {"ML": "stat.ML", "AS": "eess.AS", "IV": "eess.IV", "SP": "eess.SP"}


def arxiv_category(category: str | None) -> str | None:
    """`CL` → `cs.CL`, `ML` → `stat.ML`, `SP` → `eess.SP`; a full or unknown code stays as it is."""
    if not category:
        return None
    if category in CS_CATEGORIES:
        return f"cs.{category}"
    return OTHER_CATEGORIES.get(category, category)


def venue(paper: Paper) -> str | None:
    """`arXiv cs.CL`, naming the category; None when the listing gives none."""
    category = arxiv_category(paper.category)
    return f"arXiv {category}" if category else None


def container(paper: Paper) -> str | None:
    """The journal, else the proceedings (booktitle), else None."""
    return paper.journal or paper.booktitle or None


def arxiv_url(paper: Paper) -> str | None:
    """`https://arxiv.org/abs/2101.03961`, or None without an arXiv id."""
    return ARXIV_ABS + paper.arxiv if paper.arxiv else None


def doi_url(paper: Paper) -> str | None:
    """`https://doi.org/10.18653/v1/n19-1423` (the DOI's reserved characters encoded), or None."""
    return DOI_RESOLVER + quote(paper.doi, safe="/:;()._-") if paper.doi else None


def web_url(paper: Paper) -> str | None:
    """The paper's `url` when it is an http(s) address (never `file:` or `javascript:`), else None."""
    url = (paper.url or "").strip()
    usable = url.lower().startswith(("https://", "http://")) and url.isprintable() and " " not in url
    return url if usable else None


def link(paper: Paper) -> str | None:
    """The paper's own page: its arXiv abstract, else its DOI, else its URL; None if none is known."""
    return arxiv_url(paper) or doi_url(paper) or web_url(paper)


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
    """The page `o` opens: the paper's own `link`, else the search template with `{title}` and `{id}` encoded."""
    own = link(paper)
    if own:
        return own
    template = template or DEFAULT_BROWSER_URL
    if url_template_error(template):
        template = DEFAULT_BROWSER_URL
    return template.format(title=quote_plus(text_title(paper)), id=quote(paper.id))
