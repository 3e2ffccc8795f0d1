"""Generate synthetic format-1 ("dated") listing corpora from the seeds' vocabulary.

    python benchmarks/generate.py --papers 1000 10000 100000 [--seed 7] [--per-file 1000]

Writes benchmarks/corpora/<N>/part-NNNN.txt (N papers, unique titles) and
benchmarks/corpora/<N>.extra.txt (1,000 more papers for the incremental-update test),
then parses the first part and the extra file back and checks every record.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reader.ingest import normalise_title, parse_file
from reader.ingest.dates import resolve
from reader.ingest.names import _PREFIXED
from reader.search.analysis import STOP_WORDS

ROOT = Path(__file__).resolve().parent
SEEDS = ROOT.parent / "seeds"
CORPORA = ROOT / "corpora"
EXTRA = 1000
# Files get this mtime, so year-less dates resolve the same way on every run.
MTIME = datetime(2026, 6, 30, 12).timestamp()
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
YEARS = {2019: 1, 2020: 2, 2021: 3, 2022: 5, 2023: 8, 2024: 10, 2025: 8, 2026: 4}
_TOKEN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$")
_END_WORD = re.compile(r"^(?:[A-Z]?[a-z]{3,}|\d{1,3})$")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _can_end(word: str) -> bool:
    """Whether a title may end on `word`: glued to a first name, `DecodingGil` would read
    as a prefixed surname (like `DeCaprio`) and pull title words into the author list."""
    return bool(_END_WORD.match(word)) and word.lower() not in STOP_WORDS and not _PREFIXED.match(word)


@dataclass(frozen=True)
class Record:
    """One generated paper, as the parser should read it back."""

    category: str
    date: str
    badge: str
    title: str
    authors: tuple[str, ...]
    truncated: bool
    orgs: tuple[str, ...]
    abstract: str

    def lines(self) -> str:
        byline = self.title + ", ".join(self.authors) + (" et al." if self.truncated else "")
        if self.orgs:
            byline += " · " + ", ".join(self.orgs)
        return f"{self.category}{self.date}{self.badge}\n{byline}\n{self.abstract}\n"


class Vocabulary:
    """Words, sentences, names, orgs and categories harvested from the seed listings."""

    def __init__(self, seeds: Path = SEEDS):
        listings = [li for p in sorted(seeds.glob("*.txt")) for li in parse_file(p).listings]
        self.next: dict[str, list[str]] = defaultdict(list)  # title bigrams
        self.starts: list[str] = []
        for li in listings:
            words = [w.strip(".,:;!?()[]'\"") for w in li.title.split()]
            words = [w for w in words if _TOKEN.match(w)]
            if words:
                self.starts.append(words[0])
            for a, b in zip(words, words[1:]):
                self.next[a.lower()].append(b)
        self.ends = sorted({w for ws in self.next.values() for w in ws if _can_end(w)})
        self.fragments = sorted({w[:5] for w in self.ends if len(w) > 6})
        self.sentences = sorted({s for li in listings for s in _SENTENCE.split(li.abstract)
                                 if 40 < len(s) < 400})
        people = sorted({a for li in listings for a in li.authors if " " in a and "." not in a})
        self.first = sorted({p.rsplit(" ", 1)[0] for p in people})
        self.last = sorted({p.rsplit(" ", 1)[1] for p in people})
        orgs = Counter(o for li in listings for o in li.orgs)
        cats = Counter(li.category for li in listings if li.category)
        self.orgs, self.org_weights = zip(*sorted(orgs.items()))
        self.cats, self.cat_weights = zip(*sorted(cats.items()))


class Generator:
    """Deterministic stream of papers with unique normalised titles."""

    def __init__(self, vocab: Vocabulary, seed: str):
        self.v = vocab
        self.rng = random.Random(seed)
        self.seen: set[str] = set()

    def coined(self) -> str:
        """A method name like `DiffuFormer` or `RLHF-3`, the long tail of a real vocabulary."""
        r = self.rng
        if r.random() < 0.5:
            return r.choice(self.v.fragments) + r.choice(self.v.ends).capitalize()
        return "".join(r.choice("ABCDEFGHIKLMNOPRSTVW") for _ in range(r.randint(3, 5))) + (
            f"-{r.randint(1, 9)}" if r.random() < 0.3 else ""
        )

    def title(self, name: str | None) -> str:
        """A bigram walk over seed titles, ending on a plain word; unique per generator."""
        r = self.rng
        while True:
            words = [r.choice(self.v.starts)]
            for _ in range(r.randint(3, 9)):
                options = self.v.next.get(words[-1].lower())
                words.append(r.choice(options) if options else r.choice(self.v.ends))
            while not _can_end(words[-1]):
                words.append(r.choice(self.v.ends))
            title = (f"{name}: " if name else "") + " ".join(words)
            key = normalise_title(title)
            if key not in self.seen:
                self.seen.add(key)
                return title

    def record(self) -> Record:
        r, v = self.rng, self.v
        name = self.coined() if r.random() < 0.4 else None
        year = r.choices(list(YEARS), weights=list(YEARS.values()))[0]
        month, day = r.randint(1, 12), r.randint(1, 28)
        date = f"{MONTHS[month - 1]} {day}" + ("" if r.random() < 0.05 else f", {year}")
        authors = tuple(f"{r.choice(v.first)} {r.choice(v.last)}"
                        for _ in range(r.choices((1, 2, 3), weights=(1, 2, 7))[0]))
        orgs = tuple(dict.fromkeys(r.choices(v.orgs, weights=v.org_weights,
                                             k=r.choices((0, 1, 2), weights=(3, 6, 1))[0])))
        sentences = r.sample(v.sentences, r.randint(4, 9))
        if name:
            sentences.insert(r.randint(0, 2), f"We introduce {name}, a new approach.")
        return Record(
            category=r.choices(v.cats, weights=v.cat_weights)[0],
            date=date,
            badge="Code" if r.random() < 0.08 else "",
            title=self.title(name),
            authors=authors,
            truncated=len(authors) == 3 and r.random() < 0.8,
            orgs=orgs,
            abstract=" ".join(sentences),
        )


def write(path: Path, records: list[Record]) -> None:
    path.write_text("".join(rec.lines() for rec in records), encoding="utf-8")
    os.utime(path, (MTIME, MTIME))


def check(path: Path, records: list[Record]) -> None:
    """Parse a written file back and compare every field the generator chose."""
    parsed = parse_file(path)
    problems = [str(w) for w in parsed.warnings]
    if len(parsed.listings) != len(records):
        problems.append(f"{len(parsed.listings)} listings parsed, {len(records)} written")
    reference = datetime.fromtimestamp(MTIME).date()
    for rec, got in zip(records, parsed.listings):
        month, day, *year = re.findall(r"\w+", rec.date)
        published = resolve(MONTHS.index(month) + 1, int(day), int(year[0]) if year else None, reference)
        want = (rec.title, rec.authors, rec.truncated, rec.orgs, rec.category, published, rec.badge or None)
        have = (got.title, got.authors, got.authors_truncated, got.orgs, got.category, got.published, got.badge)
        if want != have:
            problems.append(f"{path.name}:{got.line}: wrote {want}, parsed {have}")
    if problems:
        sys.exit("parse check failed:\n  " + "\n  ".join(problems[:20]))
    print(f"  checked {path.name}: {len(records)} records parse back exactly")


def generate(papers: int, seed: int, per_file: int, vocab: Vocabulary) -> Path:
    """Write one corpus of `papers` papers plus its extra file; returns the corpus folder."""
    folder = CORPORA / str(papers)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    gen = Generator(vocab, f"{seed}-{papers}")
    first = None
    for n, start in enumerate(range(0, papers, per_file)):
        records = [gen.record() for _ in range(min(per_file, papers - start))]
        path = folder / f"part-{n:04d}.txt"
        write(path, records)
        first = first or (path, records)
    extra = [gen.record() for _ in range(EXTRA)]
    write(CORPORA / f"{papers}.extra.txt", extra)
    check(*first)
    check(CORPORA / f"{papers}.extra.txt", extra)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-file", type=int, default=1000)
    args = parser.parse_args()
    vocab = Vocabulary()
    print(f"vocabulary: {len(vocab.starts)} titles, {len(vocab.sentences)} sentences, "
          f"{len(vocab.first)}x{len(vocab.last)} names, {len(vocab.orgs)} orgs, {len(vocab.cats)} categories")
    for papers in args.papers:
        folder = generate(papers, args.seed, args.per_file, vocab)
        size = sum(p.stat().st_size for p in folder.glob("*.txt"))
        print(f"{papers:>7} papers -> {folder} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
