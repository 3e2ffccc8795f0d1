"""The Whoosh index and its catalog: open, bring up to date, rebuild atomically, search.

Each full build is a generation directory (`gen-*`) holding the Whoosh files and the
catalog. `CURRENT` names the live one and is replaced atomically only after a build is
complete, so a build that dies leaves the previous generation working.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import index as whoosh_index
from whoosh import query as Q

from reader import read_only
from reader.ingest.merge import merge_with_keys
from reader.models import Paper, ParseWarning
from reader.search import bulk, fingerprint, rebuild, workers
from reader.search.catalog import Catalog
from reader.search.process_lock import process_lock
from reader.search.schema import ORDERS as _ORDERS
from reader.search.schema import SORTS as _SORTS
from reader.search.schema import build_schema
from reader.search.schema import document as _document
from reader.search.segments import merge_policy
from reader.search.update_report import UpdateReport
from reader.search.vocabulary import StoredVocabulary, Vocabulary

if TYPE_CHECKING:
    from reader.search.evaluate import Evaluator

INDEX_VERSION = "3"  # 2: papers carry identifiers and are merged on them; 3: LaTeX accents folded
Progress = Callable[[str, int, int], None]


class PaperIndex:
    """Owns the live generation: the Whoosh index, the catalog and a shared searcher."""

    def __init__(self, root: Path):
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        self.ix = None
        self.catalog: Catalog | None = None
        self.generation: Path | None = None
        self._searcher = None
        self._evaluator: Evaluator | None = None
        self._vocabulary: Vocabulary | None = None
        self._lock = threading.RLock()

    # opening ---------------------------------------------------------------
    def open(self, files: list[Path], progress: Progress | None = None, rebuild: bool = False) -> UpdateReport:
        """Open the live generation and apply changed listing files; rebuild when needed.

        An index folder reader may not write is opened as it is: no lock, no update."""
        started = time.perf_counter()
        if not read_only.can_write(self.root):
            if rebuild:
                raise read_only.cannot_rebuild(self.root)
            if self.catalog is None:
                try:
                    self.open_current()
                except Exception as error:  # noqa: BLE001 - damaged or missing, and no rebuild can mend it
                    raise read_only.cannot_open(self.root, error) from None
            return UpdateReport(papers=self.catalog.count(), files=len(files),
                                seconds=time.perf_counter() - started)
        with process_lock(self.root / ".lock"):
            reason = "a rebuild was asked for" if rebuild else None
            if not reason and not (self.root / "CURRENT").exists():
                reason = "there was no index yet"
            if not reason:
                try:
                    self.open_current()
                except Exception as error:  # noqa: BLE001 - any damage means rebuild
                    reason = f"the index could not be opened ({type(error).__name__}: {error})"
            if not reason and not all(read_only.can_write(self.generation / name) for name in ("", "catalog.sqlite",
                                                                                             "whoosh")):
                reason = f"its generation {self.generation.name} is read-only"  # a new one can be written beside it
            if reason:
                if rebuild and self.catalog is None:
                    with contextlib.suppress(Exception):  # the old papers, to report what left
                        self.open_current()
                report = self._rebuild(files, progress)
                report.reason = reason
            else:
                report = self._update(files, progress)
            fingerprint.record(self.generation, self.catalog.db)
            self._remove_stale_generations()
        report.papers = self.catalog.count()
        report.files = len(files)
        report.seconds = time.perf_counter() - started
        return report

    def open_current(self) -> None:
        """Open the live generation as it is (raises when it is missing or damaged); one that
        cannot be written is opened for reading only."""
        current = (self.root / "CURRENT").read_text().strip()
        generation = self.root / current
        path = generation / "catalog.sqlite"
        if not path.is_file() or (read_only.can_write(generation) and read_only.can_write(path)):
            catalog = Catalog(path, create=False)
        else:  # Catalog() would set WAL and create tables, which a read-only file refuses
            catalog = Catalog.__new__(Catalog)
            catalog.path, catalog.db = path, read_only.connect(path)
        try:
            if catalog.meta("version") != INDEX_VERSION:
                raise ValueError("it was built by another version of reader")
            fingerprint.verify(generation, catalog.db)
            ix = whoosh_index.open_dir(str(generation / "whoosh"))
            for entry in os.scandir(generation / "whoosh"):  # each file opens (a reader per segment: ~10 ms)
                if entry.name.endswith(".seg"):
                    open(entry.path, "rb").close()
            if sum(segment.doc_count() for segment in ix._segments()) != catalog.count():
                raise ValueError("the index and catalog disagree")
        except Exception:
            catalog.close()
            raise
        self._switch(generation, ix, catalog)

    def _switch(self, generation: Path, ix, catalog: Catalog) -> None:
        with self._lock:
            self.close()
            self.generation, self.ix, self.catalog = generation, ix, catalog
            self._vocabulary = None

    def close(self) -> None:
        """Release the searcher, the index and the catalog."""
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = self._evaluator = None
            if self.catalog is not None:
                self.catalog.close()
            self.ix = self.catalog = None

    def _remove_stale_generations(self) -> None:
        for path in self.root.glob("gen-*"):
            if path != self.generation:
                shutil.rmtree(path, ignore_errors=True)

    # reading listing files -------------------------------------------------
    @staticmethod
    def _load(path: Path):
        """The file's bytes, stat and content hash."""
        data = path.read_bytes()
        return data, path.stat(), hashlib.sha256(data).hexdigest()

    # incremental update ----------------------------------------------------
    def _update(self, files: list[Path], progress: Progress | None) -> UpdateReport:
        report = UpdateReport()
        catalog = self.catalog
        known = catalog.files()
        rank = {str(p): i for i, p in enumerate(files)}
        work = []
        for path in files:
            row = known.get(str(path))
            stat = path.stat()
            if row and row[2] == stat.st_size and row[3] == stat.st_mtime_ns:
                continue
            if rebuild.streams(path, stat.st_size):  # a snapshot is read line by line, by a full build
                report = self._rebuild(files, progress)
                report.reason = f"{path.name} is large enough to be read line by line"
                return report
            data, stat, digest = self._load(path)
            if row and row[4] == digest:
                catalog.touch_file(str(path), stat.st_size, stat.st_mtime_ns)
                continue
            (report.changed if row else report.added).append(path.name)
            work.append((path, stat, digest, rebuild.parse_listing(data, path.name, stat.st_mtime)))
        report.removed = [known[p][1] for p in known if p not in rank]
        if not work and not report.removed:
            return report

        catalog.db.execute("BEGIN IMMEDIATE")
        try:
            touched: set[str] = set()
            for path in (p for p in known if p not in rank):
                touched |= catalog.drop_file(path)
            for path, stat, digest, parsed in work:
                touched |= catalog.put_file(
                    str(path), path.name, stat.st_size, stat.st_mtime_ns, digest,
                    parsed.format, parsed.warnings, parsed.listings,
                )
            keys, old_ids = catalog.connected(touched)
            merged = merge_with_keys(catalog.listings_with(keys, rank))
            papers = [paper for paper, _ in merged]
            gone = old_ids - {paper.id for paper in papers}
            report.gone = list(catalog.get(sorted(gone)).values())
            self._write_whoosh(papers, old_ids, progress)
            catalog.drop_papers(old_ids)
            catalog.put_papers(merged)
            catalog.add_words(papers)
            catalog.note_count()
            catalog.db.execute("COMMIT")
        except BaseException:
            catalog.db.execute("ROLLBACK")
            raise
        with self._lock:
            self._vocabulary = None
        return report

    def _write_whoosh(self, papers, old_ids: set[str], progress: Progress | None) -> None:
        """Delete the old copies of re-merged papers and add the papers as new segments."""
        if progress:
            progress("indexing", 0, len(papers))
        added = bulk.write_segments(self.ix.storage.folder, papers, _document)
        writer = self.ix.writer(timeout=30.0)
        try:
            for doc_id in old_ids:
                writer.delete_by_term("id", doc_id)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=lambda w, segments: merge_policy(w, segments) + added)
        if progress:
            progress("indexing", len(papers), len(papers))

    # full rebuild ----------------------------------------------------------
    def _rebuild(self, files: list[Path], progress: Progress | None) -> UpdateReport:
        """A new generation from every file, in bounded memory (see `rebuild`); switched to when whole."""
        report = UpdateReport(rebuilt=True)
        generation = self.root / f"gen-{time.time_ns()}"
        generation.mkdir()
        catalog = Catalog(generation / "catalog.sqlite").for_building()
        sizes = [path.stat().st_size for path in files]
        parallel = bulk.CORES > 1 and sum(sizes) >= rebuild.PARALLEL_PARSE_FROM
        # One pool for parsing and indexing, started while this process is small: a worker
        # forked later would count all this process has grown to in its own RSS.
        with workers.pool(bulk.CORES, bulk.start_method()) if parallel else contextlib.nullcontext() as pool:
            ix = self._build_generation(catalog, files, sizes, pool, progress)
        report.added = [path.name for path in files]
        if sum(segment.doc_count_all() for segment in ix._segments()) != catalog.count():
            # A paper id met twice replaced a row already indexed: index the catalog as it ended.
            whoosh_dir = generation / "whoosh"
            shutil.rmtree(whoosh_dir)
            whoosh_dir.mkdir()
            ix = bulk.build_from_catalog(str(whoosh_dir), build_schema(), str(catalog.path), _document, progress)

        pointer = self.root / "CURRENT.tmp"
        pointer.write_text(generation.name)
        with open(pointer) as handle:
            os.fsync(handle.fileno())
        os.replace(pointer, self.root / "CURRENT")
        report.gone = self._gone_since(self.catalog, catalog)
        self._switch(generation, ix, catalog)
        return report

    @staticmethod
    def _build_generation(catalog: Catalog, files: list[Path], sizes: list[int], pool, progress: Progress | None):
        """Read every file into the catalog, merge the papers, and index them as they are stored."""
        catalog.db.execute("BEGIN")
        streamed = {path for path, size in zip(files, sizes) if rebuild.streams(path, size)}
        small = [path for path in files if path not in streamed]
        rebuild.read_files(catalog, small, pool, progress, len(files))
        for n, path in enumerate(streamed, len(small) + 1):
            rebuild.stream_file(catalog, path)
            if progress:
                progress("reading", n, len(files))
        catalog.db.execute("COMMIT")
        whoosh_dir = catalog.path.parent / "whoosh"
        whoosh_dir.mkdir()
        segments = bulk.SegmentPipeline(str(whoosh_dir), build_schema(), str(catalog.path), _document, pool, progress)
        catalog.db.execute("BEGIN")
        rebuild.write_papers(catalog, rebuild.merged(catalog, files), segments)
        catalog.set_meta("version", INDEX_VERSION)
        catalog.note_count()
        catalog.db.execute("COMMIT")
        return segments.finish()

    @staticmethod
    def _gone_since(old: Catalog | None, new: Catalog, most: int = 50_000) -> list[Paper]:
        """The papers of the previous generation that a rebuild left out (at most `most`)."""
        if old is None:
            return []
        gone: list[str] = []
        try:
            cursor = old.db.execute("SELECT id FROM papers")
            while (rows := cursor.fetchmany(500)) and len(gone) < most:
                ids = [i for (i,) in rows]
                present = new.has_ids(ids)
                gone.extend(i for i in ids if i not in present)
            return list(old.get(gone[:most]).values())
        except Exception:  # noqa: BLE001 - a damaged old generation just has nothing to report
            return []

    # reading ---------------------------------------------------------------
    def searcher(self):
        """The shared searcher, refreshed when another writer committed."""
        with self._lock:
            if self._searcher is None:
                self._searcher = self.ix.searcher()
            else:
                self._searcher = self._searcher.refresh()
            return self._searcher

    @contextlib.contextmanager
    def reading(self):
        """The shared searcher, kept from other threads until the block ends."""
        with self._lock:
            yield self.searcher()

    def vocabulary(self) -> Vocabulary:
        """The word list for prefixes, fuzzy words and suggestions, read from the catalog as asked."""
        with self._lock:
            if self._vocabulary is None:
                self._vocabulary = StoredVocabulary(self.catalog.db)  # read as needed, not loaded whole
            return self._vocabulary

    def evaluator(self) -> Evaluator:
        """The term-at-a-time evaluator of the current searcher (hold `reading()` while using it)."""
        from reader.search.evaluate import Evaluator  # NumPy loads with the first search, not at start-up

        searcher = self.searcher()
        if self._evaluator is None or self._evaluator.searcher is not searcher:
            self._evaluator = Evaluator(searcher)
        return self._evaluator

    def run(self, q: Q.Query, limit: int, sort: str, offset: int = 0) -> tuple[list[tuple[str, float]], int]:
        """Run a Whoosh query: the (id, score) of hits `offset` to `limit`, and the total."""
        with self.reading() as searcher:
            if not searcher.doc_count():  # nothing to score (and Whoosh's idf divides by it)
                return [], 0
            evaluator = self.evaluator()
            try:
                found, total = evaluator.top(q, limit, _ORDERS[sort])
            except evaluator.Unsupported:
                found, total = self._run_whoosh(searcher, q, limit, sort)
            found = found[offset:]
            return list(zip(evaluator.paper_ids([d for d, _ in found]), [score for _, score in found])), total

    @staticmethod
    def _run_whoosh(searcher, q: Q.Query, limit: int, sort: str) -> tuple[list[tuple[int, float]], int]:
        """Whoosh's own search, for query shapes the evaluator does not know."""
        results = searcher.search(q, limit=limit, sortedby=_SORTS[sort], optimize=False)
        # Sorted results carry their sort key in place of a score.
        return [(hit.docnum, hit.score if sort == "relevance" else 0.0) for hit in results], len(results)

    def is_current(self, evaluator: Evaluator) -> bool:
        """Whether `evaluator` is still the one searches use (the index has not changed since it was made)."""
        return self._evaluator is evaluator

    def warnings(self) -> list[ParseWarning]:
        return self.catalog.warnings()
