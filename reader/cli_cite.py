"""`reader cite`: citations on stdout, optionally copied to the clipboard; and the config for commands."""

from __future__ import annotations

import click

from reader.citations import UnknownStyle
from reader.citations.clipboard import copy_with_pyperclip
from reader.config import Config, load_config
from reader.library import LibraryError


def load_settings(ctx: click.Context) -> Config:
    """The config from `--config`/READER_CONFIG/the platform dir; each problem one line on stderr."""
    options = ctx.find_root().obj or {}
    config, warnings = load_config(options.get("config"))
    for warning in warnings:
        click.echo(f"reader: warning: {warning}", err=True)
    return config


@click.command()
@click.argument("paper_ids", nargs=-1, required=True)
@click.option(
    "--style", "-s", default=None,
    help="bibtex, apa, mla, chicago, ieee, markdown, plain, ris, csljson, or any CSL style name. "
    "Default: citation_style from the config (bibtex).",
)
@click.option("--copy", "-c", is_flag=True, help="Also copy the citation to the clipboard.")
@click.pass_context
def cite(ctx, paper_ids: tuple[str, ...], style: str | None, copy: bool) -> None:
    """Print the citation of papers (an id prefix is enough when unique)."""
    from reader.cli import EXIT_USAGE, fail, open_library  # reader.cli registers this command

    config = load_settings(ctx)
    library = open_library(ctx)
    try:
        text = library.cite(list(paper_ids), style or config.citation_style, browser_url=config.browser_url)
    except (UnknownStyle, LibraryError) as error:
        fail(str(error), EXIT_USAGE)
    click.echo(text, nl=not text.endswith("\n"))
    if copy:
        result = copy_with_pyperclip(text)
        if result.ok:
            click.echo("copied to the clipboard", err=True)
        else:
            click.echo(f"reader: not copied: {result.reason}", err=True)
