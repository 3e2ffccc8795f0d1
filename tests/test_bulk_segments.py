"""The fast segment writer writes the very files Whoosh's own writer writes for the same papers."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from reader.ingest import merge, parse_file
from reader.models import Paper
from reader.search import bulk
from reader.search.schema import build_schema, document

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _papers() -> list[Paper]:
    """The seeds' papers three times over (so common words fill several 128-posting blocks),
    plus papers missing each optional field."""
    seeds = list(merge(li for path in sorted(SEEDS.iterdir()) for li in parse_file(path).listings))
    copies = [dataclasses.replace(p, id=f"{p.id}-{n}") for n in range(3) for p in seeds]
    bare = [
        Paper(id="bare-1", title="Only a title"),
        Paper(id="bare-2", title="Schrödinger bridges", authors=("Ana Núñez",), year=2024),
        Paper(id="bare-3", title="Dated", abstract="An abstract with $x^2$ and \\'e.",
              published=date(2025, 3, 1), year=2025, category="cs.CL", orgs=("DeepMind", "MIT")),
    ]
    return copies + bare


def _segment_files(folder: Path) -> dict[str, bytes]:
    """Each file inside the index's one compound segment, by name with the segment id left out."""
    ix = whoosh_index.open_dir(str(folder))
    (segment,) = ix._segments()
    storage = segment.open_compound_file(ix.storage)
    return {name.replace(segment.segid, "*"): storage.open_file(name).read() for name in storage.list()}


def test_a_fast_segment_is_byte_for_byte_whooshs_own(tmp_path):
    papers = _papers()
    assert len(papers) > 3 * 128  # several blocks per common term
    whoosh_dir, fast_dir = tmp_path / "whoosh", tmp_path / "fast"
    whoosh_dir.mkdir(), fast_dir.mkdir()

    writer = whoosh_index.create_in(str(whoosh_dir), build_schema()).writer()
    for paper in papers:
        writer.add_document(**document(paper))
    writer.commit()

    ix = whoosh_index.create_in(str(fast_dir), build_schema())
    segment = bulk.write_segment(str(fast_dir), papers, document)
    bulk.commit_segments(ix, [segment])

    expected, written = _segment_files(whoosh_dir), _segment_files(fast_dir)
    assert sorted(written) == sorted(expected)
    assert {name for name in expected if name.endswith(".pst")}  # the postings are among them
    for name in expected:
        assert written[name] == expected[name], name


@pytest.mark.parametrize("papers", [1, 2, 5])
def test_a_build_from_the_catalog_keeps_catalog_order_across_segments(tmp_path, monkeypatch, papers):
    from reader.search.catalog import Catalog

    monkeypatch.setattr(bulk, "SEGMENT_PAPERS", 2)
    monkeypatch.setattr(bulk, "PARALLEL_FROM", 1 << 30)  # in this process
    chosen = _papers()[:papers]
    catalog = Catalog(tmp_path / "catalog.sqlite")
    catalog.put_papers((paper, ()) for paper in chosen)
    catalog.close()
    (tmp_path / "whoosh").mkdir()
    ix = bulk.build_from_catalog(str(tmp_path / "whoosh"), build_schema(), str(tmp_path / "catalog.sqlite"),
                                 document)
    assert len(ix._segments()) == -(-papers // 2)
    with ix.searcher() as searcher:
        assert [searcher.stored_fields(d)["id"] for d in range(searcher.doc_count_all())] == [p.id for p in chosen]


def test_an_update_shared_with_a_forked_process_adds_every_paper_in_order(tmp_path, monkeypatch):
    if bulk.CORES < 2 or bulk.start_method() != "fork":
        pytest.skip("needs two cores and fork")
    monkeypatch.setattr(bulk, "SHARE_UPDATE_FROM", 2)
    papers = _papers()[:40]
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    segments = bulk.write_segments(str(tmp_path), papers, document)
    assert len(segments) == 2
    bulk.commit_segments(ix, segments)
    with whoosh_index.open_dir(str(tmp_path)).searcher() as searcher:
        assert [searcher.stored_fields(d)["id"] for d in range(searcher.doc_count_all())] == [p.id for p in papers]


def test_the_lists_a_segment_stores_are_the_ones_read_back_through_whoosh(tmp_path, monkeypatch):
    from reader.search import posting_cache, posting_file

    monkeypatch.setattr(posting_file, "LEAST", 5)
    folder = tmp_path / "whoosh"
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    segment = bulk.write_segment(str(folder), _papers(), document)
    bulk.commit_segments(ix, [segment])
    stored = tmp_path / posting_file.DIR / segment.segment_id()
    written_at_build = stored.read_bytes()
    stored.unlink()
    with whoosh_index.open_dir(str(folder)).reader() as reader:
        (leaf, _), = reader.leaf_readers()
        assert len(posting_cache.common_terms(leaf)) > 100
        posting_cache.write(reader)  # through Whoosh's block reader, as a warm-up does
    assert stored.read_bytes() == written_at_build


def _commit(ix, new_segments, deleting=()):
    """Commit `new_segments` beside the index's own, deleting `deleting`, as an update does."""
    from reader.search.segments import merge_policy

    writer = ix.writer()
    for doc_id in deleting:
        writer.delete_by_term("id", doc_id)
    writer.commit(mergetype=lambda w, segments: merge_policy(w, segments) + list(new_segments))


def test_an_update_merges_none_of_a_builds_segments_and_folds_small_ones_together(tmp_path, monkeypatch):
    from reader.search import segments

    monkeypatch.setattr(segments, "SMALL", 5)
    monkeypatch.setattr(segments, "MOST_SMALL", 3)
    papers = _papers()
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    built = [bulk.write_segment(str(tmp_path), papers[i * 6:(i + 1) * 6], document) for i in range(30)]
    _commit(ix, built)
    # Whoosh's MERGE_SMALL merged equal segments from the fifth on (30 of 6 papers: 26 merged).
    _commit(ix, [bulk.write_segment(str(tmp_path), papers[180:181], document)], deleting=[papers[0].id])
    assert sorted(s.doc_count_all() for s in whoosh_index.open_dir(str(tmp_path))._segments()) == [1] + [6] * 30
    for n in (181, 182):
        _commit(ix, [bulk.write_segment(str(tmp_path), papers[n:n + 1], document)])
    assert sorted(s.doc_count_all() for s in whoosh_index.open_dir(str(tmp_path))._segments()) == [1] * 3 + [6] * 30
    _commit(ix, [bulk.write_segment(str(tmp_path), papers[183:184], document)])  # three small ones: folded
    ix = whoosh_index.open_dir(str(tmp_path))
    assert sorted(s.doc_count_all() for s in ix._segments()) == [1, 3] + [6] * 30
    with ix.searcher() as searcher:
        assert searcher.doc_count() == 183
