"""The app over a read-only data dir (issue 15, item 10): it opens, searches and shows tags,
says once that edits and index updates are off, and a tag typed anyway is refused in a notice."""

from __future__ import annotations

import shutil

from reader import read_only
from reader.library import Library
from reader.screens.tag_prompt import TagPrompt
from reader.store import files
from tests.tui.conftest import results_for, settle
from tests.tui.test_app_state import type_into_dialog


async def test_a_read_only_data_dir_opens_searches_and_refuses_edits_in_notices(
        make_app, seeds_library, tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(seeds_library.data_dir / "index", data / "index")
    with Library.open(data) as library:
        paper = library.search("diffusion", limit=1).hits[0].paper.id
        library.tag(paper, "ml")
    before = (data / "state.sqlite3").read_bytes()
    # Root ignores chmod: make the folder and the store report what they would for a user.
    monkeypatch.setattr(read_only, "can_write", lambda path: False)
    monkeypatch.setattr(files, "writable", lambda path: False)
    library = Library.open(data)
    app = make_app(lambda progress: library)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            notes = [n.message for n in app._notifications if "read-only" in n.message]
            assert notes == [f"the data dir {data} is read-only: searching works, edits and index updates are off "
                             "(make it writable with chmod u+w, or use another --data-dir)"]
            results = await results_for(pilot, "tag:ml")
            assert results.total == 1 and results.current.paper.id == paper
            await pilot.press("t")
            await settle(pilot)
            assert isinstance(app.screen, TagPrompt)
            await type_into_dialog(pilot, "new")
            refusals = [n for n in app._notifications if "state.sqlite3 is read-only" in n.message]
            assert refusals and refusals[-1].severity == "error" and refusals[-1].markup is False
            assert app.is_running and library.state(paper).tags == ("ml",)
    finally:
        library.close()
    assert (data / "state.sqlite3").read_bytes() == before
