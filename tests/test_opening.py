"""The app's library opens from the moment the app is made, not once Textual is up."""

from __future__ import annotations

import threading

import pytest

from reader.opening import EarlyOpening


def test_the_opening_starts_at_once_and_hands_over_its_progress_and_library():
    started, go_on = threading.Event(), threading.Event()
    library = object()

    def opener(progress):
        progress("reading", 1, 3)
        started.set()
        go_on.wait(10)
        progress("indexing", 2, 3)
        return library

    opening = EarlyOpening(opener)
    assert started.wait(10)  # nobody has asked for the library yet
    heard = []
    result = []
    waiter = threading.Thread(target=lambda: result.append(opening(lambda *p: heard.append(p))))
    waiter.start()
    go_on.set()
    waiter.join(10)
    assert result == [library]
    assert heard == [("reading", 1, 3), ("indexing", 2, 3)]


def test_an_opening_that_fails_raises_in_whoever_waits():
    opening = EarlyOpening(lambda progress: (_ for _ in ()).throw(PermissionError("index/CURRENT")))
    with pytest.raises(PermissionError, match="index/CURRENT"):
        opening(lambda *p: None)


def test_the_app_gets_a_library_ready_for_its_first_search(tmp_path):
    """The early thread also makes the evaluator (NumPy and all), so the first key does not wait for it."""
    from reader.app import create_app
    from reader.library import Library
    from tests.conftest import SEEDS

    app = create_app(lambda progress: Library.open(tmp_path / "data", [SEEDS], progress))
    library = app.opener(lambda *p: None)
    try:
        assert library.index._evaluator is not None
        assert library.index._evaluator.searcher is library.index.searcher()
    finally:
        library.close()
