"""The one facade the CLI and the app call: papers, search and index upkeep."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

from reader import paths
from reader.models import Hit, Paper, ParseWarning, SearchResult
from reader.search import facets as facet_counts
from reader.search import similar as more_like
from reader.search import syntax
from reader.search.analysis import fold, terms
from reader.search.compile import Compiler
from reader.search.facets import Facets
from reader.search.index import PaperIndex, Progress, UpdateReport
from reader.search.syntax import QueryError

SORTS = ("relevance", "newest", "oldest", "title")
__all__ = ["Facets", "Library", "LibraryError", "QueryError", "SORTS", "UnknownPaper"]


class LibraryError(Exception):
    """A problem the user can fix; the message says how."""


class UnknownPaper(LibraryError):
    """No paper, or more than one, has the given id or id prefix."""


def _check_seeds(seeds: list[Path], data_dir: Path) -> None:
    for seed in seeds:
        if not seed.exists():
            raise LibraryError(f"listing folder {seed} does not exist: check --seeds or READER_SEEDS")
        root = seed.resolve() if seed.is_dir() else seed.resolve().parent
        if data_dir.resolve().is_relative_to(root):
            raise LibraryError(
                f"the data dir {data_dir} is inside the listing folder {root}; "
                "reader never writes into listing folders: choose another --data-dir"
            )


class Library:
    """Papers from listing folders, indexed for search, behind one object."""

    def __init__(self, data_dir: Path, seeds: list[Path], index: PaperIndex, report: UpdateReport):
        self.data_dir = data_dir
        self.seeds = seeds
        self.index = index
        self.report = report

    @classmethod
    def open(
        cls,
        data_dir: str | Path | None = None,
        seeds: list[str | Path] | None = None,
        progress: Progress | None = None,
        rebuild: bool = False,
    ) -> Library:
        """Open the library, bringing the index up to date with the listing files."""
        root = paths.data_dir(data_dir)
        seed_paths = [Path(s).expanduser() for s in seeds] if seeds else [paths.bundled_seeds()]
        _check_seeds(seed_paths, root)
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise LibraryError(f"cannot create the data dir {root} ({error.strerror}): choose another --data-dir") from error
        index = PaperIndex(root / "index")
        report = index.open(paths.listing_files(seed_paths), progress, rebuild=rebuild)
        return cls(root, seed_paths, index, report)

    def update(self, progress: Progress | None = None, rebuild: bool = False) -> UpdateReport:
        """Re-scan the listing folders and apply what changed (or rebuild everything)."""
        self.report = self.index.open(paths.listing_files(self.seeds), progress, rebuild=rebuild)
        return self.report

    def close(self) -> None:
        self.index.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # papers ----------------------------------------------------------------
    def count(self) -> int:
        """How many distinct papers the library holds."""
        return self.index.catalog.count()

    def papers(self) -> Iterator[Paper]:
        """Every paper, in listing order."""
        return self.index.catalog.iter_papers()

    def resolve(self, paper_id: str) -> str:
        """The full id for an id or a unique prefix of one."""
        prefix = paper_id.strip().lower()
        if not re.fullmatch(r"[0-9a-f]{1,12}", prefix):
            raise UnknownPaper(f"“{paper_id}” is not a paper id: ids are hex, as shown by `reader search`")
        matches = self.index.catalog.ids_with_prefix(prefix)
        if not matches:
            raise UnknownPaper(f"no paper has id “{paper_id}”: find it with `reader search`")
        if len(matches) > 1:
            raise UnknownPaper(f"“{paper_id}” matches more than one paper: type more of the id")
        return matches[0]

    def get(self, paper_id: str) -> Paper:
        """One paper by id or unique id prefix."""
        full = self.resolve(paper_id)
        return self.index.catalog.get([full])[full]

    def warnings(self) -> list[ParseWarning]:
        """Lines in the listing files that the parser could not place."""
        return self.index.warnings()

    # search ----------------------------------------------------------------
    def search(self, query: str, limit: int | None = 20, sort: str = "relevance") -> SearchResult:
        """Papers matching `query`; the empty query lists every paper, newest first."""
        if sort not in SORTS:
            raise QueryError(f"unknown sort “{sort}”: use one of {', '.join(SORTS)}")
        started = time.perf_counter()
        tree = syntax.parse(query)
        compiler = Compiler(self.index.vocabulary)
        compiled = compiler.compile(tree) if tree is not None else None
        if compiled is None:
            order = "newest" if sort == "relevance" else sort
            papers = self.index.catalog.ordered(order, limit)
            hits = tuple(Hit(p, 0.0) for p in papers)
            return SearchResult(query, hits, self.count(), sort, None, time.perf_counter() - started)
        found, total = self.index.run(compiled, limit or self.count() or 1, sort)
        papers = self.index.catalog.get([doc_id for doc_id, _ in found])
        wanted = frozenset(compiler.terms)
        hits = tuple(
            Hit(papers[doc_id], score, wanted & _paper_terms(papers[doc_id]))
            for doc_id, score in found
            if doc_id in papers
        )
        suggestion = self._suggest(query, compiler.free_words) if total == 0 else None
        return SearchResult(query, hits, total, sort, suggestion, time.perf_counter() - started, wanted)

    def _compile(self, query: str):
        """The Whoosh query for `query` (None when it lists everything) and its compiler."""
        tree = syntax.parse(query)
        compiler = Compiler(self.index.vocabulary)
        return (compiler.compile(tree) if tree is not None else None), compiler

    def page(self, query: str, offset: int, limit: int, sort: str = "relevance") -> tuple[Hit, ...]:
        """Hits `offset` to `offset + limit` of `search(query, sort=sort)`, fetching only those papers."""
        compiled, compiler = self._compile(query)
        if compiled is None:
            order = "newest" if sort == "relevance" else sort
            return tuple(Hit(p, 0.0) for p in self.index.catalog.ordered(order, limit, offset))
        found, _ = self.index.run(compiled, offset + limit, sort)
        found = found[offset:]
        papers = self.index.catalog.get([doc_id for doc_id, _ in found])
        wanted = frozenset(compiler.terms)
        return tuple(
            Hit(papers[i], score, wanted & _paper_terms(papers[i])) for i, score in found if i in papers
        )

    def facets(self, query: str = "") -> Facets:
        """Counts of the papers `query` finds per category, year and organisation."""
        compiled, _ = self._compile(query)
        with self.index._lock:
            return facet_counts.count(self.index.searcher(), compiled)

    def similar(self, paper_id: str, limit: int = 30) -> SearchResult:
        """Papers like this one (more-like-this over title and abstract), best first."""
        started = time.perf_counter()
        paper = self.get(paper_id)
        with self.index._lock:
            found, key_terms = more_like.similar(self.index.searcher(), paper, limit)
        papers = self.index.catalog.get([doc_id for doc_id, _ in found])
        hits = tuple(
            Hit(papers[i], score, key_terms & _paper_terms(papers[i])) for i, score in found if i in papers
        )
        elapsed = time.perf_counter() - started
        return SearchResult(f"like:{paper.id}", hits, len(hits), "relevance", None, elapsed, key_terms)

    def _suggest(self, query: str, words: list[str]) -> str | None:
        vocabulary = self.index.vocabulary()
        suggested = query
        for word in words:
            better = vocabulary.suggest(fold(word))
            if better:
                suggested = re.sub(rf"(?<![\w:]){re.escape(word)}(?!\w)", better, suggested, count=1)
        return suggested if suggested != query else None


def _paper_terms(paper: Paper) -> set[str]:
    return set(terms(" ".join((paper.title, " ".join(paper.authors), " ".join(paper.orgs), paper.abstract))))
