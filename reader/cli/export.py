"""`reader export`: papers as bibtex, ris, csljson, csv, markdown or jsonl."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from reader.citations import EXPORT_FORMATS
from reader.citations.formats import STATE_FIELDS, NoStateField
from reader.cli.common import EXIT_NOTHING, fail, load_settings, open_library, terminal_safe
from reader.files import write_atomically
from reader.library import LibraryError, QueryError


@click.command()
@click.option("--query", "-q", default=None, help="Export only papers matching this query.")
@click.option("--tag", "tag", default=None, help="Export only papers with this tag.")
@click.option("--list", "list_name", default=None, help="Export only the papers of this reading list, in its order.")
@click.option("--all", "everything", is_flag=True, help="Export every paper (also the default with no selection).")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write to FILE instead of stdout.")
@click.option(
    "--with-state/--no-state", "with_state", default=None,
    help="Include your tags and notes (CSV: also lists and status). Default: on for bibtex, ris, csljson "
         "and csv, which have fields for them; jsonl adds a state key only when asked.",
)
@click.pass_context
def export(
    ctx, query: str | None, tag: str | None, list_name: str | None, everything: bool, fmt: str, output: Path | None,
    with_state: bool | None,
) -> None:
    """Export papers as bibtex, ris, csljson, csv, markdown or jsonl (--tag, --list and --query narrow it together)."""
    if everything and (query or tag is not None or list_name is not None):
        fail("--all exports every paper: drop it, or drop --query, --tag and --list")
    settings = load_settings(ctx)
    library = open_library(ctx)
    try:
        chosen = [
            *([library.list_papers(list_name)] if list_name is not None else []),
            *([library.tagged(tag)] if tag is not None else []),
            *([[h.paper for h in library.search(query, limit=None).hits]] if query else []),
        ]
    except (LibraryError, QueryError) as error:
        fail(str(error))
    if chosen:
        keep = set.intersection(*({p.id for p in group} for group in chosen))
        papers = [p for p in chosen[0] if p.id in keep]
    else:
        papers = list(library.papers())
    if with_state is None:
        with_state = fmt in STATE_FIELDS
    try:
        text = library.export(papers, fmt, browser_url=settings.browser_url, with_state=with_state)
    except (LibraryError, NoStateField) as error:
        fail(str(error))
    if output is None:
        click.echo(terminal_safe(text) if sys.stdout.isatty() else text, nl=False)  # a file keeps every byte
    else:
        try:
            write_atomically(output, text)
        except OSError as error:
            fail(f"cannot write {output} ({error.strerror}): choose another -o path")
        click.echo(f"wrote {len(papers)} papers to {output}", err=True)
    if not papers:
        sys.exit(EXIT_NOTHING)
