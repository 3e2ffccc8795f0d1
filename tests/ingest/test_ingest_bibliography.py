"""Bibliography files and the arXiv metadata snapshot: every field of every record of each sample,
by example, through the whole pipeline (`parse_bytes`), and which format claims which text."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from reader.ingest import arxiv_snapshot, bibtex, csljson, detect, parse_bytes, ris
from reader.ingest.clean import split_lines
from reader.models import Listing, ParseWarning

SAMPLES = Path(__file__).parent / "samples"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"
REF = date(2024, 6, 1)
MODULES = {"bibtex": bibtex, "ris": ris, "csljson": csljson, "arxiv-snapshot": arxiv_snapshot}
SAMPLE_FORMATS = {
    "library.bib": "bibtex",
    "library.ris": "ris",
    "library.json": "csljson",
    "arxiv-metadata-oai-snapshot.json": "arxiv-snapshot",
}


def parse_sample(name: str, data: bytes | None = None):
    return parse_bytes(SAMPLES.joinpath(name).read_bytes() if data is None else data, name, REF)


# --- BibTeX -------------------------------------------------------------------------------------

BIB = "library.bib"
BIB_LISTINGS = [
    Listing(
        title="Attention Is All You Need",
        authors=("Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit", "Llion Jones",
                 "Aidan N. Gomez", "Łukasz Kaiser", "Illia Polosukhin"),
        source=BIB, line=6,
        arxiv="1706.03762",  # from the arxiv.org url, version dropped
        url="https://arxiv.org/abs/1706.03762v5",
        year=2017,  # `month = dec` and no day: the year alone
        booktitle="Advances in Neural Information Processing Systems 30",  # @string macro # "…"
    ),
    Listing(
        title="BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
        authors=("Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"),
        source=BIB, line=18,
        arxiv="1810.04805",  # from `journal = {arXiv preprint arXiv:1810.04805}`
        year=2018,
        journal="arXiv preprint arXiv:1810.04805",
    ),
    Listing(
        title="WaveNet: A Generative Model for Raw Audio",
        authors=("Aäron van den Oord", "Sander Dieleman", "Heiga Zen"),
        authors_truncated=True,  # `and others`
        category="cs.SD",
        abstract="A deep generative network that produces raw audio one sample at a time, each conditioned "
                 "on all the samples before it. Speech it generates sounds more natural than that of earlier systems.",
        source=BIB, line=25,
        arxiv="1609.03499",  # eprint 1609.03499v2 with archivePrefix arXiv
        year=2016,
    ),
    Listing(
        title="One Model To Learn Them All",
        authors=("Łukasz Kaiser", "Aidan N. Gomez", "Noam Shazeer", "Ashish Vaswani"),
        authors_truncated=True,
        source=BIB, line=37,
        arxiv="1706.05137",  # howpublished = {arXiv:1706.05137}
        year=2017,
    ),
    Listing(
        title="GPT-4 Technical Report",
        authors=("OpenAI",),  # a braced corporate author, whole
        category="cs.CL",
        published=date(2023, 3, 15),  # year, month and day
        source=BIB, line=44,
        arxiv="2303.08774",
        doi="10.48550/arxiv.2303.08774",  # resolver prefix stripped, lower case
    ),
    Listing(
        title="An Undulatory Theory of the Mechanics of Atoms and Molecules",
        authors=("E. Schrödinger",),
        source=BIB, line=57,  # an entry in parentheses
        doi="10.1103/physrev.28.1049",
        year=1926,
        journal="Physical Review",
    ),
]


def test_bibtex_sample_every_field_of_every_record():
    result = parse_sample(BIB)
    assert result.format == "bibtex"
    assert result.listings == BIB_LISTINGS
    assert result.warnings == [ParseWarning(BIB, 69, "the entry “untitled2020” has no title; it was skipped")]


def test_bibtex_crlf_and_bom_read_the_same():
    data = SAMPLES.joinpath(BIB).read_bytes()
    assert b"\r" not in data
    result = parse_sample(BIB, b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"))
    assert result.format == "bibtex"
    assert result.listings == BIB_LISTINGS
    assert [w.line for w in result.warnings] == [69]


@pytest.mark.parametrize(
    "field, expected",
    [
        (r'author = {Schr\"{o}dinger, Erwin}', ("Erwin Schrödinger",)),
        (r"author = {{\L}ukasz Kaiser}", ("Łukasz Kaiser",)),
        (r'author = {van den Oord, A{\"a}ron}', ("Aäron van den Oord",)),
        (r'author = {A{\"a}ron van den Oord}', ("Aäron van den Oord",)),
        (r"author = {King, Jr., Martin Luther}", ("Martin Luther King Jr.",)),
        (r"author = {{Gemini Team} and Anil, Rohan}", ("Gemini Team", "Rohan Anil")),
        (r"author = {Caf\'e, Ren\'{e} and Nov\'ak, Ji\v{r}\'i}", ("René Café", "Jiří Novák")),
    ],
)
def test_bibtex_names(field, expected):
    text = f"@misc{{k,\n  title = {{A Title}},\n  {field}\n}}\n"
    [listing] = parse_bytes(text.encode(), "names.bib", REF).listings
    assert listing.authors == expected
    assert listing.authors_truncated is False


@pytest.mark.parametrize(
    "fields, published, year",
    [
        ("year = 2019, month = jun, day = 2", date(2019, 6, 2), None),
        ("year = {2019}, month = {June}, day = {2}", date(2019, 6, 2), None),
        ("year = 2019, month = 6, day = {02}", date(2019, 6, 2), None),
        ("date = {2019-06-02}", date(2019, 6, 2), None),  # biblatex
        ("date = {2019-06}", None, 2019),
        ("year = 2019, month = jun", None, 2019),
        ("year = 2019, month = feb, day = 30", None, 2019),  # no such day: the year alone
        ("year = {in press}", None, None),
    ],
)
def test_bibtex_dates(fields, published, year):
    text = f"@misc{{k, title = {{A Title}}, {fields}}}\n"
    [listing] = parse_bytes(text.encode(), "dates.bib", REF).listings
    assert (listing.published, listing.year) == (published, year)


@pytest.mark.parametrize(
    "fields, arxiv",
    [
        ("eprint = {2101.03961v3}, archivePrefix = {arXiv}", "2101.03961"),
        ("eprint = {2101.03961}, eprinttype = {arxiv}", "2101.03961"),  # biblatex
        ("eprint = {2101.03961}", "2101.03961"),  # no archive named
        ("eprint = {hep-th/9711200v3}, archivePrefix = {arXiv}", "hep-th/9711200"),
        ("eprint = {2101.03961}, archivePrefix = {HAL}", None),  # another archive's number
        ("doi = {10.48550/arXiv.2101.03961}", "2101.03961"),
        ("url = {https://arxiv.org/pdf/2101.03961v1}", "2101.03961"),
        ("journal = {CoRR}, volume = {abs/2101.03961}", None),
        ("note = {arXiv:2101.03961 [cs.LG]}", "2101.03961"),
    ],
)
def test_bibtex_arxiv_ids(fields, arxiv):
    text = f"@misc{{k, title = {{A Title}}, {fields}}}\n"
    [listing] = parse_bytes(text.encode(), "ids.bib", REF).listings
    assert listing.arxiv == arxiv


def test_bibtex_escaped_characters_in_doi_and_url_are_unescaped():
    text = r"@misc{k, title = {A Title}, doi = {10.1002/(SICI)1097-4571\_x}, url = {https://example.org/a\_b\%20c}}"
    [listing] = parse_bytes(text.encode(), "escaped.bib", REF).listings
    assert (listing.doi, listing.url) == ("10.1002/(sici)1097-4571_x", "https://example.org/a_b%20c")


def test_bibtex_latex_in_titles_becomes_unicode_and_math_stays():
    text = (
        "@misc{k,\n"
        r"  title = {{BERT} and Schr\"{o}dinger's $\alpha$-Cat: 50\% \& More -- ``Quoted''}," "\n"
        r"  abstract = {We bound it by $O(n^{-1/2})$ in 100% of cases}" "\n"
        "}\n"
    )
    [listing] = parse_bytes(text.encode(), "latex.bib", REF).listings
    assert listing.title == "BERT and Schrödinger's $\\alpha$-Cat: 50% & More – “Quoted”"
    assert listing.abstract == "We bound it by $O(n^{-1/2})$ in 100% of cases"


def test_bibtex_keywords_and_unread_fields_are_ignored_even_when_odd():
    text = "@misc{k, title = {A Title}, keywords = {a, b}, pages = 1--2, file = {:x.pdf:PDF}, year = 2020}\n"
    result = parse_bytes(text.encode(), "odd.bib", REF)
    assert result.listings == [Listing(title="A Title", source="odd.bib", line=1, year=2020)]
    assert result.warnings == []


def test_bibtex_repeated_field_takes_the_first_with_a_warning():
    text = "@misc{k,\n  title = {First},\n  title = {Second},\n  year = 2020\n}\n"
    result = parse_bytes(text.encode(), "twice.bib", REF)
    assert [li.title for li in result.listings] == ["First"]
    assert result.warnings == [ParseWarning("twice.bib", 1, "`title` given twice in this entry; the first was used")]


def test_bibtex_reused_key_is_still_read():
    text = "@misc{k, title = {One}}\n@misc{k, title = {Two}}\n"
    result = parse_bytes(text.encode(), "keys.bib", REF)
    assert [(li.title, li.line) for li in result.listings] == [("One", 1), ("Two", 2)]
    assert result.warnings == []


# --- RIS ----------------------------------------------------------------------------------------

RIS = "library.ris"
RIS_LISTINGS = [
    Listing(
        title="Switch Transformers: Scaling to Trillion Parameter Models with Simple and Efficient Sparsity",
        authors=("William Fedus", "Barret Zoph", "Noam Shazeer"),
        published=date(2021, 1, 11),  # DA 2021/01/11/
        abstract="A mixture-of-experts Transformer that sends each token to a single expert, so that the "
                 "parameter count grows while the compute per token stays fixed.",  # a continued AB line
        source=RIS, line=1,
        arxiv="2101.03961",  # from the 10.48550 DOI
        doi="10.48550/arxiv.2101.03961",
        url="http://arxiv.org/abs/2101.03961",
        journal="arXiv",
    ),
    Listing(
        title="Deep Residual Learning for Image Recognition",  # T1
        authors=("Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"),  # A1
        source=RIS, line=16,
        doi="10.1109/cvpr.2016.90",
        year=2016,  # Y1 2016/06/: no day
        booktitle="2016 IEEE Conference on Computer Vision and Pattern Recognition (CVPR)",  # T2 of a CONF
    ),
    Listing(
        title="Gradient-based learning applied to document recognition",
        authors=("Yann LeCun", "Léon Bottou", "Yoshua Bengio", "Patrick Haffner"),
        source=RIS, line=29,
        doi="10.1109/5.726791",
        year=1998,
        journal="Proceedings of the IEEE",  # JF
    ),
    Listing(  # as `reader export --format ris` writes a truncated list
        title="Dissecting Recall of Factual Associations in Auto-Regressive Language Models",
        authors=("Mor Geva", "Jasmijn Bastings", "Katja Filippova"),
        authors_truncated=True,
        published=date(2023, 4, 28),
        source=RIS, line=44,
    ),
]


def test_ris_sample_every_field_of_every_record():
    result = parse_sample(RIS)
    assert result.format == "ris"
    assert result.listings == RIS_LISTINGS
    assert result.warnings == [ParseWarning(RIS, 58, "this record has no `TI` or `T1` title; it was skipped")]


def test_ris_crlf_and_bom_read_the_same():
    data = SAMPLES.joinpath(RIS).read_bytes()
    result = parse_sample(RIS, b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"))
    assert result.listings == RIS_LISTINGS


def test_ris_an_arxiv_url_gives_the_id_and_an_unclosed_record_is_read_with_a_warning():
    text = "TY  - GEN\nTI  - A Title\nUR  - https://arxiv.org/abs/2101.03961v2\nTY  - GEN\nTI  - Another\nER  -\n"
    result = parse_bytes(text.encode(), "open.ris", REF)
    assert [(li.title, li.arxiv, li.line) for li in result.listings] == [
        ("A Title", "2101.03961", 1), ("Another", None, 4),
    ]
    assert result.warnings == [ParseWarning(
        "open.ris", 1, "no `ER  -` closes the record that starts here; it was read up to line 3",
    )]


def test_ris_lines_outside_records_are_one_warning():
    text = "Exported by Somewhere\nTY  - GEN\nTI  - A Title\nER  -\nstray\nmore stray\n"
    result = parse_bytes(text.encode(), "stray.ris", REF)
    assert [li.title for li in result.listings] == ["A Title"]
    assert result.warnings == [ParseWarning(
        "stray.ris", 1, "this line is outside any `TY  -` … `ER  -` record (and 2 more); it was ignored",
    )]


# --- CSL-JSON -----------------------------------------------------------------------------------

CSL = "library.json"
CSL_LISTINGS = [
    Listing(
        title="LoRA: Low-Rank Adaptation of Large Language Models",
        authors=("Edward J. Hu", "Yelong Shen", "Phillip Wallis", "Zeyuan Allen-Zhu", "Yuanzhi Li",
                 "Shean Wang", "Lu Wang", "Weizhu Chen"),
        published=date(2021, 6, 17),  # date-parts with the year as a string
        abstract="Freeze the pretrained weights and learn a pair of low-rank matrices per layer instead: "
                 "far fewer trainable parameters, no extra latency.",
        source=CSL, line=2,
        arxiv="2106.09685",
        doi="10.48550/arxiv.2106.09685",
        url="http://arxiv.org/abs/2106.09685",
    ),
    Listing(
        title="Highly accurate protein structure prediction with AlphaFold",  # <i>…</i> dropped
        authors=("John Jumper", "Richard Evans", "Alexander Pritzel", "Tim Green", "Michael Figurnov",
                 "Olaf Ronneberger", "Kathryn Tunyasuvunakool", "Russ Bates", "Augustin Žídek"),
        authors_truncated=True,  # "custom": {"authors_truncated": true}
        published=date(2021, 7, 15),
        source=CSL, line=24,
        doi="10.1038/s41586-021-03819-2",
        url="https://www.nature.com/articles/s41586-021-03819-2",
        journal="Nature",
    ),
    Listing(
        title="Neural Discrete Representation Learning",
        authors=("Aäron van den Oord", "Oriol Vinyals", "Koray Kavukcuoglu"),  # a non-dropping particle
        source=CSL, line=47,
        arxiv="1711.00937",  # from the arxiv.org URL
        url="https://arxiv.org/abs/1711.00937",
        year=2017,
        booktitle="Advances in Neural Information Processing Systems",  # container of a paper-conference
    ),
    Listing(
        title="GPT-4 Technical Report",
        authors=("OpenAI",),  # a literal name
        published=date(2023, 3, 15),  # issued.raw
        source=CSL, line=60,
        arxiv="2303.08774",  # archive arXiv, archive_location
    ),
]


def test_csljson_sample_every_field_of_every_record():
    result = parse_sample(CSL)
    assert result.format == "csljson"
    assert result.listings == CSL_LISTINGS
    assert result.warnings == [ParseWarning(CSL, 69, "this item has no title; it was skipped")]


def test_csljson_crlf_and_bom_read_the_same():
    data = SAMPLES.joinpath(CSL).read_bytes()
    result = parse_sample(CSL, b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"))
    assert result.listings == CSL_LISTINGS


def test_csljson_reads_what_reader_exports():
    from reader.citations.formats import csljson as export_csljson
    from reader.models import Paper

    paper = Paper(id="p1", title="Dissecting Recall of Factual Associations", authors=("Mor Geva", "Katja Filippova"),
                  authors_truncated=True, category="cs.CL", published=date(2023, 4, 28), abstract="We study recall.")
    text = export_csljson([paper], {"p1": "geva2023dissecting"})
    result = parse_bytes(text.encode(), "export.json", REF)
    assert result.format == "csljson"
    assert [replace(li, line=0) for li in result.listings] == [Listing(
        title="Dissecting Recall of Factual Associations", authors=("Mor Geva", "Katja Filippova"),
        authors_truncated=True, published=date(2023, 4, 28), abstract="We study recall.", source="export.json",
    )]


def test_csljson_broken_json_keeps_the_items_before_it():
    text = '[\n  {"type": "article", "title": "Kept", "issued": {"date-parts": [[2020]]}},\n  {"title": "Lost",\n'
    result = parse_bytes(text.encode(), "cut.json", REF)
    assert [(li.title, li.year, li.line) for li in result.listings] == [("Kept", 2020, 2)]
    [warning] = result.warnings
    assert warning.line == 3 and "not valid JSON" in warning.message


def test_csljson_control_characters_escaped_in_json_are_stripped():
    text = json.dumps([{"type": "article", "title": "Red\u001b[31m Title\u202e", "URL": "https://example.org/x"}])
    [listing] = parse_bytes(text.encode(), "esc.json", REF).listings
    assert listing.title == "Red Title"


# --- the arXiv metadata snapshot ----------------------------------------------------------------

SNAP = "arxiv-metadata-oai-snapshot.json"
SNAPSHOT_LISTINGS = [
    Listing(
        title="Calculation of prompt diphoton production cross sections at Tevatron and LHC energies",
        authors=("C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan"),  # TeX accent decoded
        category="hep-ph",
        published=date(2007, 4, 2),  # v1 created
        abstract="Diphoton production at hadron colliders is computed in perturbative QCD, with the "
                 "next-to-leading order terms and soft-gluon resummation included, and compared with "
                 "Tevatron data and with predictions for the LHC.",
        source=SNAP, line=1,
        arxiv="0704.0001",
        doi="10.1103/physrevd.76.013009",
        journal="Phys.Rev.D76:013009,2007",
    ),
    Listing(
        title="Attention Is All You Need",
        authors=("Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit", "Llion Jones",
                 "Aidan N. Gomez", "Lukasz Kaiser", "Illia Polosukhin"),
        category="cs.CL",  # the first of "cs.CL cs.LG"
        published=date(2017, 6, 12),
        abstract="A sequence transduction model built on attention alone, with no recurrence or convolution, "
                 "trains faster and translates better than the recurrent and convolutional models before it.",
        source=SNAP, line=2,
        arxiv="1706.03762",
    ),
    Listing(
        title="The Large N Limit of Superconformal Field Theories and Supergravity",
        authors=("Juan M. Maldacena",),
        category="hep-th",
        published=date(1997, 11, 27),
        abstract="At large $N$, certain superconformal field theories are shown to contain supergravity "
                 "on anti-de Sitter space times a compact manifold.",  # LaTeX kept for the renderer
        source=SNAP, line=3,
        arxiv="hep-th/9711200",
        doi="10.1023/a:1026654312961",
        journal="Adv.Theor.Math.Phys.2:231-252,1998",
    ),
    Listing(
        title="BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
        authors=("Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"),
        category="cs.CL",
        published=date(2018, 10, 11),
        abstract="A language representation model pre-trained on unlabeled text by conditioning on both "
                 "left and right context in all layers.",
        source=SNAP, line=7,  # after a broken line, a record without a title and a blank line
        arxiv="1810.04805",
    ),
    Listing(
        title="GPT-4 Technical Report",
        authors=("OpenAI",),
        category="cs.CL",
        published=date(2023, 3, 15),
        abstract="A large multimodal model that takes image and text inputs and produces text.",
        source=SNAP, line=8,
        arxiv="2303.08774",
    ),
]


def test_snapshot_sample_every_field_of_every_record():
    result = parse_sample(SNAP)
    assert result.format == "arxiv-snapshot"
    assert result.listings == SNAPSHOT_LISTINGS
    assert [(w.line, w.message.split(" (")[0]) for w in result.warnings] == [
        (4, "this line is not valid JSON"),
    ] + [(5, "this record has no title; it was skipped")]


def test_snapshot_crlf_and_bom_read_the_same():
    data = SAMPLES.joinpath(SNAP).read_bytes()
    result = parse_sample(SNAP, b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"))
    assert result.listings == SNAPSHOT_LISTINGS


def test_snapshot_iter_records_reads_raw_file_lines():
    """Lines straight from a file (newlines kept, a BOM on the first) stream the same records."""
    with SAMPLES.joinpath(SNAP).open(encoding="utf-8") as handle:
        found = list(arxiv_snapshot.iter_records(handle, SNAP))
    assert [f for f in found if isinstance(f, Listing)] == SNAPSHOT_LISTINGS
    assert [f.line for f in found if isinstance(f, ParseWarning)] == [4, 5]
    bom = ["\ufeff" + SAMPLES.joinpath(SNAP).read_text(encoding="utf-8").splitlines()[0]]
    assert list(arxiv_snapshot.iter_records(bom, SNAP)) == SNAPSHOT_LISTINGS[:1]


def test_snapshot_raw_lines_are_cleaned_of_control_characters():
    """Lines straight from a file are not cleaned beforehand: every value is cleaned here."""
    record = {"id": "2101.03961", "title": "Switch\u001b[2J Transformers\u202e", "categories": "cs.\u0007LG",
              "doi": "10.48550/arXiv.2101.03961\u001b[31m", "journal-ref": "JMLR\u0007 23",
              "authors_parsed": [["Fedus\u009b", "William", ""]], "abstract": "In deep\u0000 learning"}
    [listing] = arxiv_snapshot.iter_records([json.dumps(record) + "\r\n"], "raw.json")
    assert (listing.title, listing.category, listing.doi, listing.journal, listing.authors, listing.abstract) == (
        "Switch Transformers", "cs.LG", "10.48550/arxiv.2101.03961", "JMLR 23", ("William Fedus",), "In deep learning",
    )


def test_snapshot_without_versions_or_parsed_authors():
    record = {"id": "2101.03961", "title": "Switch Transformers", "categories": "cs.LG cs.AI",
              "authors": "William Fedus, Barret Zoph and Noam Shazeer", "abstract": " In deep\n learning "}
    [listing] = parse_bytes(json.dumps(record).encode(), "s.jsonl", REF).listings
    assert listing == Listing(
        title="Switch Transformers", authors=("William Fedus", "Barret Zoph", "Noam Shazeer"), category="cs.LG",
        abstract="In deep learning", source="s.jsonl", line=1, arxiv="2101.03961", year=2021,  # from the id
    )


# --- which format claims which text -------------------------------------------------------------


@pytest.mark.parametrize("name, expected", SAMPLE_FORMATS.items())
@pytest.mark.parametrize("suffix", ["own", ".txt"])
def test_each_sample_is_claimed_by_its_own_format_alone(name, expected, suffix):
    lines = split_lines(SAMPLES.joinpath(name).read_text(encoding="utf-8"))
    suffix = Path(name).suffix if suffix == "own" else suffix
    assert detect(lines, suffix) == expected
    for other, module in MODULES.items():
        score = module.sniff(lines[:400], suffix)
        assert score >= 0.8 if other == expected else score == 0.0, other


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")) + sorted(SAMPLES.glob("arxiv_*.txt")),
                         ids=lambda p: p.name)
def test_listing_pages_and_seeds_are_not_claimed(path):
    lines = split_lines(path.read_text(encoding="utf-8"))[:400]
    for name, module in MODULES.items():
        assert module.sniff(lines, ".txt") == 0.0, name
        assert module.sniff(lines, module.SUFFIXES[0]) == 0.0, name


@pytest.mark.parametrize(
    "text",
    [
        '{\n  "editor.fontSize": 14,\n  "files.exclude": {"**/.git": true}\n}\n',
        '[{"name": "save", "title": "Save", "type": "button"}, {"name": "quit", "title": "Quit"}]\n',
        '{"name": "reader", "version": "0.1.0", "scripts": {"test": "pytest"}}\n',
        '[1, 2, 3]\n',
        # reader's own JSONL export
        '{"id": "p1", "title": "A paper", "abstract": "x", "category": "cs.CL", "sources": ["a.txt"]}\n',
        "Dear colleague, please find attached @misc{ideas} for our meeting.\nBest regards.\n",
    ],
    ids=["settings", "ui-array", "package", "numbers", "reader-jsonl", "prose"],
)
def test_other_json_and_text_are_not_claimed(text):
    lines = split_lines(text)
    for name, module in MODULES.items():
        assert module.sniff(lines, ".json") == 0.0, name
    result = parse_bytes(text.encode(), "other.json", REF)
    assert result.format == "unknown"
    assert result.listings == []
    assert len(result.warnings) == 1


# --- what reader exports, it reads back -----------------------------------------------------------


@pytest.mark.parametrize("fmt, suffix", [("bibtex", ".bib"), ("ris", ".ris"), ("csljson", ".json")])
def test_every_seed_paper_round_trips_through_an_export(seeds_library, fmt, suffix):
    """Title, authors, a cut author list and the year survive `reader export` and a re-import
    (BibTeX reads `--` as LaTeX does: an en dash)."""
    from reader.citations.bibtex import bibtex as export_bibtex
    from reader.citations.formats import csljson as export_csljson
    from reader.citations.formats import ris as export_ris
    from reader.citations.keys import assign_keys

    papers = list(seeds_library.papers())
    keys = assign_keys(papers, {})
    export = {"bibtex": export_bibtex, "ris": export_ris, "csljson": export_csljson}[fmt]
    result = parse_bytes(export(papers, keys).encode(), "export" + suffix, REF)
    assert result.format == fmt
    assert result.warnings == []
    assert len(result.listings) == len(papers) == 426
    for listing, paper in zip(result.listings, papers):
        title = paper.title.replace("---", "—").replace("--", "–") if fmt == "bibtex" else paper.title
        assert (listing.title, listing.authors, listing.authors_truncated) == (
            title, paper.authors, paper.authors_truncated,
        )
        assert (listing.published.year if listing.published else listing.year) == paper.year
        if fmt != "bibtex":  # reader's BibTeX gives year and month, the others the day
            assert listing.published == paper.published


def test_bibtex_as_dblp_and_arxiv_write_it():
    """DBLP (names and a title broken over lines, `Ming{-}Wei`, `eprinttype`) and arXiv's own
    "Export BibTeX Citation" (a trailing comma and spaces after values)."""
    name = "exporters.bib"
    result = parse_sample(name)
    assert result.format == "bibtex" and result.warnings == []
    title = "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"
    authors = ("Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova")
    assert result.listings == [
        Listing(title=title, authors=authors, source=name, line=1, arxiv="1810.04805",
                url="http://arxiv.org/abs/1810.04805", year=2018, journal="CoRR"),
        Listing(title=title, authors=authors, category="cs.CL", source=name, line=19, arxiv="1810.04805",
                url="https://arxiv.org/abs/1810.04805", year=2019),
    ]
