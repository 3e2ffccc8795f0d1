"""Citation keys at scale: linear in the papers however many share a base key, and never
worked out for output that shows none (JSONL)."""

from __future__ import annotations

import time
from datetime import date

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.citations import keys as citation_keys
from reader.cli import cli
from reader.library import Library
from reader.models import Paper
from tests.conftest import read_jsonl, write_dated

SHARED = 20_000
TIME_BOUND = 5.0  # seconds: 10x the 0.5 s measured on a loaded 2-core machine; the probe count is the real check


def paper(pid: str, title: str, author: str = "Ashish Vaswani", year: int | None = 2017) -> Paper:
    return Paper(id=pid, title=title, authors=(author,), published=date(year, 1, 1) if year else None)


def reference_keys(papers, pinned):
    """The rule as first written (quadratic): the smallest free suffix for each newcomer."""
    taken, found = set(pinned.values()), {}
    for p in papers:
        if p.id in found:
            continue
        if p.id in pinned:
            found[p.id] = pinned[p.id]
            continue
        base = key = citation_keys.base_key(p)
        number = 0
        while key in taken:
            number += 1
            key = base + citation_keys._suffix(number)
        taken.add(key)
        found[p.id] = key
    return found


@pytest.fixture
def probes(monkeypatch):
    """Counts the candidate keys tried; gives up (fails) past a budget instead of running for minutes."""
    counted = {"n": 0, "budget": float("inf")}
    suffix = citation_keys._suffix

    def counting(number: int) -> str:
        counted["n"] += 1
        if counted["n"] > counted["budget"]:
            raise AssertionError(f"more than {counted['budget']} candidate keys tried: quadratic")
        return suffix(number)

    monkeypatch.setattr(citation_keys, "_suffix", counting)
    return counted


@pytest.mark.slow
def test_twenty_thousand_papers_sharing_a_base_key_take_linear_work(probes):
    papers = [paper(str(n), f"Attention Is All You Need, part {n}") for n in range(SHARED)]
    base = citation_keys.base_key(papers[0])
    assert {citation_keys.base_key(p) for p in papers} == {base}
    pinned = {"elsewhere-1": base + "b", "elsewhere-2": base + "zz", "3": "custom2000key"}
    probes["budget"] = SHARED + len(pinned)  # one candidate per paper, plus one per pinned key in the way
    started = time.perf_counter()
    keys = citation_keys.assign_keys(papers, pinned)
    took = time.perf_counter() - started
    assert len(keys) == SHARED and len(set(keys.values())) == SHARED
    assert keys["3"] == "custom2000key" and keys["0"] == base and keys["1"] == base + "a"
    assert not ({base + "b", base + "zz"} & set(keys.values()))
    assert took < TIME_BOUND, f"{SHARED:,} keys took {took:.2f} s"


@settings(max_examples=200, deadline=None)
@given(
    papers=st.lists(
        st.builds(
            lambda i, word, author, year: paper(str(i), f"{word} study", author, year),
            st.integers(0, 40), st.sampled_from(["attention", "attentiona", "graph", "graphb"]),
            st.sampled_from(["Ashish Vaswani", "Ada Lovelace"]), st.sampled_from([2017, None]),
        ),
        max_size=60,
    ),
    pinned=st.dictionaries(
        st.sampled_from([str(i) for i in range(0, 60, 3)] + ["x", "y"]),
        st.sampled_from(["vaswani2017attention", "vaswani2017attentiona", "vaswani2017attentionb",
                         "vaswani2017attentionaa", "lovelacendgraphb", "lovelacendgraphba", "mine"]),
        max_size=4,
    ).filter(lambda d: len(set(d.values())) == len(d)),
)
def test_keys_are_the_ones_the_simple_rule_gives(papers, pinned):
    assert citation_keys.assign_keys(papers, pinned) == reference_keys(papers, pinned)


@pytest.fixture
def base_key_calls(monkeypatch):
    calls = []
    real = citation_keys.base_key
    monkeypatch.setattr(citation_keys, "base_key", lambda p: calls.append(p.id) or real(p))
    return calls


@pytest.fixture
def listings(tmp_path):
    folder = tmp_path / "listings"
    folder.mkdir()
    write_dated(folder / "a.txt", [
        ("CLMar 3, 2024", f"Attention Study {n}Ashish Vaswani, Ada Lovelace", f"An abstract about attention {n}.")
        for n in range(5)
    ])
    return folder


def test_jsonl_export_works_out_no_keys(listings, tmp_path, base_key_calls):
    with Library.open(tmp_path / "data", [listings]) as library:
        papers = list(library.papers())
        assert len(read_jsonl(library.export(papers, "jsonl"))) == 5
        assert base_key_calls == []
        library.export(papers, "markdown")  # shows no key either
        assert base_key_calls == []
        library.export(papers, "bibtex")  # shows keys: worked out, once each
        assert sorted(base_key_calls) == sorted(p.id for p in papers)
    base_key_calls.clear()
    result = CliRunner().invoke(
        cli, ["--seeds", str(listings), "--data-dir", str(tmp_path / "data"), "export", "--format", "jsonl"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0 and len(read_jsonl(result.stdout)) == 5
    assert base_key_calls == []
