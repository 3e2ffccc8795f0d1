"""Whoosh's merge policy, with deleted documents cleared out of the index.

Whoosh merges only small segments. A listing file that changes re-adds its papers and
deletes the old copies, so a big segment can end up all or mostly deleted and stay on
disk for good. Every search then walks those dead document numbers: at 100,000 papers
an update of every file doubled the cost of each query.
"""

from __future__ import annotations

from whoosh.reading import SegmentReader
from whoosh.writing import MERGE_SMALL

MOSTLY_DELETED = 0.5  # a segment with more of its documents deleted than this is rewritten


def merge_policy(writer, segments: list) -> list:
    """The segments to keep as they are; the live documents of mostly deleted ones move into `writer`."""
    kept = []
    for segment in segments:
        if segment.doc_count() == 0:
            continue  # every document deleted: nothing to keep
        if segment.deleted_count() > MOSTLY_DELETED * segment.doc_count_all():
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)  # copies the live documents only
            reader.close()
        else:
            kept.append(segment)
    return MERGE_SMALL(writer, kept)
