"""A full build that streams: listings go to the catalog as they are read, papers are merged
from the catalog, and Whoosh is written in chunks, so memory stays bounded however large
the listings are (the arXiv metadata snapshot holds millions of papers)."""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterator
from datetime import datetime
from itertools import islice
from pathlib import Path

from reader.ingest import arxiv_snapshot, formats, parse_bytes
from reader.ingest.clean import clean_text
from reader.ingest.merge import group_indices, merge_group, merge_keys
from reader.models import Listing, Paper, ParseWarning
from reader.search import bulk
from reader.search.catalog import Catalog

STREAM_FROM = 8 << 20  # bytes: a snapshot file this large is read line by line
BATCH = 5_000  # listings or papers written to the catalog at a time
COMMIT_EVERY = 25_000  # listings: a build's catalog commits this often, or its log grows to gigabytes
MOST_WARNINGS = 1_000  # per streamed file; the rest are counted in one more warning
_SNIFF_BYTES = 256 << 10
PARALLEL_PARSE_FROM = 4 << 20  # bytes of listings: below this a second process costs more than it saves


def streams(path: Path, size: int) -> bool:
    """Whether a file is read line by line: a large file in the arXiv snapshot's JSON-lines shape."""
    if size < STREAM_FROM:
        return False
    with open(path, "rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    lines = [clean_text(line) for line in head.decode("utf-8", "replace").splitlines()[:-1]]
    chosen, _ = formats.choose(lines, path.suffix.lower())
    return chosen is not None and chosen.name == arxiv_snapshot.NAME


def parse_listing(data: bytes, name: str, mtime: float):
    """Parse one file's bytes; a date without a year is resolved against its modification time."""
    return parse_bytes(data, name, datetime.fromtimestamp(mtime).date())


def read_file(path: Path):
    """(path, stat, hash, parsed) of one listing file."""
    data = path.read_bytes()
    stat = path.stat()
    return path, stat, hashlib.sha256(data).hexdigest(), parse_listing(data, path.name, stat.st_mtime)


def read_files(catalog: Catalog, paths: list[Path], pool,
               progress: Callable[[str, int, int], None] | None, total: int) -> None:
    """Parse files into the catalog, each as soon as it is read: on the pool's processes when
    there is one, with only the files in flight held in memory."""
    if pool is not None and len(paths) > 1:
        _put_files(catalog, _in_order(pool, read_file, paths), progress, total)
    else:
        _put_files(catalog, map(read_file, paths), progress, total)


def _in_order(pool, fn, items: list, ahead: int = 4) -> Iterator:
    """pool.map, but with at most `ahead` results waiting: a slow consumer holds no backlog."""
    pending = deque()
    for item in items:
        pending.append(pool.submit(fn, item))
        if len(pending) >= ahead:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _put_files(catalog: Catalog, read: Iterator, progress, total: int) -> None:
    since = 0
    for n, (path, stat, digest, parsed) in enumerate(read, 1):
        catalog.put_file(str(path), path.name, stat.st_size, stat.st_mtime_ns, digest,
                         parsed.format, parsed.warnings, parsed.listings)
        since += len(parsed.listings)
        if since >= COMMIT_EVERY:
            catalog.commit_so_far()
            since = 0
        if progress:
            progress("reading", n, total)


def _decoded_lines(handle, digest) -> Iterator[str]:
    for raw in handle:
        digest.update(raw)
        yield clean_text(raw.decode("utf-8", "replace"))


def stream_file(catalog: Catalog, path: Path) -> None:
    """Read a snapshot file into the catalog a batch at a time; its hash is taken on the way."""
    stat = path.stat()
    digest = hashlib.sha256()
    warnings: list[ParseWarning] = []
    more = seq = 0
    catalog.put_file(str(path), path.name, stat.st_size, stat.st_mtime_ns, "", arxiv_snapshot.NAME, [], [])
    with open(path, "rb") as handle:
        records = arxiv_snapshot.iter_records(_decoded_lines(handle, digest), path.name)
        while True:
            batch: list[Listing] = []
            read = 0
            for found in islice(records, BATCH):
                read += 1
                if isinstance(found, Listing):
                    batch.append(found)
                elif len(warnings) < MOST_WARNINGS:
                    warnings.append(found)
                else:
                    more += 1
            catalog.add_listings(str(path), seq, batch)
            seq += len(batch)
            if seq % COMMIT_EVERY < len(batch):
                catalog.commit_so_far()
            if read < BATCH:
                break
    if more:
        warnings.append(ParseWarning(path.name, 0, f"{more:,} more lines were skipped with the same kinds of problem"))
    catalog.finish_file(str(path), digest.hexdigest(), warnings)


def merged(catalog: Catalog, files: list[Path]) -> Iterator[tuple[Paper, set[str]]]:
    """Every paper with its merge keys, in first-seen order, merged from the catalog's listings.

    Only listings that share a key with another are held in memory (to group them); every
    other listing is a paper of its own and passes straight through."""
    shared = catalog.shared_listings()
    rank = {str(path): i for i, path in enumerate(files)}
    shared.sort(key=lambda row: (rank.get(row[0], 1 << 30), row[1]))
    listings = [listing for _, _, listing in shared]
    first: dict[tuple[str, int], list[int]] = {}
    member: set[tuple[str, int]] = set()
    for indices in group_indices(listings):
        places = [(shared[i][0], shared[i][1]) for i in indices]
        first[places[0]] = indices
        member.update(places)
    for path in files:
        for seq, listing in catalog.iter_listings(str(path)):
            place = (str(path), seq)
            if place in first:
                group = [listings[i] for i in first[place]]
                yield merge_group(group), {key for li in group for key in merge_keys(li)}
            elif place not in member:
                yield merge_group([listing]), set(merge_keys(listing))


def write_papers(catalog: Catalog, papers: Iterator[tuple[Paper, set[str]]],
                 segments: bulk.SegmentPipeline | None = None) -> None:
    """Store the merged papers and their words a batch at a time; with `segments`, commit
    every SEGMENT_PAPERS papers (fewer in a small library, so every core gets a share) and
    hand them to it, so they are indexed meanwhile."""
    first, written = 1, 0
    cut = min(bulk.SEGMENT_PAPERS, max(BATCH, -(-catalog.listing_count() // bulk.CORES)))
    while True:
        batch = list(islice(papers, BATCH))
        if batch:
            catalog.put_papers(batch)
            catalog.add_words(paper for paper, _ in batch)
            written += len(batch)
        if segments is not None and written and (not batch or written >= cut):
            (last,) = catalog.db.execute("SELECT max(rowid) FROM papers").fetchone()
            catalog.commit_so_far()
            segments.add(first, last, written)
            first, written = last + 1, 0
        if not batch:
            return
