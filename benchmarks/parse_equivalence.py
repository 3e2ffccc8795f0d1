"""Check that the listing parser gives what an earlier commit gave, byte for byte.

    python benchmarks/parse_equivalence.py                 # against BASELINE (before the speed-up)
    python benchmarks/parse_equivalence.py --rev HEAD~3 --mutations 50000

Both versions run in their own process (the old one from a `git archive` of REV on
PYTHONPATH) over the same inputs, and pickle what they produce:
- every file of benchmarks/corpora/100000 (format-1 listings; run benchmarks/generate.py
  first), seeds/ and tests/ingest/samples/: format, listings and warnings of each file,
  then merge() of all the listings;
- `--mutations` bylines and titles taken from those files and mutated at random (case flips,
  inserted letters of every case class, marks, punctuation, spaces, commas), through
  split_byline, name_penalty, normalise_title and split_lines.
The two streams must be equal item by item; the first differences are printed.
"""

from __future__ import annotations

import argparse
import itertools
import os
import pickle
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from parse_bench import snapshot  # the same git-archive snapshot of an older reader

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "benchmarks" / "corpora" / "100000"
BASELINE = "24bb507"  # main before the parse speed-up (issue 14)
# Characters the mutations insert: ASCII, accented, caseless (CJK, Hangul), title case,
# combining marks, apostrophes, middle dots, dashes, separators and bad-name characters.
ALPHABET = (
    "aAzZeEqQ ,,..--''’··&@:;?!()\"/|0123456789 éÉßøØłŁıİǅǈǋ中文王小明한국어ありがとう"
    "\u0301\u0308\u200b\ufb01ⅣⅫ½²ΣσςДд\tİi̇K"
)


def inputs() -> list[Path]:
    corpus = sorted(CORPUS.glob("*.txt"))
    if not corpus:
        sys.exit(f"{CORPUS} holds no listings: run benchmarks/generate.py --papers 100000 first")
    samples = sorted(p for p in (ROOT / "tests" / "ingest" / "samples").iterdir() if p.is_file())
    return corpus + sorted((ROOT / "seeds").glob("*.txt")) + samples


def mutate(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(chars) + 1)
        roll = rng.random()
        if roll < 0.3 and at < len(chars):
            chars[at] = chars[at].swapcase()
        elif roll < 0.5 and at < len(chars):
            del chars[at]
        elif roll < 0.6:
            chars.insert(at, ", ")
        else:
            chars.insert(at, rng.choice(ALPHABET))
    return "".join(chars)


def mutated_lines(files: list[Path], count: int, seed: int) -> list[str]:
    """`count` mutated bylines (the second line of format-1 records) and titles."""
    rng = random.Random(seed)
    bylines: list[str] = []
    for path in files[:5] + files[-15:]:
        lines = path.read_text("utf-8", errors="replace").splitlines()
        bylines.extend(lines[i + 1] for i in range(len(lines) - 1) if len(lines[i]) < 40 and lines[i + 1])
    return [mutate(rng.choice(bylines), rng) for _ in range(count)]


def dump(out: Path, lines_file: Path, files: list[Path]) -> None:
    """Run by each version: pickle what it makes of the inputs, one item at a time."""
    from reader.ingest import merge, normalise_title, parse_file
    from reader.ingest.clean import split_lines
    from reader.ingest.names import name_penalty, split_byline

    everything = []
    with out.open("wb") as sink:
        for path in files:
            parsed = parse_file(path)
            everything.extend(parsed.listings)
            pickle.dump((path.name, parsed.format, parsed.listings, parsed.warnings), sink)
        pickle.dump(("merge", merge(everything)), sink)
        for line in lines_file.read_text("utf-8", errors="surrogatepass").split("\n\x00\n"):
            tail = line.rsplit(", ", 1)[-1]
            try:
                made = (split_byline(line), name_penalty(tail, True), name_penalty(tail, False),
                        normalise_title(line), split_lines(line.replace(",", "\n")))
            except Exception as error:  # the comparison names it; the old code may fail too
                made = repr(error)
            pickle.dump((line, made), sink)


def stream(path: Path):
    with path.open("rb") as source:
        while True:
            try:
                yield pickle.load(source)
            except EOFError:
                return


def run_version(python_path: Path, out: Path, lines_file: Path, files: list[Path]) -> float:
    env = dict(os.environ, PYTHONPATH=str(python_path))
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, __file__, "--dump", str(out), "--lines", str(lines_file), *map(str, files)],
        env=env, check=True, cwd=tempfile.gettempdir(),
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rev", default=BASELINE, help="the commit to compare with")
    parser.add_argument("--mutations", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--dump", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--lines", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("files", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.dump:
        dump(args.dump, args.lines, args.files)
        return
    files = inputs()
    with tempfile.TemporaryDirectory(prefix="parse-equivalence-") as tmp:
        tmp_path = Path(tmp)
        old = snapshot(args.rev, tmp_path)
        lines_file = tmp_path / "lines.txt"
        lines_file.write_text("\n\x00\n".join(mutated_lines(files, args.mutations, args.seed)), "utf-8", "surrogatepass")
        old_out, new_out = tmp_path / "old.pickle", tmp_path / "new.pickle"
        old_time = run_version(old, old_out, lines_file, files)
        new_time = run_version(ROOT, new_out, lines_file, files)
        compared, differences = 0, 0
        for mine, theirs in itertools.zip_longest(stream(new_out), stream(old_out), fillvalue=("(missing)",)):
            compared += 1
            if mine != theirs:
                differences += 1
                if differences <= 5:
                    print(f"DIFFERENT for {str(theirs[0])[:100]!r}:\n  {args.rev}: {str(theirs)[:600]}\n  now: {str(mine)[:600]}")
    print(
        f"{len(files)} files and {args.mutations:,} mutated lines: {compared:,} items compared, "
        f"{differences} different ({args.rev}: {old_time:.1f} s, now: {new_time:.1f} s)"
    )
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
