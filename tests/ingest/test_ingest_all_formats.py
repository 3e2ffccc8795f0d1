"""Every listing format in one folder: `reader export --format jsonl` gives exactly its papers,
the same paper from several sources merged into one record (arXiv id, then DOI, then title)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import cli

SAMPLES = Path(__file__).parent / "samples"

# title start, arxiv, doi, year, published, authors, first author, cut short, category, sources
EXPECTED = [
    ("Calculation of prompt diphoton productio", "0704.0001", "10.1103/physrevd.76.013009", 2007, "2007-04-02", 4,
     "C. Balázs", False, "hep-ph", ("arxiv-metadata-oai-snapshot.json",)),
    ("Attention Is All You Need", "1706.03762", None, 2017, "2017-06-12", 8, "Ashish Vaswani", False, "cs.CL",
     ("arxiv-metadata-oai-snapshot.json", "arxiv_digest_cs.txt", "arxiv_new_cs_CL.txt", "library.bib")),
    ("The Large N Limit of Superconformal Fiel", "hep-th/9711200", "10.1023/a:1026654312961", 1997, "1997-11-27", 1,
     "Juan M. Maldacena", False, "hep-th",
     ("arxiv-metadata-oai-snapshot.json", "arxiv_new_hep-th_1998.txt", "arxiv_search_holography.txt")),
    ("BERT: Pre-training of Deep Bidirectional", "1810.04805", None, 2018, "2018-10-11", 4, "Jacob Devlin", False,
     "cs.CL", ("arxiv-metadata-oai-snapshot.json", "exporters.bib", "library.bib")),
    ("GPT-4 Technical Report", "2303.08774", "10.48550/arxiv.2303.08774", 2023, "2023-03-15", 1, "OpenAI", False,
     "cs.CL", ("arxiv-metadata-oai-snapshot.json", "library.bib", "library.json")),
    ("s1: Simple test-time scaling", "2501.19393", None, 2025, "2025-01-31", 10, "Niklas Muennighoff", False, "cs.CL",
     ("arxiv_digest_cs.txt", "arxiv_new_cs_CL.txt", "arxiv_recent_cs_LG.txt")),
    ("Thoughts Are All Over the Place: On the ", "2501.18585", None, 2025, "2025-01-30", 14, "Yue Wang", False,
     "cs.CL", ("arxiv_digest_cs.txt", "arxiv_new_cs_CL.txt", "arxiv_recent_cs_LG.txt")),
    ("Titans: Learning to Memorize at Test Tim", "2501.00663", None, 2024, "2024-12-31", 3, "Ali Behrouz", False,
     "cs.LG", ("arxiv_digest_cs.txt", "arxiv_new_cs_CL.txt")),  # a cross-list on the cs.CL page
    ("RoFormer: Enhanced Transformer with Rota", "2104.09864", "10.1016/j.neucom.2023.127063", 2021, None, 6,
     "Jianlin Su", False, "cs.CL", ("arxiv_digest_cs.txt",)),
    ("Direct Preference Optimization: Your Lan", "2305.18290", None, 2023, None, 6, "Rafael Rafailov", False, "cs.LG",
     ("arxiv_new_cs_CL.txt",)),  # a replacement
    ("Anti De Sitter Space And Holography", "hep-th/9802150", None, 1998, "1998-02-24", 1, "Edward Witten", False,
     "hep-th", ("arxiv_new_hep-th_1998.txt",)),
    ("Gauge Theory Correlators from Non-Critic", "hep-th/9802109", "10.1016/s0370-2693(98)00377-3", 1998,
     "1998-02-24", 3, "S.S. Gubser", False, "hep-th", ("arxiv_new_hep-th_1998.txt", "arxiv_search_holography.txt")),
    ("SFT Memorizes, RL Generalizes: A Compara", "2501.17161", None, 2025, "2025-01-30", 9, "Tianzhe Chu", False,
     "cs.AI", ("arxiv_recent_cs_LG.txt",)),
    ("DeepSeek-R1: Incentivizing Reasoning Cap", "2501.12948", None, 2025, "2025-01-30", 19, "DeepSeek-AI", False,
     "cs.CL", ("arxiv_recent_cs_LG.txt",)),
    ("Mixtral of Experts", "2401.04088", None, 2024, "2024-01-08", 26, "Albert Q. Jiang", False, "cs.LG",
     ("arxiv_search_moe.txt",)),
    ("Switch Transformers: Scaling to Trillion", "2101.03961", "10.48550/arxiv.2101.03961", 2021, "2021-01-11", 3,
     "William Fedus", False, "cs.LG", ("arxiv_search_moe.txt", "library.ris")),
    ("Language Models are Few-Shot Learners", "2005.14165", None, 2020, "2020-05-28", 15, "Tom B. Brown", True,
     "cs.CL", ("arxiv_search_moe.txt",)),  # `et al. (16 additional authors not shown)`
    ("Outrageously Large Neural Networks: The ", "1701.06538", None, 2017, "2017-01-23", 7, "Noam Shazeer", False,
     "cs.LG", ("arxiv_search_moe.txt",)),
    ("WaveNet: A Generative Model for Raw Audi", "1609.03499", None, 2016, None, 3, "Aäron van den Oord", True,
     "cs.SD", ("library.bib",)),
    ("One Model To Learn Them All", "1706.05137", None, 2017, None, 4, "Łukasz Kaiser", True, None, ("library.bib",)),
    ("An Undulatory Theory of the Mechanics of", None, "10.1103/physrev.28.1049", 1926, None, 1, "E. Schrödinger",
     False, None, ("library.bib",)),
    ("LoRA: Low-Rank Adaptation of Large Langu", "2106.09685", "10.48550/arxiv.2106.09685", 2021, "2021-06-17", 8,
     "Edward J. Hu", False, None, ("library.json",)),
    ("Highly accurate protein structure predic", None, "10.1038/s41586-021-03819-2", 2021, "2021-07-15", 9,
     "John Jumper", True, None, ("library.json",)),
    ("Neural Discrete Representation Learning", "1711.00937", None, 2017, None, 3, "Aäron van den Oord", False, None,
     ("library.json",)),
    ("Deep Residual Learning for Image Recogni", None, "10.1109/cvpr.2016.90", 2016, None, 4, "Kaiming He", False, None,
     ("library.ris",)),
    ("Gradient-based learning applied to docum", None, "10.1109/5.726791", 1998, None, 4, "Yann LeCun", False, None,
     ("library.ris",)),
    ("Dissecting Recall of Factual Association", None, None, 2023, "2023-04-28", 3, "Mor Geva", True, None,
     ("library.ris",)),
]


def export(folder: Path, *extra: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["--seeds", str(folder), *extra, "export", "--format", "jsonl"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]


def summary(record: dict) -> tuple:
    return (record["title"][:40], record["arxiv"], record["doi"], record["year"], record["published"],
            len(record["authors"]), record["authors"][0] if record["authors"] else None,
            record["authors_truncated"], record["category"], tuple(record["sources"]))


@pytest.fixture(scope="module")
def exported():
    return export(SAMPLES)


def test_every_format_in_one_folder_exports_exactly_its_papers(exported):
    assert [summary(r) for r in exported] == EXPECTED


def test_no_record_is_titled_with_a_label_or_a_bibtex_line(exported):
    for record in exported:
        title = record["title"]
        assert not title.startswith(("Title:", "Authors:", "Subjects:", "Comments:", "@", "arXiv:"))
        assert "=" not in title[:20] and title.strip() == title


def test_byte_order_marks_and_crlf_change_nothing(exported, tmp_path):
    folder = tmp_path / "samples"
    shutil.copytree(SAMPLES, folder)
    for path in sorted(folder.iterdir()):
        data = path.read_bytes().replace(b"\r\n", b"\n")
        if path.suffix in (".bib", ".txt"):
            data = data.replace(b"\n", b"\r\n")
        path.write_bytes(b"\xef\xbb\xbf" + data)
    assert export(folder) == exported


def test_the_seeds_export_unchanged_apart_from_the_new_keys(seed_papers):
    new = {"arxiv", "doi", "url", "year", "journal", "booktitle"}
    records = list(seed_papers.values())
    assert len(records) == 426
    for record in records:
        assert {k: record[k] for k in new} == {"arxiv": None, "doi": None, "url": None, "journal": None,
                                               "booktitle": None, "year": record["year"]}
        assert record["year"] == (int(record["published"][:4]) if record["published"] else None)


def test_an_arxiv_section_heading_in_the_wrong_place_never_becomes_a_title():
    from reader.ingest import parse_bytes

    text = (SAMPLES / "arxiv_search_moe.txt").read_text().splitlines()
    title_at = next(i for i, line in enumerate(text) if line.strip() == "Mixtral of Experts")
    text.insert(title_at, "New submissions (showing 1 of 1 entries)")
    del text[title_at + 1]  # the entry's own title is gone: the heading must not take its place
    result = parse_bytes("\n".join(text).encode(), "arxiv_search_moe.txt", __import__("datetime").date(2025, 2, 3))
    assert all(not li.title.startswith("New submissions") for li in result.listings)
