"""Where the library's papers come from: the listing folders, the bundled seeds, the inbox.

The inbox (`<data dir>/inbox/`) is the one listing folder reader owns: `reader add` and the
app's Add papers copy pasted listings there, and it is always part of the library.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from reader import paths
from reader.files import write_atomically
from reader.models import LibraryError, ParseWarning

READ_SUFFIXES = (".txt", ".bib", ".ris", ".json", ".jsonl")
INBOX = "inbox"


@dataclass
class Scan:
    """The files to read, and the ones passed over with the reason."""

    files: list[Path] = field(default_factory=list)
    skipped: list[ParseWarning] = field(default_factory=list)


def inbox(data_dir: Path) -> Path:
    return data_dir / INBOX


def roots(data_dir: Path, seeds: list[Path] | None, listings: list[str] = (), bundled: bool = True) -> list[Path]:
    """The listing folders: `seeds` when given (`--seeds`, READER_SEEDS), else the config's
    `listings` and the bundled seeds (unless `bundled` is false); the inbox always."""
    if seeds:
        chosen = [Path(s).expanduser() for s in seeds]
    else:
        chosen = [Path(s).expanduser() for s in listings]
        if bundled:
            chosen.append(paths.bundled_seeds())
    return [*chosen, inbox(data_dir)]


def check(folders: list[Path], data_dir: Path, required: bool) -> list[str]:
    """Problems with the listing folders; raises for a missing one when `required` (--seeds), else notes it."""
    notes = []
    home = inbox(data_dir)
    for folder in folders:
        if folder == home:
            continue
        if not folder.exists():
            message = f"listing folder {folder} does not exist"
            if required:
                raise LibraryError(f"{message}: check --seeds or READER_SEEDS")
            notes.append(f"{message}: check `listings` in the config; its papers are left out for now")
            continue
        root = folder.resolve() if folder.is_dir() else folder.resolve().parent
        if data_dir.resolve().is_relative_to(root):
            raise LibraryError(
                f"the data dir {data_dir} is inside the listing folder {root}; "
                "reader never writes into listing folders: choose another --data-dir"
            )
    return notes


def _files_under(root: Path):
    """(parts under root, path, is a symlink) of every file below `root` that is not hidden,
    symlinked folders not followed (as Path.rglob does): one scandir per folder, no stat
    per file, and no Path made until the end (a thousand of them cost ~0.1 s)."""
    folders = [(str(root), [])]
    while folders:
        folder, parts = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:  # unreadable or gone: as rglob, nothing from it
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                folders.append((entry.path, [*parts, entry.name]))
            elif entry.is_file():
                yield [*parts, entry.name], entry.path, entry.is_symlink()


def scan(folders: list[Path]) -> Scan:
    """Every file reader reads under the folders, in a stable order, and every other file with why it was skipped."""
    found = Scan()
    seen: set[str] = set()
    for root in folders:
        if root.is_file():
            candidates = [([], str(root), True)]
        elif root.is_dir():
            candidates = sorted(_files_under(root))  # in Path order: part by part
        else:
            continue
        real_root = str(root.resolve())
        for parts, path, linked in candidates:
            resolved = str(Path(path).resolve()) if linked else os.path.join(real_root, *parts)
            if resolved in seen:
                continue
            seen.add(resolved)
            suffix = os.path.splitext(path)[1].lower()
            if suffix in READ_SUFFIXES or root.is_file():
                found.files.append(Path(resolved))
            else:
                found.skipped.append(ParseWarning(
                    path, 0, f"skipped: reader reads {', '.join(READ_SUFFIXES)} files "
                    "(rename it if it is a listing)"))
    return found


def save_to_inbox(data_dir: Path, data: bytes, name: str) -> Path:
    """Write a pasted listing into the inbox atomically, under a new name; its path."""
    folder = inbox(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in Path(name).stem)[:40].strip("-") or "pasted"
    suffix = Path(name).suffix.lower() if Path(name).suffix.lower() in READ_SUFFIXES else ".txt"
    target = folder / f"{time.strftime('%Y%m%d-%H%M%S')}-{stem}{suffix}"
    n = 1
    while target.exists():
        n += 1
        target = target.with_name(f"{target.stem.rsplit('~', 1)[0]}~{n}{suffix}")
    write_atomically(target, data)
    return target
