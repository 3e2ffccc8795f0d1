"""The `reader` command line: a scriptable contract over the same Library the app uses.

Each module holds one group of commands; `common` holds what they share and imports none of them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from reader import __version__
from reader.cli import cite, explore, export, history, intake, saved, search, state, store, upkeep
from reader.cli.common import fail
from reader.cli.launch import run_app
from reader.library import LibraryError


class ReaderGroup(click.Group):
    """The `reader` group: a LibraryError from any command (a read-only or locked store, a busy
    index) is said in its own words and advice, in one line, never as an unexpected error."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except LibraryError as error:
            fail(str(error))


@click.group(cls=ReaderGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
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


COMMANDS = (
    search.search, search.show, export.export, cite.cite, *state.COMMANDS, *store.COMMANDS, *upkeep.COMMANDS,
    *intake.COMMANDS, *explore.COMMANDS, *saved.COMMANDS, *history.COMMANDS,
)
for command in COMMANDS:
    cli.add_command(command)


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
