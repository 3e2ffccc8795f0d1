"""The facets sidebar: status and author sections, and an `unknown` bucket that filters."""

from __future__ import annotations

from reader.widgets.facets_sidebar import FacetsSidebar
from tests.tui.conftest import results_for, settle


def option_ids(app) -> list[str]:
    options = app.main.query_one(FacetsSidebar).query_one("OptionList")
    return [options.get_option_at_index(i).id for i in range(options.option_count)]


async def choose(pilot, option_id: str) -> None:
    options = pilot.app.main.query_one(FacetsSidebar).query_one("OptionList")
    options.highlighted = option_ids(pilot.app).index(option_id)
    await pilot.press("enter")
    await settle(pilot)


async def test_the_unknown_year_bucket_filters_to_papers_without_a_year(make_app, library):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await results_for(pilot, "language ")
        await pilot.press("f")
        await settle(pilot)
        ids = option_ids(app)
        assert {"year:none", "cat:none", "org:none"} <= set(ids)
        assert not any(i and i.startswith("status:") for i in ids)  # everything is unread: no section yet
        author = next(i for i in ids if i and i.startswith("author:"))
        await choose(pilot, "year:none")
        results = app.main.results
        assert app.main.filters == ["year:none"]
        assert results.total == library.search("language year:none").total > 0
        assert all(not results._hits[i].paper.year for i in range(min(results.total, 100)))
        await choose(pilot, "year:none")  # again: the filter goes
        await choose(pilot, author)
        assert app.main.filters == [author]
        assert results.total == library.search(f"language {author}").total > 0


async def test_the_status_section_appears_once_a_paper_has_a_status(make_app, library):
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        results = await results_for(pilot, "language ")
        paper = results.current.paper
        await pilot.press("r", "f")  # reading
        await settle(pilot)
        assert {"status:unread", "status:reading"} <= set(option_ids(app))
        await choose(pilot, "status:reading")
        assert [results._hits[i].paper.id for i in range(results.total)] == [paper.id]


async def test_authors_counted_in_part_of_the_results_say_so(make_app, library, monkeypatch):
    from reader.search import facets as facet_counts

    monkeypatch.setattr(facet_counts, "AUTHORS_READ", 10)
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await results_for(pilot, "language ")
        await pilot.press("f")
        await settle(pilot)
        options = app.main.query_one(FacetsSidebar).query_one("OptionList")
        headings = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
                    if options.get_option_at_index(i).id is None]
        assert "Authors (first 10 found)" in headings and "Years" in headings
