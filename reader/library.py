"""The one facade the CLI and the app call: papers, search and index upkeep."""

from __future__ import annotations

import functools
import re
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from whoosh import query as Q

from reader import paths, read_only, sources
from reader.library_citations import CitationsMixin
from reader.library_intake import IntakeMixin
from reader.library_links import LinksMixin
from reader.library_saved import SavedMixin
from reader.library_state import StateMixin
from reader.models import STATUSES, Hit, LibraryError, Paper, PaperState, ParseWarning, SearchResult, UnknownPaper
from reader.search import similar as more_like
from reader.search import syntax, warming
from reader.search.analysis import fold, term_set
from reader.search.compile import Compiler
from reader.search.facets import Facets
from reader.search.index import PaperIndex, Progress, UpdateReport
from reader.search.list_order import LIST_ORDER, SORTS, list_of
from reader.search.syntax import QueryError
from reader.search_process import SearchProcess, SearchProcessGone
from reader.store import STORE_FILE, Change, StateError, Store, StoreError, UnknownList

_STATE_FACETS = 30  # the tags and the lists that facets count, at most
SEARCH_PROCESS_FROM = 5_000  # papers from which searches move to a process of their own
__all__ = [
    "Facets", "Library", "LibraryError", "PaperState", "QueryError", "SORTS", "StateError", "StoreError",
    "UnknownList", "UnknownPaper",
]


def _served(method):
    """Run this read-only call in the search process once there is one, else here."""

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        process = self._process
        if process is not None:
            try:
                return process.call(method.__name__, args, kwargs)
            except SearchProcessGone:
                if process.gone and self._process is process:
                    self._process = None  # it stopped: search here from now on
                    process.close()
        return method(self, *args, **kwargs)

    return call


class Library(LinksMixin, StateMixin, IntakeMixin, CitationsMixin, SavedMixin):  # LinksMixin wraps undo/redo
    """Papers from listing folders, indexed for search, behind one object."""

    def __init__(self, data_dir: Path, seeds: list[Path], index: PaperIndex, report: UpdateReport):
        self.data_dir = data_dir
        self.seeds = seeds  # every listing folder or file, the inbox last
        self.index = index
        self.report = report
        self.notes: list[str] = []  # problems with the configured listing folders
        self.skipped: list[ParseWarning] = []  # files in the folders that are not listings
        self._store: Store | None = None
        self.history_limit: int | None = None  # entries the store's history keeps (None: its default)
        self._state_lock = threading.RLock()
        self._process: SearchProcess | None = None

    @classmethod
    def open(
        cls,
        data_dir: str | Path | None = None,
        seeds: list[str | Path] | None = None,
        progress: Progress | None = None,
        rebuild: bool = False,
        *,
        listings: list[str] | tuple[str, ...] = (),
        bundled: bool = True,
    ) -> Library:
        """Open the library, bringing the index up to date with the listing files.

        The listings are `seeds` (--seeds) when given, else the config's `listings` and the
        bundled seeds (unless `bundled` is false); the inbox is always one of them."""
        root = paths.data_dir(data_dir)
        folders = sources.roots(root, [Path(s) for s in seeds] if seeds else None, list(listings), bundled)
        notes = sources.check(folders, root, required=bool(seeds))
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise LibraryError(f"cannot create the data dir {root} ({error.strerror}): choose another --data-dir") from error
        if not (root / "index").is_dir() and not read_only.can_write(root):
            raise LibraryError(f"the data dir {root} is read-only and holds no index yet: "
                               f"{read_only.MAKE_WRITABLE}")
        index = PaperIndex(root / "index")
        scan = sources.scan(folders)
        library = cls(root, folders, index, index.open(scan.files, progress, rebuild=rebuild))
        off = read_only.note(root, index.root, root / STORE_FILE)  # searching works, edits are refused
        library.notes, library.skipped = [*notes, *([off] if off else [])], scan.skipped
        library._follow_moves(library.report)
        return library

    @classmethod
    def attach(cls, data_dir: str | Path, seeds: list[str | Path]) -> Library:
        """Open the index as it is, without looking at the listings: for a second process that only reads."""
        root = Path(data_dir)
        index = PaperIndex(root / "index")
        index.open_current()
        return cls(root, [Path(s) for s in seeds], index, UpdateReport(papers=index.catalog.count()))

    def use_search_process(self, from_papers: int = SEARCH_PROCESS_FROM) -> bool:
        """Move searches to a process of their own when the library is big enough to need it.

        Until that process has opened the index, and if it ever stops, searches run here.
        """
        if self._process is None and self.count() >= from_papers:
            try:
                self._process = SearchProcess("reader.search_server", [
                    str(Path(path).resolve()) for path in (self.data_dir, *self.seeds)])
            except (OSError, ValueError):  # no processes or fd passing here: search in threads
                return False
        return self._process is not None

    def prepare_search(self) -> None:
        """Make what every search needs first (NumPy imported, the evaluator made), ahead of the first key."""
        with self.index.reading():
            self.index.evaluator()

    def warm_up(self) -> Iterator[None]:
        """Fill the search caches one short step per `next()`, for a process with time to spare."""
        self.index.vocabulary()
        yield
        yield from warming.caches(self.index)
        from reader.search import facet_counting  # NumPy is in by now

        yield from facet_counting.warm_steps(self.index)  # the sidebar's first count: ~2 s at 1M papers
        yield from warming.stored_files(self.index)

    def update(self, progress: Progress | None = None, rebuild: bool = False) -> UpdateReport:
        """Re-scan the listing folders and apply what changed (or rebuild everything)."""
        scan = sources.scan(self.seeds)
        self.skipped = scan.skipped
        self.report = self.index.open(scan.files, progress, rebuild=rebuild)
        self._follow_moves(self.report)
        return self.report

    def close(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            process.close()
        self.index.close()
        if self._store is not None:
            self._store.close()

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

    def _in_listings(self, ids: list[str]) -> list[Paper]:
        """The papers of these ids, in their order; ids no longer in the listings are skipped."""
        papers = self.index.catalog.get(ids)
        return [papers[i] for i in ids if i in papers]

    def warnings(self) -> list[ParseWarning]:
        """Lines in the listing files that the parser could not place, and files that are not listings."""
        return self.index.warnings() + self.skipped

    # search ----------------------------------------------------------------
    @_served
    def search(self, query: str, limit: int | None = 20, sort: str = "relevance") -> SearchResult:
        """Papers matching `query`; the empty query lists every paper, newest first."""
        if sort not in SORTS:
            raise QueryError(f"unknown sort “{sort}”: use one of {', '.join(SORTS)}")
        started = time.perf_counter()
        compiled, compiler = self._compile(query)
        if compiled is None:
            hits = self._listed(sort, limit)
            return SearchResult(query, hits, self.count(), sort, None, time.perf_counter() - started)
        found, total = self._run(query, compiled, limit or self.count() or 1, sort)
        wanted = frozenset(compiler.terms)
        hits = self._hits(found, wanted)
        suggestion = self._suggest(query, compiler.free_words) if total == 0 else None
        return SearchResult(query, hits, total, sort, suggestion, time.perf_counter() - started, wanted)

    def _compile(self, query: str) -> tuple[Q.Query | None, Compiler]:
        """The Whoosh query for `query` (None when it lists everything) and its compiler."""
        tree = syntax.parse(query)
        compiler = Compiler(self.index.vocabulary, self._state_ids)
        return (compiler.compile(tree) if tree is not None else None), compiler

    def _listed(self, sort: str, limit: int | None, offset: int = 0) -> tuple[Hit, ...]:
        """Papers in `sort` order (relevance means newest), for a query that names nothing."""
        order = "newest" if sort in ("relevance", LIST_ORDER) else sort
        found, _ = self.index.run(Q.Every(), offset + (limit or self.count()), order, offset)
        return self._hits(found, frozenset())

    def _hits(self, found: list[tuple[str, float]], wanted: frozenset[str]) -> tuple[Hit, ...]:
        """Hits for (id, score) pairs, each with the `wanted` terms its paper holds."""
        papers = self.index.catalog.get([doc_id for doc_id, _ in found])
        return tuple(
            Hit(papers[i], score, wanted & _paper_terms(papers[i])) for i, score in found if i in papers
        )

    @_served
    def page(self, query: str, offset: int, limit: int, sort: str = "relevance") -> tuple[Hit, ...]:
        """Hits `offset` to `offset + limit` of `search(query, sort=sort)`, fetching only those papers."""
        compiled, compiler = self._compile(query)
        if compiled is None:
            return self._listed(sort, limit, offset)
        found, _ = self._run(query, compiled, offset + limit, sort, offset)
        return self._hits(found, frozenset(compiler.terms))

    def _run(self, query: str, compiled: Q.Query, limit: int, sort: str, offset: int = 0):
        """`index.run`, or for the list order the hits of a query kept to one list in the list's
        order (relevance for a query that keeps to none)."""
        name = list_of(query) if sort == LIST_ORDER else None
        try:
            order = self.store.list_ids(name) if name is not None else None
        except (StateError, StoreError):  # no such list (it finds nothing), or no store: any order will do
            order = None
        if order is None:
            return self.index.run(compiled, limit, "relevance" if sort == LIST_ORDER else sort, offset)
        found, total = self.index.run(compiled, len(order) or 1, "relevance")  # no more hits than the list holds
        position = {paper_id: place for place, paper_id in enumerate(order)}
        found.sort(key=lambda hit: position.get(hit[0], len(order)))
        return found[offset:limit], total

    @_served
    def facets(self, query: str = "") -> Facets:
        """Counts of the papers `query` finds per category, year, organisation, author, tag, list and status."""
        compiled, compiler = self._compile(query)
        try:
            tags = self._state_queries(compiler, "tag", self.tags())
            lists = self._state_queries(compiler, "list", self.lists())
            statuses = self._state_queries(compiler, "status", [(status, 0) for status in STATUSES])
        except StoreError:  # a broken store is reported by the app; facets go on without it
            tags = lists = statuses = None
        from reader.search.facet_counting import Counting  # NumPy loads with the first search, not at start-up

        with self.index.reading() as searcher:
            counting = Counting(searcher, self.index.evaluator(), compiled)
            found = counting.facets(catalog=self.index.catalog.db)
            if tags is None:
                return found
            return replace(
                found,
                tags=counting.within(tags),
                lists=counting.within(lists),
                statuses=tuple(sorted(counting.within(statuses), key=lambda pair: STATUSES.index(pair[0]))),
            )

    @staticmethod
    def _state_queries(compiler: Compiler, field: str, names: list[tuple[str, int]]) -> list[tuple[str, Q.Query]]:
        """(name, query) for the first tags or lists: each name's papers, as `tag:name` would find them."""
        return [(name, compiler.compile(syntax.State(field, name))) for name, _ in names[:_STATE_FACETS]]

    @_served
    def similar(self, paper_id: str, limit: int = 30) -> SearchResult:
        """Papers like this one (more-like-this over title and abstract), best first."""
        started = time.perf_counter()
        paper = self.get(paper_id)
        with self.index.reading() as searcher:
            found, key_terms = more_like.similar(searcher, paper, limit)
        hits = self._hits(found, key_terms)
        elapsed = time.perf_counter() - started
        return SearchResult(f"like:{paper.id}", hits, len(hits), "relevance", None, elapsed, key_terms)

    # user state: tags, reading lists, status, notes, undo --------------------
    @property
    def store(self) -> Store:
        """The user's store, opened on first use, so a damaged store never stops search."""
        with self._state_lock:
            if self._store is None:
                limit = {} if self.history_limit is None else {"history_limit": self.history_limit}
                self._store = Store.open(self.data_dir / STORE_FILE, **limit)
            return self._store

    @property
    def store_path(self) -> Path:
        return self.data_dir / STORE_FILE

    def _ids(self, ids: str | Iterable[str]) -> list[str]:
        """Full ids for ids or unique prefixes; a full id the store knows is kept though it left the listings."""
        out, known = [], None
        for given in [ids] if isinstance(ids, str) else ids:
            try:
                out.append(self.resolve(given))
            except UnknownPaper:
                known = self.store.paper_ids() if known is None else known
                if given.strip().lower() not in known:
                    raise
                out.append(given.strip().lower())
        if not out:
            raise UnknownPaper("no paper id given: find ids with `reader search`")
        return list(dict.fromkeys(out))

    def _done(self, change: Change) -> int:
        """A change's count (the store recorded it in the history as it made it)."""
        self.sync_linked_files()  # every change rewrites the files linked to lists that it changed
        return change.count

    def _state_ids(self, field: str, value: str) -> tuple[frozenset[str], bool]:
        """For tag:/list:/status:/note: searches: the ids, and whether it means all papers but those."""
        try:
            return self.store.ids_for(field, value)
        except UnknownList:
            return frozenset(), False
        except StateError as error:
            raise QueryError(str(error)) from None

    def _suggest(self, query: str, words: list[str]) -> str | None:
        vocabulary = self.index.vocabulary()
        suggested = query
        for word in words:
            better = vocabulary.suggest(fold(word))
            if better:
                suggested = re.sub(rf"(?<![\w:]){re.escape(word)}(?!\w)", better, suggested, count=1)
        return suggested if suggested != query else None


@functools.lru_cache(maxsize=4096)  # typing shows the same papers search after search
def _paper_terms(paper: Paper) -> frozenset[str]:
    return frozenset(term_set(" ".join((paper.title, " ".join(paper.authors), " ".join(paper.orgs), paper.abstract))))
