"""`reader list link`, `list unlink` and `list links`: reading lists kept in files that reader rewrites."""

from __future__ import annotations

from pathlib import Path

import click

from reader.cli.common import attempt, echo, echo_json, json_option, load_settings, nothing, open_library
from reader.list_links import LINK_FORMATS
from reader.store.names import plural


def _what(fmt: str, with_state: bool) -> str:
    return f"{fmt}{' with tags and notes' if with_state else ''}"


@click.command("link")
@click.argument("name")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(LINK_FORMATS), default=None,
              help="The file's format. Default: from its ending (.bib, .json, .ris, .md).")
@click.option("--with-state/--no-state", "with_state", default=None,
              help="Write the papers' tags and notes too. Default: on for bibtex, csljson and ris.")
@click.option("--force", is_flag=True, help="Replace FILE even if reader did not write it (or it was edited since).")
@json_option("{list, file, format, with_state, papers}")
@click.pass_context
def link(ctx, name: str, file: Path, fmt: str | None, with_state: bool | None, force: bool, as_json: bool) -> None:
    """Link a list to FILE: write it now, and again after every change to the list (from here or the app)."""
    settings = load_settings(ctx)
    library = open_library(ctx)
    done = attempt(lambda: library.link_list(name, file, fmt, with_state=with_state,
                                             browser_url=settings.browser_url, force=force))
    found = done.link
    if as_json:
        echo_json({"list": done.name, "file": str(done.path), "format": found.format,
                   "with_state": found.with_state, "papers": done.papers})
    else:
        echo(f"linked {done.name} to {done.path} ({_what(found.format, found.with_state)}): wrote "
             f"{plural(done.papers, 'paper')}; every change to the list rewrites it")


@click.command("unlink")
@click.argument("name")
@json_option("{list, file}")
@click.pass_context
def unlink(ctx, name: str, as_json: bool) -> None:
    """Stop keeping a list's file up to date (the file stays as it is)."""
    found = attempt(open_library(ctx).unlink_list, name)
    if as_json:
        echo_json({"list": found.name, "file": str(found.path)})
    else:
        echo(f"unlinked {found.name}: {found.path} stays as it is and is no longer kept up to date")


@click.command("links")
@json_option("an array of {list, file, format, with_state}")
@click.pass_context
def links(ctx, as_json: bool) -> None:
    """Every list linked to a file."""
    found = [each for each in attempt(open_library(ctx).list_links) if each.name is not None]
    if as_json:
        echo_json([{"list": each.name, "file": str(each.path), "format": each.format, "with_state": each.with_state}
                   for each in found])
    else:
        for each in found:
            echo(f"{each.name}  →  {each.path}  ({_what(each.format, each.with_state)})")
    if not found:
        nothing("No list is linked to a file: link one with `reader list link NAME FILE`.")


COMMANDS = (link, unlink, links)
