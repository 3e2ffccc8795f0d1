"""Reading lists kept in files: a list linked to a file is rewritten after every change to it.

`link` ties a list to a file (BibTeX, CSL-JSON, RIS or Markdown) and writes it; `sync`, which
the Library runs after every change to the user's state, rewrites each linked file whose text
would change: the list's papers in list order, with pinned citation keys, and (when the link
carries state) their tags and notes. A file is written whole (`write_atomically`) or not at all.

A file that was changed since reader last wrote it (its hash differs from the one the store
keeps) is never overwritten: `sync` refuses and says how to resolve it. Syncs from several
processes (the app and the CLI) take turns through an exclusive `flock`, and each renders the
list as it is once it has its turn, so the last one to write writes the newest state.
UI-free: never imports textual.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reader.citations.formats import STATE_FIELDS
from reader.files import write_atomically
from reader.ingest.clean import visible
from reader.store import StateError, StoreError
from reader.store import links as stored_links
from reader.store.connection import read_only_error
from reader.store.links import ListLink

# The formats a list can be linked as, and the file endings that name one.
LINK_FORMATS = ("bibtex", "csljson", "ris", "markdown")
SUFFIXES = {".bib": "bibtex", ".bibtex": "bibtex", ".json": "csljson", ".ris": "ris", ".md": "markdown",
            ".markdown": "markdown"}
LOCK_FILE = ".list-links.lock"
LOCK_TIMEOUT = 10.0  # seconds to wait for another process's sync

_syncing = threading.local()


@dataclass(frozen=True)
class Outcome:
    """What happened to one linked file: written, unchanged, refused, failed or unlinked."""

    name: str
    path: Path
    done: str
    papers: int = 0
    message: str = ""
    link: ListLink | None = None  # the link as saved, from `link`


class LinkRefused(StateError):
    """The file holds something reader did not write: it is left as it is."""


def link_format(path: Path, fmt: str | None) -> str:
    """The format to write: `fmt`, else the one the file's ending names (StateError if neither)."""
    if fmt is not None:
        if fmt not in LINK_FORMATS:
            raise StateError(f"a list cannot be linked as {visible(fmt)}: use one of {', '.join(LINK_FORMATS)}")
        return fmt
    found = SUFFIXES.get(Path(path).suffix.lower())
    if found is None:
        raise StateError(f"cannot tell the format of {visible(str(path))} from its name: add --format "
                         f"({', '.join(LINK_FORMATS)})")
    return found


def carries_state(fmt: str, with_state: bool | None) -> bool:
    """Whether the file holds tags and notes: as asked, else where the format has fields for them."""
    return fmt in STATE_FIELDS if with_state is None else with_state


def link(library, name: str, path: str | Path, fmt: str | None = None, *, with_state: bool | None = None,
         browser_url: str | None = None, force: bool = False) -> Outcome:
    """Link the list `name` to the file `path` and write the list there now.

    An existing file whose text differs from the list's, and which is not the file reader last
    wrote for this list, is replaced only with `force` (else LinkRefused says what to do)."""
    target = Path(path).expanduser().resolve()  # through symlinks: the real file is replaced, not the link
    if target.is_dir():
        raise StateError(f"{visible(str(target))} is a folder: link the list to a file in it")
    if not target.parent.is_dir():
        raise StateError(f"the folder {visible(str(target.parent))} does not exist: create it first")
    fmt = link_format(target, fmt)
    state = carries_state(fmt, with_state)
    if state and fmt not in STATE_FIELDS:
        raise StateError(f"{fmt} has no field for tags or notes: link the list as bibtex, csljson or ris "
                         "to carry them, or leave out --with-state")
    if library.store.read_only:  # the link could not be kept: write nothing
        raise read_only_error(library.store.path)
    with _turn(library):
        previous = stored_links.link_of(library.store, name)
        for other in stored_links.list_links(library.store):
            if other.path == target and other.name is not None and other.list_id != getattr(previous, "list_id", None):
                raise StateError(f"{visible(str(target))} is linked to the list “{visible(other.name)}” already: "
                                 f"unlink it first with `reader list unlink \"{visible(other.name)}\"`")
        papers = library.list_papers(name)
        text = _render(library, papers, fmt, state, browser_url)
        try:
            on_disk = _read(target)
        except OSError as error:
            raise _unwritable(target, error) from None
        if on_disk is not None and on_disk != text and not force:
            ours = previous is not None and previous.path == target and _digest(on_disk) == previous.written_hash
            if not ours:
                raise LinkRefused(
                    f"{visible(str(target))} exists and is not the list “{visible(name)}” as reader would write it: "
                    f"add --force to replace it with the list, or link another file"
                )
        try:
            written = _write(target, text)
        except OSError as error:
            raise _unwritable(target, error) from None
        saved = stored_links.save_link(library.store, name, target, fmt, state, browser_url, *written)
    return Outcome(saved.name, target, "written", len(papers), link=saved)


def unlink(library, name: str) -> ListLink:
    """Stop keeping the list's file up to date (the file stays as it is); StateError if it has none."""
    with _turn(library):
        found = stored_links.remove_link(library.store, name)
    if found is None:
        raise StateError(f"the list “{visible(name)}” is not linked to a file: link one with "
                         f"`reader list link \"{visible(name)}\" FILE`")
    return found


def links(library) -> list[ListLink]:
    """Every list's link (a list that is gone has name None until the next sync drops it)."""
    return stored_links.list_links(library.store)


def sync(library) -> list[Outcome]:
    """Rewrite every linked file whose list (or, if it carries state, its papers' state) changed.

    Files that are as they should be are not touched. Returns what happened to each file that
    was written, refused, failed, or unlinked because its list is gone."""
    store = library.store
    if store.read_only or getattr(_syncing, "active", False) or not stored_links.any_links(store):
        return []
    _syncing.active = True
    try:
        with _turn(library):
            outcomes = [_sync_one(library, each) for each in stored_links.list_links(store)]
    finally:
        _syncing.active = False
    return [o for o in outcomes if o.done != "unchanged"]


def _sync_one(library, each: ListLink) -> Outcome:
    if each.name is None:
        stored_links.drop_link(library.store, each)
        return Outcome("", each.path, "unlinked", message=(
            f"a linked list was deleted: {visible(str(each.path))} is no longer kept up to date (it stays as it is)"))
    papers = library.list_papers(each.name)
    text = _render(library, papers, each.format, each.with_state, each.browser_url)
    try:
        on_disk = _read(each.path)
    except OSError as error:
        return _failed(each, error)
    if on_disk == text:
        if _digest(text) != each.written_hash:  # e.g. two syncs wrote the same text
            stored_links.record_written(library.store, each, *_stat(each.path, text))
        return Outcome(each.name, each.path, "unchanged", len(papers))
    if on_disk is not None and _digest(on_disk) != each.written_hash:
        return Outcome(each.name, each.path, "refused", len(papers), refusal(each.name, each.path))
    try:
        written = _write(each.path, text)
    except OSError as error:
        return _failed(each, error)
    stored_links.record_written(library.store, each, *written)
    return Outcome(each.name, each.path, "written", len(papers))


def refusal(name: str, path: Path) -> str:
    """What to say about a linked file that was edited by hand, and how to resolve it."""
    file, name = visible(str(path)), visible(name)
    return (f"the linked file {file} was changed since reader wrote it, so it was left as it is: to replace it "
            f"with the list run `reader list link \"{name}\" {file} --force`, or stop keeping it up to date "
            f"with `reader list unlink \"{name}\"`")


def _unwritable(path: Path, error: OSError) -> StateError:
    return StateError(f"cannot write {visible(str(path))} ({error.strerror or error}): choose a file in a folder "
                      "you can write to")


def _failed(each: ListLink, error: OSError) -> Outcome:
    return Outcome(each.name, each.path, "failed", message=(
        f"cannot write the linked file {visible(str(each.path))} ({error.strerror or error}): make its folder "
        f"writable, or `reader list unlink \"{visible(each.name)}\"`"))


def _render(library, papers, fmt: str, state: bool, browser_url: str | None) -> bytes:
    return library.export(papers, fmt, browser_url=browser_url, with_state=state).encode("utf-8")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read(path: Path) -> bytes | None:
    """The file's bytes, or None when there is no file (a deleted linked file is simply written again)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _write(path: Path, data: bytes) -> tuple[str, int, float]:
    write_atomically(path, data)
    return _stat(path, data)


def _stat(path: Path, data: bytes) -> tuple[str, int, float]:
    """The hash, size and modification time to remember for what is in the file now."""
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = 0.0
    return _digest(data), len(data), mtime


@contextlib.contextmanager
def _turn(library) -> Iterator[None]:
    """One link change or sync at a time across processes: an exclusive `flock` beside the store."""
    try:
        fd = os.open(library.data_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise StoreError(f"cannot open {library.data_dir / LOCK_FILE} ({error.strerror}): "
                         "make the data dir writable") from None
    try:
        deadline = time.monotonic() + LOCK_TIMEOUT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreError("another reader is writing the linked list files: try again") from None
                time.sleep(0.005)
        yield
    finally:
        os.close(fd)  # closing the last descriptor drops the lock
