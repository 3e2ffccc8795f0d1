"""`reader index` and `reader doctor`: keep the index up to date and report the library's health."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import click

from reader.cli.common import echo, echo_json, json_option, open_library
from reader.library import Library, LibraryError
from reader.store import files as store_files
from reader.store.names import plural


@click.command()
@click.option("--rebuild", is_flag=True, help="Rebuild the index from scratch.")
@json_option("{action, reason, seconds, papers, files, added, changed, removed, moved, warnings}")
@click.pass_context
def index(ctx, rebuild: bool, as_json: bool) -> None:
    """Bring the index up to date and print counts and parse warnings."""
    library = open_library(ctx, rebuild=rebuild)
    report = library.report
    action = "rebuilt" if report.rebuilt else "updated"
    warnings = library.warnings()
    if as_json:
        echo_json({
            "action": action, "reason": report.reason, "seconds": round(report.seconds, 3), "papers": report.papers,
            "files": report.files, "added": len(report.added), "changed": len(report.changed),
            "removed": len(report.removed), "moved": [{"from": old, "to": new} for old, new in report.moved],
            "warnings": [str(w) for w in warnings],
        })
        return
    echo(
        f"{action} in {report.seconds:.2f} s: {report.papers} papers from {report.files} files "
        f"({len(report.added)} added, {len(report.changed)} changed, {len(report.removed)} removed)"
    )
    if report.reason and not rebuild:
        echo(f"rebuilt because {report.reason}")
    for old, new in report.moved:
        echo(f"moved the state of {old} to {new}: its listing changed (it is in `reader history`; `reader undo` moves it back)")
    for warning in warnings:
        echo(f"warning: {warning}")
    echo(f"{len(warnings)} parse warnings")


@click.command()
@json_option("{paths, corpus, index, store, warnings}")
@click.pass_context
def doctor(ctx, as_json: bool) -> None:
    """Report the health of the corpus, the index and the store, and the paths in use."""
    library = open_library(ctx)
    report = doctor_report(library)
    if as_json:
        echo_json(report)
        return
    paths, corpus, index, warnings = report["paths"], report["corpus"], report["index"], report["warnings"]
    formats = ", ".join(f"{n} {k}" for k, n in corpus["formats"].items()) or "none"
    in_step = "ok" if index["in_step"] else "out of step: run reader index --rebuild"
    lines = [
        "paths",
        f"  data dir      {paths['data_dir']}",
        f"  index         {paths['index']}",
        *(f"  listings      {seed}" for seed in paths["listings"]),
        "corpus",
        f"  files         {corpus['files']} ({formats})",
        f"  listings      {corpus['listings']}",
        f"  papers        {corpus['papers']} distinct",
        "index",
        f"  documents     {index['documents']} ({in_step})",
        *store_lines(report["store"]),
        f"warnings        {len(warnings)}",
        *(f"  {w}" for w in warnings),
    ]
    echo("\n".join(lines))


def doctor_report(library: Library) -> dict:
    """What `reader doctor` reports, as the JSON-ready data its text is made from."""
    catalog = library.index.catalog
    files = catalog.files()
    docs = library.index.ix.doc_count()
    papers = catalog.count_rows()  # counted, not the noted count: the check is whether they agree
    return {
        "paths": {"data_dir": str(library.data_dir), "index": str(library.index.generation),
                  "listings": [str(seed) for seed in library.seeds]},
        "corpus": {"files": len(files), "formats": dict(sorted(Counter(row[5] for row in files.values()).items())),
                   "listings": catalog.listing_count(), "papers": papers},
        "index": {"documents": docs, "in_step": docs == papers},
        "store": store_report(library),
        "warnings": [str(w) for w in library.warnings()],
    }


def store_report(library: Library) -> dict:
    """The store part of `reader doctor`: its file, schema, counts, orphans and last backup (or its problem)."""
    path = library.store_path
    backup = store_files.latest_backup(path)
    when = datetime.fromtimestamp(backup.stat().st_mtime).isoformat(sep=" ", timespec="seconds") if backup else ""
    report = {"file": str(path), "exists": path.exists(), "problem": None, "schema": None, "counts": None,
              "history": None, "orphans": [],
              "last_backup": {"path": str(backup), "time": when} if backup else None}
    if not path.exists():
        return report
    try:
        counts = library.store.counts()
        report["schema"] = library.store.version
        report["history"] = library.history_size()
        orphans = library.orphan_report()
    except LibraryError as error:
        return {**report, "problem": str(error)}
    report["counts"] = {name.replace(" ", "_"): n for name, n in counts.items()}
    report["orphans"] = [{"id": o.id, "title": o.identity.title if o.identity else None, "likely": list(o.matches)}
                         for o in orphans]
    return report


def store_lines(store: dict) -> list[str]:
    """The store section of `reader doctor`'s text."""
    backup = store["last_backup"]
    last = f"  last backup   {backup['path']} ({backup['time']})" if backup else "  last backup   none"
    path = store["file"]
    if not store["exists"]:
        return ["store", f"  file          {path} (not made yet: your first tag, list, status or note makes it)", last]
    if store["problem"]:
        return ["store", f"  file          {path}", f"  problem       {store['problem']}", last]
    counts, orphans = store["counts"], store["orphans"]
    return [
        "store",
        f"  file          {path}",
        f"  schema        v{store['schema']}",
        f"  tags          {counts['tags']} on {plural(counts['tagged_papers'], 'paper')}",
        f"  lists         {counts['lists']} ({plural(counts['list_entries'], 'entry', 'entries')})",
        f"  status        {counts['reading']} reading, {counts['read']} read",
        f"  notes         {counts['notes']}",
        f"  citation keys {counts['citation_keys']}",
        history_line(store["history"]),
        f"  orphaned      {len(orphans)}" + (" (kept; not in the listings now)" if orphans else ""),
        *(orphan_line(orphan) for orphan in orphans),
        last,
    ]


def history_line(history: dict) -> str:
    """The history's size: its changes, its limit, and what can be undone and redone now."""
    limit = f"limit {history['limit']:,}" if history["limit"] else "no limit"
    return (f"  history       {plural(history['entries'], 'change')} ({limit}; {history['undoable']} can be undone, "
            f"{history['redoable']} redone)")


def orphan_line(orphan: dict) -> str:
    """One orphaned id: what it was, and the papers it is likely to be now."""
    was = f" “{orphan['title']}”" if orphan["title"] else ""
    if orphan["likely"]:
        likely = ", ".join(orphan["likely"][:3])
        return f"    {orphan['id']}{was}: likely {likely}; move it with `reader reattach {orphan['id']} {orphan['likely'][0]}`"
    return f"    {orphan['id']}{was}: no likely match in the listings"


COMMANDS = (index, doctor)
