"""Which segments an update merges: mostly deleted ones, and small ones once there are many.

A listing file that changes re-adds its papers and deletes the old copies, so a big
segment can end up all or mostly deleted and stay on disk for good. Every search then
walks those dead document numbers: at 100,000 papers an update of every file doubled the
cost of each query. Such segments are rewritten with their live documents only.

Whoosh's own MERGE_SMALL is not used: it merges the i-th smallest segment while the
documents so far stay under the (i+5)-th Fibonacci number, which a build's equal segments
pass at about the 25th. At a million papers (40 segments) the first update merged 15 of
them, 375,000 papers, through Whoosh's slow writer: minutes. Here only segments under
SMALL documents are merged, and only once there are MOST_SMALL of them.
"""

from __future__ import annotations

from whoosh.reading import SegmentReader

MOSTLY_DELETED = 0.5  # a segment with more of its documents deleted than this is rewritten
SMALL = 2_000  # documents: an update's own segments are this small
MOST_SMALL = 10  # small segments kept apart before they are merged into one


def merge_policy(writer, segments: list) -> list:
    """The segments to keep as they are; the live documents of the others move into `writer`."""
    kept, merged = [], []
    for segment in segments:
        if segment.doc_count() == 0:
            continue  # every document deleted: nothing to keep
        if segment.deleted_count() > MOSTLY_DELETED * segment.doc_count_all():
            merged.append(segment)
        else:
            kept.append(segment)
    small = [segment for segment in kept if segment.doc_count_all() < SMALL]
    if len(small) >= MOST_SMALL:
        merged += small
        kept = [segment for segment in kept if segment.doc_count_all() >= SMALL]
    for segment in merged:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)  # copies the live documents only
        reader.close()
    return kept
