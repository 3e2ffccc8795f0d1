"""The `reader` command line: a scriptable contract over the same Library the app uses."""

from __future__ import annotations

import json
import os
import shutil
import sys
import textwrap
from collections import Counter
from pathlib import Path

import click

from reader import __version__
from reader.citations import EXPORT_FORMATS
from reader.files import write_atomically
from reader.library import SORTS, Library, LibraryError, QueryError
from reader.render import all_authors, first_author

EXIT_OK, EXIT_NOTHING, EXIT_USAGE = 0, 1, 2


def fail(message: str, code: int = EXIT_USAGE) -> None:
    """One line on stderr, then exit."""
    click.echo(f"reader: {message}", err=True)
    sys.exit(code)


def _progress(stage: str, done: int, total: int) -> None:
    """Progress on stderr, only when it is a terminal."""
    if sys.stderr.isatty():
        end = "\n" if done >= total else ""
        click.echo(f"\r{stage} {done}/{total}", err=True, nl=False)
        click.echo(end, err=True, nl=False)


def open_library(ctx: click.Context, rebuild: bool = False) -> Library:
    """Open the Library from the global options, turning its errors into one-line messages."""
    options = ctx.find_root().obj
    try:
        library = Library.open(options["data_dir"], options["seeds"], _progress, rebuild=rebuild)
    except (LibraryError, TimeoutError) as error:
        fail(str(error))
    except PermissionError as error:
        fail(f"permission denied: {error.filename}: check the file's permissions or choose another --data-dir")
    ctx.call_on_close(library.close)
    return library


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--seeds", "seeds", multiple=True, type=click.Path(path_type=Path), envvar="READER_SEEDS",
    help="A folder (or file) of listings; repeatable. Default: the bundled seeds. Env: READER_SEEDS.",
)
@click.option(
    "--data-dir", type=click.Path(path_type=Path), envvar="READER_DATA_DIR",
    help="Where the index and your data live. Env: READER_DATA_DIR.",
)
@click.option(
    "--config", "config", type=click.Path(path_type=Path, dir_okay=False), envvar="READER_CONFIG",
    help="The TOML config file. Default: the platform config dir's config.toml. Env: READER_CONFIG.",
)
@click.version_option(__version__, prog_name="reader")
@click.pass_context
def cli(ctx: click.Context, seeds: tuple[Path, ...], data_dir: Path | None, config: Path | None) -> None:
    """Search, skim and cite research papers from pasted listings."""
    ctx.obj = {"seeds": list(seeds) or None, "data_dir": data_dir, "config": config}
    if ctx.invoked_subcommand is None:
        run_app(ctx.obj)


def run_app(options: dict) -> None:
    """Open the full-screen app; it opens the library itself, showing progress."""
    from reader.app import create_app  # textual loads only here, so commands stay light

    app = create_app(lambda progress: Library.open(options["data_dir"], options["seeds"], progress),
                     config_path=options.get("config"))
    app.run()
    if app.library is not None:
        app.library.close()
    if app.error:
        fail(app.error)
    if app.return_code:
        sys.exit(app.return_code)


def _hit_json(hit) -> dict:
    data = hit.paper.to_json()
    data.pop("abstract")
    data["score"] = round(hit.score, 4)
    data["matched"] = sorted(hit.terms)
    return data


@cli.command()
@click.argument("query", nargs=-1)
@click.option("--limit", "-n", default=20, show_default=True, type=click.IntRange(min=1), help="Most hits to show.")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of hits.")
@click.pass_context
def search(ctx, query: tuple[str, ...], limit: int, sort: str, as_json: bool) -> None:
    """Search the library (see the README for the query language)."""
    library = open_library(ctx)
    text = " ".join(query)
    try:
        result = library.search(text, limit=limit, sort=sort)
    except QueryError as error:
        fail(str(error))
    if as_json:
        click.echo(json.dumps([_hit_json(h) for h in result.hits], ensure_ascii=False, indent=2))
    else:
        width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
        for hit in result.hits:
            p = hit.paper
            head = f"{p.id}  {p.year or '----'}  {(p.category or '-'):<5} "
            tail = f"  — {first_author(p)}" if p.authors else ""
            room = max(20, width - len(head) - len(tail)) if width else len(p.title)
            title = p.title if len(p.title) <= room else p.title[: room - 1] + "…"
            click.echo(f"{head}{title}{tail}")
    if not result.hits:
        hint = f" Did you mean: {result.suggestion}" if result.suggestion else ""
        click.echo(f"No papers match “{text}”.{hint}", err=True)
        sys.exit(EXIT_NOTHING)
    if not as_json:
        click.echo(
            f"{len(result.hits)} of {result.total} papers · {sort} · {result.elapsed * 1000:.0f} ms",
            err=True,
        )


@cli.command()
@click.argument("paper_id")
@click.option("--json", "as_json", is_flag=True, help="Print the paper as JSON.")
@click.pass_context
def show(ctx, paper_id: str, as_json: bool) -> None:
    """Show one paper in full (an id prefix is enough when unique)."""
    library = open_library(ctx)
    try:
        paper = library.get(paper_id)
    except LibraryError as error:
        fail(str(error))
    if as_json:
        click.echo(json.dumps(paper.to_json(), ensure_ascii=False, indent=2))
        return
    width = min(100, shutil.get_terminal_size((100, 24)).columns)
    fields = [
        ("Authors", all_authors(paper)),
        ("Organisations", ", ".join(paper.orgs)),
        ("Category", paper.category or ""),
        ("Published", paper.published.isoformat() if paper.published else ""),
        ("Badge", paper.badge or ""),
        ("Sources", ", ".join(paper.sources)),
        ("Id", paper.id),
    ]
    click.echo(paper.title)
    for name, value in fields:
        if value:
            click.echo(f"{name + ':':<15}{value}")
    click.echo("")
    for paragraph in (paper.abstract or "(no abstract in the listings)").split("\n"):
        click.echo(textwrap.fill(paragraph, width) if paragraph else "")


@cli.command()
@click.option("--query", "-q", default=None, help="Export only papers matching this query.")
@click.option("--tag", "tag", default=None, help="Export only papers with this tag.")
@click.option("--list", "list_name", default=None, help="Export only the papers of this reading list, in its order.")
@click.option("--all", "everything", is_flag=True, help="Export every paper (also the default with no selection).")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write to FILE instead of stdout.")
@click.pass_context
def export(
    ctx, query: str | None, tag: str | None, list_name: str | None, everything: bool, fmt: str, output: Path | None
) -> None:
    """Export papers as bibtex, ris, csljson, csv, markdown or jsonl (--tag, --list and --query narrow it together)."""
    from reader.cli_cite import load_settings

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
    try:
        text = library.export(papers, fmt, browser_url=settings.browser_url)
    except LibraryError as error:
        fail(str(error))
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            write_atomically(output, text)
        except OSError as error:
            fail(f"cannot write {output} ({error.strerror}): choose another -o path")
        click.echo(f"wrote {len(papers)} papers to {output}", err=True)
    if not papers:
        sys.exit(EXIT_NOTHING)


@cli.command()
@click.option("--rebuild", is_flag=True, help="Rebuild the index from scratch.")
@click.pass_context
def index(ctx, rebuild: bool) -> None:
    """Bring the index up to date and print counts and parse warnings."""
    library = open_library(ctx, rebuild=rebuild)
    report = library.report
    action = "rebuilt" if report.rebuilt else "updated"
    click.echo(
        f"{action} in {report.seconds:.2f} s: {report.papers} papers from {report.files} files "
        f"({len(report.added)} added, {len(report.changed)} changed, {len(report.removed)} removed)"
    )
    if report.reason and not rebuild:
        click.echo(f"rebuilt because {report.reason}")
    warnings = library.warnings()
    for warning in warnings:
        click.echo(f"warning: {warning}")
    click.echo(f"{len(warnings)} parse warnings")


@cli.command()
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
        *cli_state.store_report(library),
        f"warnings        {len(warnings)}",
        *(f"  {w}" for w in warnings),
    ]
    click.echo("\n".join(lines))


from reader import cli_state  # noqa: E402 - its commands use the helpers above

cli_state.register(cli)


from reader.cli_cite import cite  # noqa: E402 - registered once `cli` exists

cli.add_command(cite)


def main() -> None:
    """Run the `reader` command; an unexpected error is one line, not a traceback."""
    try:
        cli(prog_name="reader")
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # noqa: BLE001 - the last line of defence
        if os.environ.get("READER_DEBUG"):
            raise
        fail(
            f"unexpected {type(error).__name__}: {error}. Try `reader index --rebuild`; "
            "set READER_DEBUG=1 to see the details"
        )
