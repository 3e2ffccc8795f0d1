"""tantivy (its Python package, the `bench` extra) as a second reference beside SQLite FTS5.

The same merged papers go into an index with the fields title, authors, orgs, abstract,
category (English stemming, stored, positions kept) and year (an indexed integer). Words
without a field search the five text fields, title boosted 3× as FTS5's bm25 weight 3,
and all words must match (`conjunction_by_default`), as in the reader and in FTS5.
Each query of the mix is spelled in tantivy's query language as closely as it allows;
QUERIES says how. A search is top 20 by BM25, their stored fields, and the total count.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Callable

import tantivy

TEXT_FIELDS = ("title", "authors", "orgs", "abstract", "category")
BOOSTS = {"title": 3.0}
HEAP = 128_000_000  # the writer's memory budget, bytes: tantivy-py's default
THREADS = 0  # indexing threads: 0 lets tantivy choose (one per core, here 2)
PREFIX = {field: (True, 0, False) for field in TEXT_FIELDS}  # fuzzy_fields: (prefix, distance, transposition)
FUZZY = {field: (False, 1, True) for field in TEXT_FIELDS}

# label (as in bench.QUERIES) -> (tantivy query, fuzzy_fields or None, how it was mapped)
QUERIES = {
    "1 word": ("language", None, "same"),
    "2 words": ("diffusion models", None, "same (all words must match)"),
    "3 words": ("neural network training", None, "same (all words must match)"),
    "phrase": ('"large language models"', None, "same"),
    "prefix": ("lang", PREFIX, "no `*` in the parser: `lang` as a prefix term (fuzzy_fields prefix, distance 0)"),
    "fuzzy": ("transfomer", FUZZY, "real fuzzy: fuzzy_fields distance 1 on the stemmed term (FTS5 has none)"),
    "typo, 0 hits": ("transfomer", None, "same"),
    "OR": ("retrieval OR rag", None, "same"),
    "NOT": ("language -vision", None, "same"),
    "author:": ("authors:cohen", None, "field `authors`"),
    "org:": ("orgs:deepmind", None, "field `orgs`"),
    "cat:": ("category:CL", None, "field `category` (tokenised, as FTS5)"),
    "title:": ("title:transformer", None, "same"),
    "abstract:": ("abstract:reward", None, "same"),
    "year:": ("year:2024", None, "integer term"),
    "year range": ("year:[2022 TO 2024]", None, "range query on the integer field"),
    "word + year": ("attention year:2024", None, "word AND integer term"),
    "word + filters": ("reasoning orgs:deepmind category:CL", None, "three terms, all must match"),
}


def schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    for field in TEXT_FIELDS:
        builder.add_text_field(field, stored=True, tokenizer_name="en_stem")
    builder.add_integer_field("year", stored=True, indexed=True, fast=True)
    return builder.build()


def document(paper) -> tantivy.Document:
    fields = {"title": paper.title, "authors": ", ".join(paper.authors), "orgs": ", ".join(paper.orgs),
              "abstract": paper.abstract}
    if paper.category:
        fields["category"] = paper.category
    if paper.year is not None:
        fields["year"] = paper.year
    return tantivy.Document(**fields)


def build(corpus: str, path: str, parse: Callable[[str], list]) -> dict:
    """Parse and merge `corpus` with the reader's parser, then index it at `path` (timed apart)."""
    shutil.rmtree(path, ignore_errors=True)
    Path(path).mkdir(parents=True)
    started = time.perf_counter()
    papers = parse(corpus)
    parsed = time.perf_counter()
    index = tantivy.Index(schema(), path=path)
    writer = index.writer(HEAP, THREADS)
    for paper in papers:
        writer.add_document(document(paper))
    writer.commit()
    writer.wait_merging_threads()
    done = time.perf_counter()
    index.reload()
    return {"seconds": done - started, "parse": parsed - started, "index": done - parsed,
            "papers": index.searcher().num_docs, "segments": index.searcher().num_segments}


class Searcher:
    """An opened tantivy index that runs the mix's queries by label."""

    def __init__(self, path: str):
        self.index = tantivy.Index.open(path)
        self.searcher = self.index.searcher()

    def run(self, label: str) -> int:
        """Top 20 by BM25 with their stored fields; the total count."""
        text, fuzzy, _ = QUERIES[label]
        query = self.index.parse_query(text, list(TEXT_FIELDS), field_boosts=BOOSTS,
                                       fuzzy_fields=fuzzy or {}, conjunction_by_default=True)
        result = self.searcher.search(query, 20, count=True)
        for _, address in result.hits:
            self.searcher.doc(address)
        return result.count


def cold(path: str, label: str) -> dict:
    """Open the index in this fresh process and run one query of the mix as its first."""
    started = time.perf_counter()
    searcher = Searcher(path)
    opened = time.perf_counter()
    total = searcher.run(label)
    return {"open": opened - started, "first_query": time.perf_counter() - opened, "total": total}
