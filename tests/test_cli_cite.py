"""`reader cite` in each style, `--copy` when no clipboard works, `reader export` in each format."""

from __future__ import annotations

import csv
import io
import json

import pytest
import rispy
from tests.bibtex_entries import bibtex_entries
from click.testing import CliRunner

from reader.cli import cli
from tests.conftest import read_jsonl, write_dated
from tests.fake_clipboard import COPIES, fake_tools  # noqa: F401 - fixture


@pytest.fixture
def seeds(tmp_path):
    folder = tmp_path / "listings"
    folder.mkdir()
    write_dated(folder / "a.txt", [
        ("CLJun 12, 2017", "Attention Is All You NeedAshish Vaswani, Noam Shazeer", "Transformers."),
        ("LGNov 4, 2024", "BERT & Friends at 100%Jörg Müller, Aäron van den Oord et al. · deepmind", "Acronyms."),
    ])
    return folder


@pytest.fixture
def run(seeds):
    runner = CliRunner()

    def invoke(*args, env=None):
        return runner.invoke(cli, ["--seeds", str(seeds), *args], env=env, catch_exceptions=False)

    return invoke



def ids(run) -> dict[str, str]:
    records = read_jsonl(run("export", "--format", "jsonl").stdout)
    return {r["title"].split()[0]: r["id"] for r in records}


def test_cite_bibtex_by_default(run):
    attention = ids(run)["Attention"]
    result = run("cite", attention[:6])
    assert result.exit_code == 0
    assert result.stdout == (
        "@misc{vaswani2017attention,\n"
        "  title = {Attention Is All You Need},\n"
        "  author = {Vaswani, Ashish and Shazeer, Noam},\n"
        "  year = {2017},\n"
        "  month = jun,\n"
        "  howpublished = {arXiv cs.CL},\n"
        "}\n"
    )


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("apa", "Müller, J., van den Oord, A., et al. (2024). BERT & Friends at 100%. arXiv.\n"),
        ("mla", "Müller, Jörg, et al. “BERT & Friends at 100%.” arXiv, 4 Nov. 2024.\n"),
        ("chicago", "Müller, Jörg, Aäron van den Oord, et al. 2024. “BERT & Friends at 100%.” Preprint, arXiv, November 4.\n"),
        ("ieee", "[1] J. Müller et al., “BERT & Friends at 100%,” Nov. 04, 2024, arXiv.\n"),
        ("markdown", "[BERT & Friends at 100%](https://arxiv.org/search/?query=BERT+%26+Friends+at+100%25&searchtype=title)"
                     ", Jörg Müller, Aäron van den Oord et al. (2024)\n"),
        ("plain", "Jörg Müller, Aäron van den Oord et al. (2024). BERT & Friends at 100%. arXiv cs.LG.\n"),
    ],
)
def test_cite_in_each_style(run, style, expected):
    result = run("cite", ids(run)["BERT"], "--style", style)
    assert result.exit_code == 0 and result.stdout == expected


def test_cite_data_styles_and_several_ids(run):
    found = ids(run)
    both = [found["Attention"], found["BERT"]]
    bib = bibtex_entries(run("cite", *both).stdout)
    assert [e["ID"] for e in bib] == ["vaswani2017attention", "muller2024bert"]
    assert bib[1]["title"] == "{BERT} \\& Friends at 100\\%"
    assert [r["id"] for r in rispy.loads(run("cite", *both, "-s", "ris").stdout)] == [e["ID"] for e in bib]
    items = json.loads(run("cite", *both, "-s", "csljson").stdout)
    assert items[1]["author"][1] == {"family": "van den Oord", "given": "Aäron"}


def test_cite_default_style_from_config(run, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('citation_style = "plain"\nunknown = 1\n', encoding="utf-8")
    result = run("--config", str(config), "cite", ids(run)["Attention"])
    assert result.stdout == "Ashish Vaswani, Noam Shazeer (2017). Attention Is All You Need. arXiv cs.CL.\n"
    assert result.stderr.startswith(f"reader: warning: {config}: unknown key “unknown”; use one of browser_url, ")
    assert result.stderr.count("\n") == 1 and "citation_style" in result.stderr


def test_cite_unknown_id_and_style(run):
    result = run("cite", "abcdef")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "no paper has id" in result.stderr
    result = run("cite", ids(run)["Attention"], "--style", "fancy")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "unknown citation style “fancy”: use bibtex, apa, mla, chicago, ieee" in result.stderr


def test_copy_without_a_clipboard_still_prints_and_exits_0(run, monkeypatch, fake_tools):
    monkeypatch.setenv("PATH", str(fake_tools.bin))  # no clipboard tool at all
    result = run("cite", ids(run)["Attention"], "--style", "plain", "--copy")
    assert result.exit_code == 0
    assert result.stdout == "Ashish Vaswani, Noam Shazeer (2017). Attention Is All You Need. arXiv cs.CL.\n"
    assert result.stderr.count("\n") == 1 and "not copied" in result.stderr and "install xclip or xsel" in result.stderr


def test_copy_with_a_clipboard(run, monkeypatch, fake_tools):
    fake_tools.add("xclip", COPIES)
    for name, value in fake_tools.env(DISPLAY=":99").items():
        monkeypatch.setenv(name, value)
    result = run("cite", ids(run)["Attention"], "-s", "plain", "--copy")
    assert result.exit_code == 0 and fake_tools.copied() == result.stdout
    assert result.stderr == "copied to the clipboard (xclip)\n"


def check_bibtex(text):
    entries = bibtex_entries(text)
    assert [e["ID"] for e in entries] == ["vaswani2017attention", "muller2024bert"]


def check_ris(text):
    assert [r["title"] for r in rispy.loads(text)] == ["Attention Is All You Need", "BERT & Friends at 100%"]


def check_csljson(text):
    assert [i["id"] for i in json.loads(text)] == ["vaswani2017attention", "muller2024bert"]


def check_csv(text):
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["key"] for r in rows] == ["vaswani2017attention", "muller2024bert"]
    assert rows[1]["authors"] == "Jörg Müller; Aäron van den Oord" and rows[1]["authors_truncated"] == "true"


def check_markdown(text):
    assert text.splitlines()[0].startswith("[Attention Is All You Need](https://arxiv.org/search/?query=Attention")


def check_jsonl(text):
    records = read_jsonl(text)
    assert [sorted(r) for r in records] == [sorted([
        "id", "title", "authors", "authors_truncated", "orgs", "category", "published", "badge", "abstract", "sources",
        "arxiv", "doi", "url", "year", "journal", "booktitle",
    ])] * 2


@pytest.mark.parametrize("fmt", ["bibtex", "ris", "csljson", "csv", "markdown", "jsonl"])
def test_export_each_format_to_a_file(run, tmp_path, fmt):
    target = tmp_path / "out" / f"papers.{fmt}"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    result = run("export", "--all", "--format", fmt, "-o", str(target))
    assert result.exit_code == 0 and "wrote 2 papers" in result.stderr
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary file left behind
    text = target.read_text(encoding="utf-8")
    globals()[f"check_{fmt}"](text)
    assert run("export", "--format", fmt).stdout == text


def test_export_query_and_all_exclude_each_other(run):
    result = run("export", "--all", "--query", "bert", "--format", "bibtex")
    assert result.exit_code == 2 and "--all" in result.stderr
    result = run("export", "--query", "attention", "--format", "bibtex")
    assert result.stdout.startswith("@misc{vaswani2017attention,") and result.stdout.count("@misc") == 1


DIGEST = """From: no-reply@arxiv.org
Subject: cs daily Subj-class mailing 2502031 1
Date: Tue, 4 Feb 2025 04:00:58 -0500

------------------------------------------------------------------------------
\\\\
arXiv:2101.03961
Date: Mon, 11 Jan 2021 18:57:02 GMT   (1342kb,D)

Title: Switch Transformers: Scaling to Trillion Parameter Models
Authors: William Fedus, Barret Zoph, Noam Shazeer
Categories: cs.LG cs.AI
\\\\
  We simplify the MoE routing algorithm.
\\\\ ( https://arxiv.org/abs/2101.03961 ,  1342kb)
------------------------------------------------------------------------------
"""


@pytest.fixture
def run_arxiv(tmp_path):
    folder = tmp_path / "arxiv-listings"
    folder.mkdir()
    (folder / "digest.txt").write_text(DIGEST, encoding="utf-8")
    runner = CliRunner()
    return lambda *args: runner.invoke(cli, ["--seeds", str(folder), *args], catch_exceptions=False)


def test_cite_a_paper_with_an_arxiv_id(run_arxiv):
    switch = read_jsonl(run_arxiv("export", "--format", "jsonl").stdout)[0]
    assert switch["arxiv"] == "2101.03961"
    assert run_arxiv("cite", switch["id"]).stdout == (
        "@misc{fedus2021switch,\n"
        "  title = {Switch Transformers: Scaling to Trillion Parameter Models},\n"
        "  author = {Fedus, William and Zoph, Barret and Shazeer, Noam},\n"
        "  year = {2021},\n"
        "  month = jan,\n"
        "  eprint = {2101.03961},\n"
        "  archivePrefix = {arXiv},\n"
        "  primaryClass = {cs.LG},\n"
        "  url = {https://arxiv.org/abs/2101.03961},\n"
        "}\n"
    )
    assert run_arxiv("cite", switch["id"], "-s", "nature").stdout == (
        "1. Fedus, W., Zoph, B. & Shazeer, N. Switch Transformers: Scaling to Trillion Parameter Models. "
        "Preprint at https://arxiv.org/abs/2101.03961 (2021).\n"
    )
    assert run_arxiv("cite", switch["id"], "-s", "markdown").stdout.startswith(
        "[Switch Transformers: Scaling to Trillion Parameter Models](https://arxiv.org/abs/2101.03961), "
    )
    ris = run_arxiv("export", "--format", "ris").stdout
    assert ris.startswith("TY  - UNPB\n") and "UR  - https://arxiv.org/abs/2101.03961\n" in ris
    item = json.loads(run_arxiv("export", "--format", "csljson").stdout)[0]
    assert item["URL"] == "https://arxiv.org/abs/2101.03961" and item["number"] == "arXiv:2101.03961"


def test_ris_export_has_no_numbered_header_lines(run):
    text = run("export", "--all", "--format", "ris").stdout
    assert text.startswith("TY  - ") and text.count("TY  - ") == 2
    assert not [line for line in text.splitlines() if line.rstrip(".").isdigit()]
