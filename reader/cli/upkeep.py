"""`reader index` and `reader doctor`: keep the index up to date and report the library's health."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import click

from reader.cli.common import echo, open_library
from reader.library import Library, LibraryError
from reader.store import files as store_files
from reader.store.names import plural


@click.command()
@click.option("--rebuild", is_flag=True, help="Rebuild the index from scratch.")
@click.pass_context
def index(ctx, rebuild: bool) -> None:
    """Bring the index up to date and print counts and parse warnings."""
    library = open_library(ctx, rebuild=rebuild)
    report = library.report
    action = "rebuilt" if report.rebuilt else "updated"
    echo(
        f"{action} in {report.seconds:.2f} s: {report.papers} papers from {report.files} files "
        f"({len(report.added)} added, {len(report.changed)} changed, {len(report.removed)} removed)"
    )
    if report.reason and not rebuild:
        echo(f"rebuilt because {report.reason}")
    for old, new in report.moved:
        echo(f"moved the state of {old} to {new}: its listing changed (`reader undo` is not needed; "
             f"`reader reattach {new} {old}` moves it back)")
    warnings = library.warnings()
    for warning in warnings:
        echo(f"warning: {warning}")
    echo(f"{len(warnings)} parse warnings")


@click.command()
@click.pass_context
def doctor(ctx) -> None:
    """Report the health of the corpus, the index and the store, and the paths in use."""
    library = open_library(ctx)
    catalog = library.index.catalog
    files = catalog.files()
    formats = Counter(row[5] for row in files.values())
    listings = catalog.listing_count()
    docs = library.index.ix.doc_count()
    warnings = library.warnings()
    lines = [
        "paths",
        f"  data dir      {library.data_dir}",
        f"  index         {library.index.generation}",
        *(f"  listings      {seed}" for seed in library.seeds),
        "corpus",
        f"  files         {len(files)} ({', '.join(f'{n} {k}' for k, n in sorted(formats.items())) or 'none'})",
        f"  listings      {listings}",
        f"  papers        {library.count()} distinct",
        "index",
        f"  documents     {docs} ({'ok' if docs == library.count() else 'out of step: run reader index --rebuild'})",
        *store_report(library),
        f"warnings        {len(warnings)}",
        *(f"  {w}" for w in warnings),
    ]
    echo("\n".join(lines))


def store_report(library: Library) -> list[str]:
    """The store section of `reader doctor`."""
    path = library.store_path
    backup = store_files.latest_backup(path)
    when = datetime.fromtimestamp(backup.stat().st_mtime).isoformat(sep=" ", timespec="seconds") if backup else ""
    last = f"  last backup   {backup} ({when})" if backup else "  last backup   none"
    if not path.exists():
        return ["store", f"  file          {path} (not made yet: your first tag, list, status or note makes it)", last]
    try:
        counts = library.store.counts()
        version = library.store.version
        orphans = library.orphan_report()
    except LibraryError as error:
        return ["store", f"  file          {path}", f"  problem       {error}", last]
    return [
        "store",
        f"  file          {path}",
        f"  schema        v{version}",
        f"  tags          {counts['tags']} on {plural(counts['tagged papers'], 'paper')}",
        f"  lists         {counts['lists']} ({plural(counts['list entries'], 'entry', 'entries')})",
        f"  status        {counts['reading']} reading, {counts['read']} read",
        f"  notes         {counts['notes']}",
        f"  citation keys {counts['citation keys']}",
        f"  orphaned      {len(orphans)}" + (" (kept; not in the listings now)" if orphans else ""),
        *(orphan_line(orphan) for orphan in orphans),
        last,
    ]


def orphan_line(orphan) -> str:
    """One orphaned id: what it was, and the papers it is likely to be now."""
    was = f" “{orphan.identity.title}”" if orphan.identity else ""
    if orphan.matches:
        likely = ", ".join(orphan.matches[:3])
        return f"    {orphan.id}{was}: likely {likely}; move it with `reader reattach {orphan.id} {orphan.matches[0]}`"
    return f"    {orphan.id}{was}: no likely match in the listings"


COMMANDS = (index, doctor)
