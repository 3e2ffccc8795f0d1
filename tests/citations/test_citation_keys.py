"""Scholar-style keys: folding, stopwords, collisions that suffix only the newcomer, pinned keys."""

from __future__ import annotations

from datetime import date

from reader.citations.keys import assign_keys, base_key
from reader.library import Library
from reader.models import Paper


def paper(pid, title, authors=(), year=2017):
    return Paper(id=pid, title=title, authors=tuple(authors), published=date(year, 1, 1) if year else None)


def test_scholar_style():
    assert base_key(paper("1", "Attention Is All You Need", ["Ashish Vaswani"])) == "vaswani2017attention"
    assert base_key(paper("2", "The Power of Scale", ["Brian Lester"], 2021)) == "lester2021power"
    assert base_key(paper("3", "On the Opportunities", ["Rishi Bommasani"], 2021)) == "bommasani2021opportunities"
    assert base_key(paper("4", "GPT-4 Technical Report", ["OpenAI"], 2023)) == "openai2023gpt"
    assert base_key(paper("5", "WaveNet", ["Aäron van den Oord"], 2016)) == "oord2016wavenet"


def test_ascii_folding_no_year_and_no_author():
    assert base_key(paper("1", "Über Straße", ["Jörg Müller"], None)) == "mullernduber"
    assert base_key(paper("2", "Łódź models", ["Paweł Łukasz"])) == "lukasz2017lodz"
    assert base_key(paper("3", "A Study", [], None)) == "anonndstudy"
    assert base_key(paper("4", "Schr\\\"odinger bridges", ["Gemini Team"], 2024)) == "gemini2024schrodinger"


def test_collision_suffixes_only_the_newcomer():
    first = paper("1", "Attention Is All You Need", ["Ashish Vaswani"])
    second = paper("2", "Attention, again", ["Ashish Vaswani"])
    third = paper("3", "Attention thrice", ["Ashish Vaswani"])
    keys = assign_keys([first, second, third], {})
    assert keys == {"1": "vaswani2017attention", "2": "vaswani2017attentiona", "3": "vaswani2017attentionb"}
    assert assign_keys([first, second, third], {}) == keys  # deterministic
    # the second was pinned first: it keeps its key; the newcomer is suffixed
    later = assign_keys([first, second], {"2": "vaswani2017attention"})
    assert later == {"1": "vaswani2017attentiona", "2": "vaswani2017attention"}


def test_pinned_keys_never_change():
    pinned = {"1": "custom2000key", "9": "vaswani2017attention"}
    keys = assign_keys([paper("1", "Attention Is All You Need", ["Ashish Vaswani"]),
                        paper("2", "Attention Is All You Need", ["Ashish Vaswani"])], pinned)
    assert keys == {"1": "custom2000key", "2": "vaswani2017attentiona"}


def test_keys_are_pinned_on_output_and_survive_reopen_and_rebuild(tmp_path):
    data = tmp_path / "lib"
    with Library.open(data_dir=data) as library:
        gemini = next(p for p in library.papers() if p.authors[:1] == ("Gemini Team",))
        library.cite([gemini.id], "apa")  # CSL text shows no key: nothing pinned
        assert library.pinned_keys() == {}
        text = library.cite([gemini.id[:8]], "bibtex")
        key = library.pinned_keys()[gemini.id]
        assert text.startswith(f"@misc{{{key},")
    with Library.open(data_dir=data, rebuild=True) as library:
        assert library.pinned_keys()[gemini.id] == key
        assert library.export([gemini], "csljson").count(f'"id": "{key}"') == 1
