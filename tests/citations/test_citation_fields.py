"""The link `o` opens and Markdown uses: arXiv abstract, else DOI, else URL, else the search template."""

from __future__ import annotations

import pytest

from reader.citations.fields import DEFAULT_BROWSER_URL, arxiv_category, browser_url, link
from reader.models import Paper

TEMPLATE = "https://example.org/p/{id}?q={title}"


def paper(**fields) -> Paper:
    return Paper(id="0f0f0f0f0f0f", title="Attention Is All You Need", **fields)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"arxiv": "2101.03961", "doi": "10.1/x", "url": "https://x.org/a"}, "https://arxiv.org/abs/2101.03961"),
        ({"arxiv": "hep-th/9901001"}, "https://arxiv.org/abs/hep-th/9901001"),
        ({"doi": "10.18653/v1/n19-1423", "url": "https://x.org/a"}, "https://doi.org/10.18653/v1/n19-1423"),
        ({"doi": "10.1002/(sici)1097-4571<693::aid>3.0.co;2-0#x"},
         "https://doi.org/10.1002/(sici)1097-4571%3C693::aid%3E3.0.co;2-0%23x"),
        ({"url": "https://aclanthology.org/N19-1423"}, "https://aclanthology.org/N19-1423"),
    ],
)
def test_the_papers_own_page_comes_first(fields, expected):
    assert browser_url(paper(**fields), TEMPLATE) == expected
    assert link(paper(**fields)) == expected


def test_without_identifiers_the_configured_template():
    assert link(paper()) is None
    assert browser_url(paper(), TEMPLATE) == "https://example.org/p/0f0f0f0f0f0f?q=Attention+Is+All+You+Need"
    assert browser_url(paper(), None) == DEFAULT_BROWSER_URL.format(title="Attention+Is+All+You+Need")
    assert browser_url(paper(), "https://x/{doi}") == browser_url(paper(), None)  # a bad template: the default


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "https://x.org/a b", "https://x.org/\x1b[2J"])
def test_a_url_that_is_not_a_web_page_is_never_opened(url):
    assert link(paper(url=url)) is None
    assert browser_url(paper(url=url), TEMPLATE).startswith("https://example.org/p/")


@pytest.mark.parametrize(
    ("short", "full"),
    [("CL", "cs.CL"), ("AR", "cs.AR"), ("ML", "stat.ML"), ("AS", "eess.AS"), ("IV", "eess.IV"), ("SP", "eess.SP"),
     ("cs.CL", "cs.CL"), ("hep-th", "hep-th"), ("ST", "ST"), (None, None), ("", None)],
)
def test_arxiv_category(short, full):
    assert arxiv_category(short) == full


def test_library_browser_url_opens_the_arxiv_page_and_falls_back_for_seeds(tmp_path, seeds_library):
    """What the app's `o` calls: `Library.browser_url`."""
    from reader.library import Library
    from tests.test_cli_cite import DIGEST

    folder = tmp_path / "listings"
    folder.mkdir()
    (folder / "digest.txt").write_text(DIGEST, encoding="utf-8")
    with Library.open(data_dir=tmp_path / "data", seeds=[folder]) as library:
        (switch,) = library.papers()
        assert library.browser_url(switch.id[:8], TEMPLATE) == "https://arxiv.org/abs/2101.03961"
    seed = next(p for p in seeds_library.papers() if p.title == "When Can Transformers Count to n?")
    assert seeds_library.browser_url(seed.id, TEMPLATE) == (
        f"https://example.org/p/{seed.id}?q=When+Can+Transformers+Count+to+n%3F"
    )
