"""`reader search` and `reader show`: find papers and read one.

Human output shows titles and abstracts with their LaTeX rendered (`k≤2`, not `$k\\leq2$`);
`--raw` and `--json` print them as the listing wrote them.
"""

from __future__ import annotations

import shutil
import sys
import textwrap

import click

from reader.cli.common import EXIT_NOTHING, echo, echo_json, fail, one_line, open_library, output_width, paper_line
from reader.cli.paper_state import hit_json, read_states, state_fields, state_json, state_tail
from reader.cli.saved_lookup import saved_query_and_sort
from reader.library import SORTS, LibraryError, QueryError
from reader.render import all_authors, first_author, latex_to_unicode
from reader.search.list_order import in_force

RENDERED_ABSTRACT = 20_000  # characters of an abstract `show` renders; a longer one is printed as written
RAW_HELP = "Print titles and abstracts as the listing wrote them (LaTeX source), not rendered."


class QueryCommand(click.Command):
    """A command whose free words are the query, even those that start with `-` (`-vision`,
    `-status:read`); its own options may come before or after them, and `--` ends the options."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        options, words = _split_query(self.get_params(ctx), ctx, args)
        return super().parse_args(ctx, [*options, "--", *words] if words else options)


def _split_query(params: list[click.Parameter], ctx: click.Context, args: list[str]) -> tuple[list[str], list[str]]:
    """(option tokens, query words): a token is an option only when it is one of this command's
    (`--limit 5`, `--limit=5`, `-n 5`, `-n5`, `--json`); other `--x` tokens are left to click to refuse."""
    known = {name: p for p in params if isinstance(p, click.Option) for name in (*p.opts, *p.secondary_opts)}
    options: list[str] = []
    words: list[str] = []
    rest = list(args)
    while rest:
        token = rest.pop(0)
        name, equals, _ = token.partition("=")
        option = known.get(token) or (known.get(name) if equals and token.startswith("--") else None)
        if token == "--":
            words.extend(rest)
            break
        if option is not None:
            options.append(token)
            if _takes_value(option) and not equals and rest:
                options.append(rest.pop(0))
        elif token.startswith("--") or _short_with_value(known.get(token[:2]), token[2:], ctx):
            options.append(token)
        else:
            words.append(token)
    return options, words


def _takes_value(option: click.Option) -> bool:
    return not (option.is_flag or option.count)


def _short_with_value(option: click.Option | None, value: str, ctx: click.Context) -> bool:
    """Whether `-n5` is the short option with its value attached (so `-neural` stays a query word)."""
    if option is None or not value or not _takes_value(option):
        return False
    try:
        option.type.convert(value, option, ctx)
    except click.BadParameter:
        return False
    return True


def print_hits(library, hits, as_json: bool, raw: bool = False) -> None:
    """Hits as lines (id, year, category, title, first author, state) or as a JSON array (see hit_json);
    the lines' titles are rendered unless `raw`."""
    states = read_states(library, [hit.paper.id for hit in hits]) if hits else {}
    if as_json:
        echo_json([hit_json(hit, states) for hit in hits])
        return
    width = output_width()
    for hit in hits:
        author = first_author(hit.paper) if hit.paper.authors else ""
        click.echo(paper_line(hit.paper, width, author, state_tail(hit.paper.id, states), raw=raw))


@click.command(cls=QueryCommand)
@click.argument("query", nargs=-1)
@click.option("--limit", "-n", default=20, show_default=True, type=click.IntRange(min=1), help="Most hits to show.")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True,
              help='Order of the hits; a list:"NAME" search is in the list\'s order unless --sort is given.')
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of hits (see the README for the shape).")
@click.option("--raw", is_flag=True, help=RAW_HELP)
@click.option("--saved", metavar="NAME", help="Run a saved search (`reader saved list`), in its sort; words narrow it.")
@click.pass_context
def search(ctx, query: tuple[str, ...], limit: int, sort: str, as_json: bool, raw: bool, saved: str | None) -> None:
    """Search the library (see the README for the query language)."""
    library = open_library(ctx)
    text = " ".join(query)
    if saved is not None:
        text, sort = saved_query_and_sort(ctx, library, saved, text, sort)
    elif ctx.get_parameter_source("sort") is click.core.ParameterSource.DEFAULT:
        sort = in_force(None, text)  # list order for a list: search, as in the app
    try:
        result = library.search(text, limit=limit, sort=sort)
    except QueryError as error:
        fail(str(error))
    print_hits(library, result.hits, as_json, raw)
    if not result.hits:
        hint = f" Did you mean: {result.suggestion}" if result.suggestion else ""
        click.echo(one_line(f"No papers match “{text}”.{hint}"), err=True)
        sys.exit(EXIT_NOTHING)
    if not as_json:
        click.echo(
            f"{len(result.hits)} of {result.total} papers · {sort} · {result.elapsed * 1000:.0f} ms",
            err=True,
        )


@click.command()
@click.argument("paper_id")
@click.option("--json", "as_json", is_flag=True, help="Print the paper and its state as JSON.")
@click.option("--raw", is_flag=True, help=RAW_HELP)
@click.pass_context
def show(ctx, paper_id: str, as_json: bool, raw: bool) -> None:
    """Show one paper in full (an id prefix is enough when unique)."""
    library = open_library(ctx)
    try:
        paper = library.get(paper_id)
    except LibraryError as error:
        fail(str(error))
    states = read_states(library, [paper.id])
    state = states[paper.id] if states is not None else None
    if as_json:
        echo_json({**paper.to_json(), "state": state_json(state)})
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
        *state_fields(state),
    ]
    echo(paper.title if raw else latex_to_unicode(paper.title).text)
    for name, value in fields:
        if value:
            echo(f"{name + ':':<15}{value}")
    echo("")
    for paragraph in (_abstract(paper.abstract, raw) or "(no abstract in the listings)").split("\n"):
        echo(textwrap.fill(paragraph, width) if paragraph else "")
    if state is not None and state.note.strip():
        echo("")
        echo("Note:")
        for line in state.note.splitlines():
            echo(textwrap.fill(line, width, initial_indent="  ", subsequent_indent="  ") if line.strip() else "")


def _abstract(abstract: str, raw: bool) -> str:
    """The abstract `show` prints: rendered, unless `raw` or too long to render at once."""
    if raw or len(abstract) > RENDERED_ABSTRACT:
        return abstract
    return latex_to_unicode(abstract).text
