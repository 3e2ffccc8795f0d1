"""Whoosh's segment files are read in place from their memory map, as BytesIO would read them."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st
from whoosh.filedb.structfile import BufferFile

from reader.library import Library
from reader.search.mapped_files import ViewReader
from tests.conftest import SEEDS

OPS = st.lists(st.one_of(
    st.tuples(st.just("read"), st.integers(-1, 40)),
    st.tuples(st.just("readline"), st.integers(-1, 40)),
    st.tuples(st.just("readinto"), st.integers(0, 40)),
    st.tuples(st.just("seek"), st.integers(0, 70), st.sampled_from([0, 1, 2])),
    st.tuples(st.just("tell"),),
), max_size=30)


@given(data=st.binary(max_size=64).map(lambda b: b.replace(b"x", b"\n")), ops=OPS)
def test_reads_like_bytesio(data, ops):
    ours, theirs = ViewReader(memoryview(data)), io.BytesIO(data)
    for op in ops:
        if op[0] == "readinto":
            a, b = bytearray(op[1]), bytearray(op[1])
            assert ours.readinto(a) == theirs.readinto(b)
            assert a == b
        elif op[0] == "seek":
            offset = op[1] if op[2] == 0 else op[1] - 35
            if op[2] == 0 or offset + (theirs.tell() if op[2] == 1 else len(data)) >= 0:
                assert ours.seek(offset, op[2]) == theirs.seek(offset, op[2])
        else:
            assert getattr(ours, op[0])(*op[1:]) == getattr(theirs, op[0])(*op[1:])


def test_a_buffer_file_reads_its_view_without_a_copy():
    data = bytes(range(256)) * 4
    f = BufferFile(memoryview(data), name="x")
    assert isinstance(f.file, ViewReader)
    f.seek(10)
    assert f.read_byte() == 10
    assert f.get(300, 3) == bytes([44, 45, 46])
    f.close()
    assert f.is_closed


def test_an_open_searcher_holds_no_copy_of_its_segments(tmp_path):
    library = Library.open(tmp_path / "data", [SEEDS])
    try:
        with library.index.reading() as searcher:
            leaves = [leaf for leaf, _ in searcher.reader().leaf_readers()]
            files = [f for leaf in leaves for f in (leaf._terms._dbfile, leaf._terms._postfile)]
            assert files and all(isinstance(f, BufferFile) for f in files)
            assert not any(isinstance(f.file, io.BytesIO) for f in files)
        assert library.search("language models").total > 0
    finally:
        library.close()
