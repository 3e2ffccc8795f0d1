"""What the app says after a change is what was stored."""

from __future__ import annotations

from tests.tui.conftest import results_for
from tests.tui.test_app_state import type_into_dialog


async def test_the_tagging_notice_names_the_tags_as_stored(make_app, library):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        results = await results_for(pilot, "diffusion ")
        paper = results.current.paper
        await pilot.press("t")
        await type_into_dialog(pilot, "Diffusion-LM,  To-Read ")
        assert library.state(paper.id).tags == ("diffusion-lm", "to-read")
        said = [n.message for n in app._notifications]
        assert any(m.endswith(": diffusion-lm, to-read") and m.startswith("Tagged “") for m in said), said
