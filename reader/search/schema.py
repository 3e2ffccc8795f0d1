"""The Whoosh schema, with text fields that analyze in one fast pass.

`content` holds the title (weighted), authors, organisations and abstract in one
positional field, so a free-word query reads one posting list per word. The abstract
starts at ABSTRACT_START, which lets `abstract:` queries keep only abstract positions.
`document` maps a paper onto these fields; ORDERS and SORTS are the sort orders over them.
"""

from __future__ import annotations

from collections import defaultdict

from whoosh import fields, sorting

from reader.ingest.merge import normalise_title
from reader.models import Paper
from reader.search.analysis import analyzer, terms

TITLE_WEIGHT = 3.0
ABSTRACT_START = 10_000
_SECTION_GAP = 100  # keeps phrases from running across sections


# Most words occur once in a paper; their encoded position lists repeat across papers.
_SINGLE_POSITION: dict[int, bytes] = {}


class FastText(fields.TEXT):
    """A positional text field fed a tuple of (text, weight) sections, or one string."""

    def __init__(self, **kwargs):
        super().__init__(analyzer=analyzer(), phrase=True, **kwargs)

    def index(self, value, **kwargs):
        sections = [(value, 1.0)] if isinstance(value, str) else value
        positions: dict[str, list[int]] = defaultdict(list)
        weights: dict[str, float] = defaultdict(float)
        pos = 0
        for text, weight in sections:
            if weight is None:  # the abstract marker: jump to ABSTRACT_START
                pos = max(pos, ABSTRACT_START)
                continue
            for t in terms(text):
                positions[t].append(pos)
                weights[t] += weight
                pos += 1
            pos += _SECTION_GAP
        encode = self.format.encode
        single = _SINGLE_POSITION
        for word, poses in positions.items():
            if len(poses) == 1:
                value = single.get(poses[0])
                if value is None:
                    value = single[poses[0]] = encode(poses)
            else:
                value = encode(poses)
            yield word.encode("utf-8"), len(poses), weights[word], value


def build_schema() -> fields.Schema:
    """The schema of the paper index."""
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        content=FastText(),
        title=FastText(),
        author=FastText(),
        org=fields.KEYWORD(lowercase=True, commas=True, scorable=True),
        cat=fields.KEYWORD(lowercase=True, commas=True),
        year=fields.NUMERIC(int, bits=16, signed=False),
        published=_sort_only(fields.NUMERIC(int, bits=32, signed=False, sortable=True)),
        undated=_sort_only(fields.NUMERIC(int, bits=8, signed=False, sortable=True)),
        title_sort=_sort_only(fields.ID(sortable=True)),
    )


def _sort_only(field):
    """A field kept only as a column to sort by: no query reads its terms, and they were a
    quarter of every segment's terms (a unique title each, eight tiers of each date)."""
    field.indexed = False
    return field


def content_sections(title: str, authors, orgs, abstract: str):
    """The `content` value for one paper: title weighted, abstract placed at ABSTRACT_START."""
    return (
        (title, TITLE_WEIGHT),
        (" ".join(authors), 1.0),
        (" ".join(orgs), 1.0),
        ("", None),
        (abstract, 1.0),
    )


def document(paper: Paper) -> dict:
    """The Whoosh fields of one paper."""
    doc = {
        "id": paper.id,
        "content": content_sections(paper.title, paper.authors, paper.orgs, paper.abstract),
        "title": paper.title,
        "author": tuple((name, 1.0) for name in paper.authors),
        "title_sort": normalise_title(paper.title) or paper.id,
    }
    if paper.orgs:
        doc["org"] = ",".join(paper.orgs)
    if paper.category:
        short = paper.category.rsplit(".", 1)[-1]
        doc["cat"] = ",".join(dict.fromkeys([paper.category, short]))
    if paper.year:
        doc["year"] = paper.year
        # A paper known only by its year sorts before the dated papers of that year.
        doc["published"] = int(paper.published.strftime("%Y%m%d")) if paper.published else paper.year * 10_000
    doc["undated"] = 0 if paper.year else 1
    return doc


# Each sort as columns (`-` for descending), ties by document number; undated papers
# sort last whichever way the dates run. The evaluator reads these; Whoosh gets facets.
ORDERS = {"relevance": None, "newest": ("undated", "-published"), "oldest": ("undated", "published"),
           "title": ("title_sort",)}


def _facet(columns: tuple[str, ...]):
    facets = [sorting.FieldFacet(name.lstrip("-"), reverse=name.startswith("-")) for name in columns]
    return facets[0] if len(facets) == 1 else sorting.MultiFacet(facets)


SORTS = {name: columns and _facet(columns) for name, columns in ORDERS.items()}
