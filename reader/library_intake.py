"""The Library's intake: adding pasted listings to the inbox, and keeping state with its paper
when a listing changes (re-attachment, orphans and their likely matches)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reader import reattach, sources
from reader.ingest import parse_bytes
from reader.ingest.merge import merge_with_keys
from reader.models import LibraryError, Paper, ParseWarning
from reader.reattach import Identity
from reader.store import StoreError
from reader.store.names import plural


@dataclass
class Intake:
    """What a pasted listing holds, and what adding it did."""

    format: str
    papers: list[Paper] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    new: int = 0  # papers the library did not have
    merged: int = 0  # papers it had, now known from this listing too
    saved: Path | None = None


@dataclass(frozen=True)
class Orphan:
    """State whose paper is not in the listings now, and the papers it is likely to be."""

    id: str
    identity: Identity | None
    matches: tuple[str, ...] = ()


class IntakeMixin:
    """Library methods for adding listings and re-attaching state (mixed into Library)."""

    def preview_listing(self, data: bytes, name: str = "pasted.txt") -> Intake:
        """Parse a pasted listing without saving it: its papers, warnings, and which are new."""
        parsed = parse_bytes(data, name, date.today())
        merged = merge_with_keys(parsed.listings)
        intake = Intake(parsed.format, [paper for paper, _ in merged], list(parsed.warnings))
        catalog = self.index.catalog
        for _, keys in merged:
            if any(catalog.ids_for_key(key) for key in keys):
                intake.merged += 1
            else:
                intake.new += 1
        return intake

    def add(self, data: bytes, name: str = "pasted.txt", progress=None) -> Intake:
        """Copy a listing into the inbox and index it at once; a text with no papers is not saved."""
        intake = self.preview_listing(data, name)
        if not intake.papers:
            first = intake.warnings[0].message if intake.warnings else "no papers were found"
            raise LibraryError(f"nothing was added from {name}: {first}")
        try:
            intake.saved = sources.save_to_inbox(self.data_dir, data, name)
        except OSError as error:
            raise LibraryError(
                f"cannot save into the inbox {sources.inbox(self.data_dir)} ({error.strerror}): "
                "check the data dir's permissions") from None
        self.update(progress)
        return intake

    # keeping state with its paper ---------------------------------------------
    def _follow_moves(self, report) -> None:
        """State of papers that left in this update moves to the paper they became, when that
        is sure (one likely match, holding no state of its own); the rest is remembered."""
        if not report.gone:
            return
        try:
            store = self.store
            held = store.has_state([paper.id for paper in report.gone])
            if not held:
                return
            left = [Identity.of(paper) for paper in report.gone if paper.id in held]
            store.remember([who.row() for who in left])
            for who in left:
                found = reattach.matches(self.index, who)
                if len(found) == 1 and not store.has_state(found):
                    store.reattach(who.id, found[0])
                    report.moved.append((who.id, found[0]))
            report.orphaned = len(left) - len(report.moved)
        except StoreError:  # the store is busy or damaged: the orphans stay listed by `doctor`
            return

    def reattach(self, old: str, new: str) -> int:
        """Move the state of `old` (an orphaned id) to paper `new`; the rows moved."""
        old_id = old.strip().lower()
        if old_id not in self.store.paper_ids():
            raise LibraryError(f"no state is kept for “{old}”: `reader doctor` lists orphaned ids")
        change = self.store.reattach(old_id, self.resolve(new))
        self._done(change)
        return change.value

    def orphan_report(self) -> list[Orphan]:
        """Every id with state that is not in the listings, with what it was and its likely matches."""
        orphans = self.orphans()
        known = self.store.identities(orphans)
        out = []
        for orphan in orphans:
            row = known.get(orphan)
            who = Identity(orphan, *row) if row else None
            out.append(Orphan(orphan, who, tuple(reattach.matches(self.index, who)) if who else ()))
        return out


def opening_notes(library) -> list[str]:
    """What opening the library changed that the user must hear of: folders missing, state moved or orphaned."""
    report = library.report
    lines = list(library.notes)
    if report.moved:
        lines.append(f"kept the state of {plural(len(report.moved), 'paper')} whose listing changed "
                     f"({', '.join(f'{old} → {new}' for old, new in report.moved[:5])})")
    if report.orphaned:
        lines.append(f"{plural(report.orphaned, 'paper')} with your tags, lists, status or notes left the library "
                     "(a listing was removed or changed, or --seeds/the config chose other folders); their state is "
                     "kept and returns with them: `reader doctor` lists it, `reader reattach OLD NEW` moves it")
    return lines
