"""Any citation style: a `.csl` file by path, every bundled style by id (retired ids too), close matches."""

from __future__ import annotations

import os
from datetime import date

import pytest

from reader.citations import UnknownStyle, check_style, render
from reader.citations import style_catalog
from reader.config import load_config
from reader.models import Paper
from tests.cli_birds import ids, listings, run  # noqa: F401 - fixtures

VASWANI = Paper(
    id="a1", title="Attention Is All You Need", authors=("Ashish Vaswani", "Noam Shazeer"),
    category="CL", published=date(2017, 6, 12), arxiv="1706.03762",
)
KEYS = {"a1": "vaswani2017attention"}

STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Test style</title><id>http://example.org/test</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography>
    <layout suffix="{end}">
      <names variable="author"><name form="short" and="text" delimiter=", "/></names>
      <text variable="title" prefix=": "/>
      <date variable="issued" prefix=" (" suffix=")"><date-part name="year"/></date>
    </layout>
  </bibliography>
</style>
"""


def write_style(folder, name="mine.csl", end="."):
    path = folder / name
    path.write_text(STYLE.replace("{end}", end), encoding="utf-8")
    return path


def test_a_csl_file_by_path_renders(tmp_path):
    path = write_style(tmp_path)
    assert check_style(str(path)) == str(path)
    assert render([VASWANI], str(path), KEYS) == "Vaswani and Shazeer: Attention Is All You Need (2017).\n"


def test_an_edited_csl_file_is_read_again(tmp_path):
    path = write_style(tmp_path)
    assert render([VASWANI], str(path), KEYS).endswith("(2017).\n")
    write_style(tmp_path, end="!")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # a later mtime, whatever the clock
    assert render([VASWANI], str(path), KEYS).endswith("(2017)!\n")


def test_a_dependent_csl_file_renders_as_its_bundled_parent(tmp_path):
    path = tmp_path / "digest.csl"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0">'
        '<info><title>Mine</title><id>x</id><link href="http://www.zotero.org/styles/nature" rel="independent-parent"/>'
        "</info></style>\n", encoding="utf-8")
    assert render([VASWANI], str(path), KEYS) == render([VASWANI], "nature", KEYS)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (None, "no such CSL style file"),
        ("<style><info>", "line 1: not valid XML"),
        ("<?xml version='1.0'?>\n<html/>", "line 2: not a CSL style"),
        ('<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0"><info/></style>', "has no <bibliography>"),
    ],
)
def test_a_broken_csl_file_is_named_with_the_reason(tmp_path, text, words):
    path = tmp_path / "broken.csl"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(UnknownStyle) as caught:
        check_style(str(path))
    assert str(path) in str(caught.value) and words in str(caught.value)


def test_a_huge_file_or_a_folder_is_refused_without_reading_it_all(tmp_path):
    huge = tmp_path / "huge.csl"
    huge.write_bytes(b"<" * 5_000_001)
    with pytest.raises(UnknownStyle, match="too large to be a CSL style"):
        check_style(str(huge))
    (tmp_path / "folder.csl").mkdir()
    with pytest.raises(UnknownStyle, match="folder.csl: cannot read the style"):
        check_style(str(tmp_path / "folder.csl"))


@pytest.mark.parametrize("name", ["nope\x1b[2J", "evil\x1b]52;c;eA==\x07.csl"])
def test_control_characters_in_a_style_name_never_reach_the_message(name):
    with pytest.raises(UnknownStyle) as caught:
        check_style(name)
    assert "\x1b" not in str(caught.value) and "\x07" not in str(caught.value)


def test_vancouver_by_its_real_id_and_by_its_retired_one():
    assert style_catalog.renamed()["vancouver"] == "nlm-citation-sequence"  # the style repository's own map
    assert check_style("vancouver") == "nlm-citation-sequence"
    text = render([VASWANI], "vancouver", KEYS)
    assert text == render([VASWANI], "nlm-citation-sequence", KEYS)
    assert text.startswith("1. Vaswani A, Shazeer N. Attention Is All You Need [Internet]. arXiv; 2017.")


def test_every_bundled_style_id_is_accepted():
    ids = style_catalog.style_ids()
    assert len(ids) > 10_000  # independent and dependent styles
    for style_id in ("nature", "nature-digest", "elsevier-harvard", "vancouver-nlm"):
        assert style_id in ids and check_style(style_id) == style_id
    assert check_style("http://www.zotero.org/styles/nature") == "nature"


@pytest.mark.parametrize(("typo", "expected"), [("vancuver", "vancouver"), ("natrue", "nature"), ("ieeee", "ieee")])
def test_a_typo_gets_the_three_closest_names(typo, expected):
    with pytest.raises(UnknownStyle) as caught:
        check_style(typo)
    message = str(caught.value)
    assert f"unknown citation style “{typo}”: did you mean " in message and expected in message
    suggested = message.split("did you mean ", 1)[1].split("?", 1)[0].replace(" or ", ", ").split(", ")
    assert 1 <= len(suggested) <= 3 and expected in suggested
    assert all(check_style(name) for name in suggested)  # each suggestion works as given


def test_cite_with_a_csl_path_and_a_retired_id(run, ids, tmp_path):  # noqa: F811
    path = write_style(tmp_path)
    result = run("cite", ids["owls"], "--style", str(path))
    assert result.exit_code == 0 and ": " in result.stdout and result.stdout.rstrip().endswith(").")
    result = run("cite", ids["owls"], "--style", "vancouver")
    assert result.exit_code == 0 and result.stdout.startswith("1. ")


def test_cite_with_a_missing_csl_file_says_so_in_one_line(run, ids, tmp_path):  # noqa: F811
    result = run("cite", ids["owls"], "--style", str(tmp_path / "mystyle.csl"))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert f"{tmp_path / 'mystyle.csl'}: no such CSL style file" in result.stderr and "Traceback" not in result.stderr


def test_config_takes_a_csl_path_beside_it_and_names_a_broken_one(tmp_path):
    write_style(tmp_path)
    config_file = tmp_path / "config.toml"
    config_file.write_text('citation_style = "mine.csl"\n', encoding="utf-8")
    config, warnings = load_config(config_file)
    assert not warnings and check_style(config.citation_style) == str(tmp_path / "mine.csl")
    config_file.write_text('citation_style = "gone.csl"\n', encoding="utf-8")
    config, warnings = load_config(config_file)
    assert config.citation_style == "bibtex" and len(warnings) == 1
    assert f"{tmp_path / 'gone.csl'}: no such CSL style file" in warnings[0]


def test_the_catalog_has_titles_and_search_ranks_the_id_first():
    entries = style_catalog.catalog()
    by_id = {e.id: e for e in entries}
    assert by_id["nature"].title == "Nature"
    assert "&amp;" not in by_id["water-science-and-technology"].title  # XML entities decoded
    found = style_catalog.search("nature", entries)
    assert found[0].id == "nature" and len(found) > 10
    assert all("nature" in f"{e.id} {e.title.lower()}" for e in found)
    assert style_catalog.search("vancouver", entries)[0].id == "nlm-citation-sequence"  # what `vancouver` names
    words = style_catalog.search("vancouver springer", entries)
    assert words and all("springer" in f"{e.id} {e.title.lower()}" for e in words)
