"""The app shares the store's history: `u` undoes a change made by the CLI (or another process),
Ctrl+R redoes it, and both work on what an earlier session did."""

from __future__ import annotations

from reader.library import Library
from tests.tui.conftest import results_for, settle


def _last_notice(app) -> str:
    notices = app._notifications._notifications
    return notices[list(notices)[-1]].message


async def test_u_undoes_another_process_change_and_ctrl_r_redoes_it(make_app, library):
    paper = library.search("graph", limit=1).hits[0].paper
    with Library.open(library.data_dir) as other:  # e.g. `reader tag` in another terminal, before the app started
        other.tag([paper.id], "from-cli")
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await results_for(pilot, "graph ")
        await pilot.press("u")
        await settle(pilot)
        assert library.state(paper.id).tags == ()
        assert _last_notice(app) == "Undone: Untagged 1 paper: from-cli"
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert library.state(paper.id).tags == ("from-cli",)
        assert _last_notice(app) == "Redone: Tagged 1 paper: from-cli"
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert _last_notice(app) == "Nothing to redo."


async def test_a_refused_undo_is_a_warning_and_changes_nothing(make_app, library):
    paper = library.search("graph", limit=1).hits[0].paper
    library.tag([paper.id], "ml")
    library.untag([paper.id], "ml")
    with library.store.conn.writing() as db:  # a change an older reader made, outside the history
        db.execute("INSERT INTO paper_tags(paper_id, tag, added) VALUES (?, 'ml', 5)", (paper.id,))
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await results_for(pilot, "graph ")
        await pilot.press("u")
        await settle(pilot)
        assert "cannot undo" in _last_notice(app) and "changed since, outside the history" in _last_notice(app)
        assert library.state(paper.id).tags == ("ml",)
