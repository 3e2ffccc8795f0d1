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

from reader import citations, paths, sources
from reader.citations import fields as citation_fields
from reader.citations import keys as citation_keys
from reader.library_intake import IntakeMixin
from reader.models import Hit, LibraryError, Paper, PaperState, ParseWarning, SearchResult
from reader.search import facets as facet_counts
from reader.search import similar as more_like
from reader.search import syntax
from reader.search.analysis import fold, term_set
from reader.search.compile import Compiler
from reader.search.facets import Facets
from reader.search.index import PaperIndex, Progress, UpdateReport
from reader.search.syntax import QueryError
from reader.search_process import SearchProcess, SearchProcessGone
from reader.store import STORE_FILE, Change, StateError, Store, StoreError, UnknownList

SORTS = ("relevance", "newest", "oldest", "title")
_STATE_FACETS = 30  # the tags and the lists that facets count, at most
SEARCH_PROCESS_FROM = 5_000  # papers from which searches move to a process of their own
__all__ = [
    "Facets", "Library", "LibraryError", "PaperState", "QueryError", "SORTS", "StateError", "StoreError",
    "UnknownList", "UnknownPaper",
]


class UnknownPaper(LibraryError):
    """No paper, or more than one, has the given id or id prefix."""


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


class Library(IntakeMixin):
    """Papers from listing folders, indexed for search, behind one object."""

    def __init__(self, data_dir: Path, seeds: list[Path], index: PaperIndex, report: UpdateReport):
        self.data_dir = data_dir
        self.seeds = seeds  # every listing folder or file, the inbox last
        self.index = index
        self.report = report
        self.notes: list[str] = []  # problems with the configured listing folders
        self.skipped: list[ParseWarning] = []  # files in the folders that are not listings
        self._store: Store | None = None
        self._undo: list = []  # this session's undo stack, newest last
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
        index = PaperIndex(root / "index")
        scan = sources.scan(folders)
        library = cls(root, folders, index, index.open(scan.files, progress, rebuild=rebuild))
        library.notes, library.skipped = notes, scan.skipped
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
                self._process = SearchProcess(self.data_dir, self.seeds)
            except (OSError, ValueError):  # no processes or fd passing here: search in threads
                return False
        return self._process is not None

    def warm_up(self) -> Iterator[None]:
        """Fill the search caches one short step per `next()`, for a process with time to spare."""
        self.index.vocabulary()
        yield
        yield from self.index.warm_up()

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
        found, total = self.index.run(compiled, limit or self.count() or 1, sort)
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
        order = "newest" if sort == "relevance" else sort
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
        found, _ = self.index.run(compiled, offset + limit, sort, offset)
        return self._hits(found, frozenset(compiler.terms))

    @_served
    def facets(self, query: str = "") -> Facets:
        """Counts of the papers `query` finds per category, year, organisation, tag and list."""
        compiled, compiler = self._compile(query)
        try:
            tags = self._state_queries(compiler, "tag", self.tags())
            lists = self._state_queries(compiler, "list", self.lists())
        except StoreError:  # a broken store is reported by the app; facets go on without it
            tags = lists = None
        with self.index.reading() as searcher:
            matched = facet_counts.matching(searcher, compiled)
            found = facet_counts.count(searcher.reader(), matched)
            if tags is None:
                return found
            return replace(
                found,
                tags=facet_counts.count_within(searcher, matched, tags),
                lists=facet_counts.count_within(searcher, matched, lists),
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
                self._store = Store.open(self.data_dir / STORE_FILE)
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
        """Remember how to undo a change; its count."""
        if change.undo is not None:
            with self._state_lock:
                self._undo.append(change.undo)
        return change.count

    def tag(self, ids: str | Iterable[str], tags: str | Iterable[str]) -> int:
        """Add tags (a list, or comma-separated) to papers in one transaction; papers that gained one."""
        return self._done(self.store.tag(self._ids(ids), tags))

    def untag(self, ids: str | Iterable[str], tags: str | Iterable[str]) -> int:
        """Remove tags from papers in one transaction; papers that lost one."""
        return self._done(self.store.untag(self._ids(ids), tags))

    def tags(self) -> list[tuple[str, int]]:
        """Every tag with its number of papers."""
        return self.store.tags()

    def tagged(self, tag: str) -> list[Paper]:
        """Papers with this tag that are in the listings, most recently tagged first."""
        return self._in_listings(self.store.tagged(tag))

    def rename_tag(self, old: str, new: str) -> int:
        """Rename a tag everywhere (merging into `new` if it exists); papers renamed."""
        return self._done(self.store.rename_tag(old, new))

    def delete_tag(self, name: str) -> int:
        """Remove a tag from every paper; papers it was on."""
        return self._done(self.store.delete_tag(name))

    def lists(self) -> list[tuple[str, int]]:
        """Every reading list with its number of papers, oldest list first."""
        return self.store.lists()

    def create_list(self, name: str) -> None:
        self._done(self.store.create_list(name))

    def rename_list(self, old: str, new: str) -> None:
        self._done(self.store.rename_list(old, new))

    def delete_list(self, name: str) -> int:
        """Delete a list (its papers keep everything else); papers it held."""
        return self._done(self.store.delete_list(name))

    def list_add(self, name: str, ids: str | Iterable[str]) -> int:
        """Append papers to a list in one transaction; papers added (ones already on it stay put)."""
        return self._done(self.store.list_add(name, self._ids(ids)))

    def list_remove(self, name: str, ids: str | Iterable[str]) -> int:
        return self._done(self.store.list_remove(name, self._ids(ids)))

    def list_ids(self, name: str) -> list[str]:
        """Every id on a list in order, including papers that have left the listings."""
        return self.store.list_ids(name)

    def list_papers(self, name: str) -> list[Paper]:
        """The papers of a list in order; ids no longer in the listings are skipped (see `orphans`)."""
        return self._in_listings(self.store.list_ids(name))

    def list_move(self, name: str, paper_id: str, delta: int) -> int:
        """Move a paper `delta` places on a list (negative: up), stopping at the ends; its new index."""
        change = self.store.list_move(name, self._ids(paper_id)[0], delta)
        self._done(change)
        return change.value

    def status(self, paper_id: str) -> str:
        return self.store.status(self._ids(paper_id)[0])

    def set_status(self, ids: str | Iterable[str], status: str) -> int:
        """Set unread, reading or read on papers in one transaction; papers changed."""
        return self._done(self.store.set_status(self._ids(ids), status))

    def cycle_status(self, ids: str | Iterable[str]) -> str:
        """unread → reading → read → unread, from the first paper's status, for every paper; the new status."""
        change = self.store.cycle_status(self._ids(ids))
        self._done(change)
        return change.value

    def note(self, paper_id: str) -> str:
        return self.store.note(self._ids(paper_id)[0])

    def set_note(self, paper_id: str, text: str) -> bool:
        """Replace a paper's note (empty text removes it); whether it changed."""
        return bool(self._done(self.store.set_note(self._ids(paper_id)[0], text)))

    def state(self, paper_id: str) -> PaperState:
        """One paper's tags, lists, status and note."""
        return self.store.state(self._ids(paper_id)[0])

    def states(self, ids: Iterable[str]) -> dict[str, PaperState]:
        """The state of many papers (full ids, e.g. a page of hits) in one read."""
        return self.store.states(list(ids))

    def undo(self) -> str | None:
        """Revert the last change made through this Library, in one transaction; what it did, or None."""
        with self._state_lock:
            if not self._undo:
                return None
            last = self._undo.pop()
        try:
            return self.store.undo(last)
        except StoreError:  # e.g. locked for now: keep it for the next try
            with self._state_lock:
                self._undo.append(last)
            raise

    def orphans(self) -> list[str]:
        """Ids with state (tags, lists, status, notes, keys) that are no longer in the listings."""
        held = sorted(self.store.paper_ids())
        present = self.index.catalog.get(held)
        return [i for i in held if i not in present]

    def export_state(self) -> dict:
        """All user state as JSON-ready data (for `reader state export`)."""
        return self.store.export_state()

    def import_state(self, data: dict) -> dict:
        """Merge an export in (never dropping anything here), undoable; counts of what was added."""
        change = self.store.import_state(data)
        self._done(change)
        return change.value

    def pinned_keys(self) -> dict[str, str]:
        """Citation keys pinned so far, by paper id."""
        return self.store.pinned_keys()

    def pin_keys(self, mapping: dict[str, str]) -> int:
        """Pin keys for papers that have none (a pinned key never changes; keys are unique); how many."""
        return self.store.pin_keys(mapping)

    def refresh(self) -> bool:
        """Whether the store changed (another process, or another thread) since the last call; cheap."""
        return self.store.changed()

    def _state_ids(self, field: str, value: str) -> tuple[frozenset[str], bool]:
        """For tag:/list:/status:/note: searches: the ids, and whether it means all papers but those."""
        try:
            return self.store.ids_for(field, value)
        except UnknownList:
            return frozenset(), False
        except StateError as error:
            raise QueryError(str(error)) from None

    # citations ---------------------------------------------------------------
    def citation_keys(self, papers: Iterable[Paper]) -> dict[str, str]:
        """Each paper's key: its pinned one, else a new Scholar-style key (pinned only once output)."""
        return citation_keys.assign_keys(papers, self.pinned_keys())

    def cite(self, ids: str | Iterable[str], style: str | None = None, *, browser_url: str | None = None) -> str:
        """These papers (ids or unique prefixes) in `style` (default bibtex); pins the keys it shows."""
        wanted = self._ids(ids)
        found = self.index.catalog.get(wanted)
        missing = [i for i in wanted if i not in found]
        if missing:
            raise UnknownPaper(f"paper {missing[0]} is no longer in the listings: find it with `reader search`")
        return self.export([found[i] for i in wanted], style or citations.DEFAULT_STYLE, browser_url=browser_url)

    def export(self, papers: Iterable[Paper], style: str, *, browser_url: str | None = None) -> str:
        """`papers` as one text in `style` (a format or a CSL style); pins the keys it shows.

        Raises `citations.UnknownStyle` (a ValueError) for an unknown style."""
        return self._render(papers, style, browser_url, pin=True)

    def preview(self, papers: Iterable[Paper], style: str, *, browser_url: str | None = None) -> str:
        """`papers` in `style` as `export` would write them, without pinning any key."""
        return self._render(papers, style, browser_url, pin=False)

    def _render(self, papers: Iterable[Paper], style: str, browser_url: str | None, pin: bool) -> str:
        papers = list(papers)
        style = citations.check_style(style)
        if not citations.shows_keys(style):
            keys = citation_keys.assign_keys(papers, {})  # not shown: the store is not read
        elif pin:
            keys = self._pinned_keys_for(papers)
        else:
            keys = self.citation_keys(papers)
        return citations.render(papers, style, keys, browser_url)

    def _pinned_keys_for(self, papers: list[Paper]) -> dict[str, str]:
        """Every paper's key, pinned now if it was not yet."""
        tries = 3  # another process may pin a key between our read and our write
        while True:
            keys = self.citation_keys(papers)
            try:
                self.pin_keys(keys)
                return keys
            except StateError:
                tries -= 1
                if not tries:
                    raise

    def browser_url(self, paper_id: str, template: str | None = None) -> str:
        """The page to open for a paper: the config's `browser_url` template, default an arXiv title search."""
        return citation_fields.browser_url(self.get(paper_id), template)

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
