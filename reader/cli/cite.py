"""`reader cite`: citations on stdout, optionally copied to the clipboard."""

from __future__ import annotations

import click

from reader.citations import UnknownStyle
from reader.citations.clipboard import copy_for_cli
from reader.cli.common import EXIT_USAGE, echo_json, fail, json_option, load_settings, open_library, terminal_safe
from reader.library import LibraryError


@click.command()
@click.argument("paper_ids", nargs=-1, required=True)
@click.option(
    "--style", "-s", default=None,
    help="bibtex, apa, mla, chicago, ieee, markdown, plain, ris, csljson, any CSL style id "
    "(e.g. nature, vancouver), or the path of a .csl file. Default: citation_style from the config (bibtex).",
)
@click.option("--copy", "-c", is_flag=True,
              help="Also copy the citation: the system clipboard, else OSC 52 when standard output is a terminal.")
@json_option("{style, text, copied, copied_by}")
@click.pass_context
def cite(ctx, paper_ids: tuple[str, ...], style: str | None, copy: bool, as_json: bool) -> None:
    """Print the citation of papers (an id prefix is enough when unique)."""
    config = load_settings(ctx)
    library = open_library(ctx)
    try:
        text = library.cite(list(paper_ids), style or config.citation_style, browser_url=config.browser_url)
    except (UnknownStyle, LibraryError) as error:
        fail(str(error), EXIT_USAGE)
    if not as_json:
        text = terminal_safe(text)  # keys and fields may come from an imported state file
        click.echo(text, nl=not text.endswith("\n"))
    result, said = copy_for_cli(terminal_safe(text)) if copy else (None, "")
    if as_json:  # json_text escapes every control character; `copied` is true only for a confirmed copy
        echo_json({"style": style or config.citation_style, "text": text,
                   "copied": result.confirmed if result else None,
                   "copied_by": result.method if result and result.ok else None})
    if result is not None:
        click.echo(said if result.confirmed else f"reader: {said}", err=True)
