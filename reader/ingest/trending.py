"""Formats 2 and 3: page headers, then titles and abstracts in turn (blank-separated or not)."""

from __future__ import annotations

import re

from reader.ingest.dates import is_bare_date
from reader.models import Listing, ParseWarning

HEADER_LINES = frozenset(
    {
        "new",
        "get trending papers in your email inbox!",
        "get trending papers in your email inbox once a day!",
        "subscribe",
        "byak and the research community",
    }
)
_INBOX_LINES = frozenset(line for line in HEADER_LINES if "inbox" in line)
# `Subscribe` glued to the first title: `SubscribeTraining…`, `Subscribe3D Gaussian…`,
# `Subscribe$k$-NN…`; not `Subscribers Matter` nor `Subscribe-to-Learn`.
_GLUED_SUBSCRIBE = re.compile(r"^Subscribe(?=[^\W_a-z]|[$“\"'‘(\[])")
_SENTENCE_BREAK = re.compile(r"(?<![.])[.!?][\"”)]?\s+[A-Z(]")


def is_page_header(line: str) -> bool:
    """A line of the page chrome around the listing (not a title, not an abstract)."""
    text = line.strip()
    return text.lower() in HEADER_LINES or is_bare_date(text)


def _sentences(line: str) -> int:
    return len(_SENTENCE_BREAK.findall(line))


def is_sure_abstract(line: str) -> bool:
    """Long, or several sentences: an abstract whatever the layout expects."""
    return len(line) > 320 or _sentences(line) >= 2


def kind_of(line: str, expected: str) -> str:
    """Classify a line as 'title' or 'abstract', falling back on what the layout expects."""
    if is_sure_abstract(line):
        return "abstract"
    if len(line) <= 200 and not line.endswith("."):
        return "title"
    return expected


# A line that belongs to another format: a field label, a BibTeX or RIS line, a JSON brace.
_FOREIGN = re.compile(
    r"^\s*(?:(?:title|authors?|comments?|subjects?|categories|abstract|journal-ref|doi|date|from)\s*:"
    r"|@\w+\s*[{(]|\w[\w-]*\s*=\s*[{\"\d]|[A-Z][A-Z0-9]  - |[\[{]\s*$|[\[{]\s*\"|\\\\\s*$|arXiv:\d)",
    re.IGNORECASE,
)


def sniff(lines: list[str], suffix: str = "") -> float:
    """How sure it is that these lines are a trending page: its headers, or titles and abstracts in turn."""
    content = [line.strip() for line in lines if line.strip()]
    if not content:
        return 0.0
    foreign = sum(1 for line in content if _FOREIGN.match(line))
    if foreign * 10 > len(content):
        return 0.0
    if any(line.lower() in HEADER_LINES for line in content[:8]):
        return 0.8
    abstracts = sum(1 for line in content if is_sure_abstract(line) or (len(line) >= 20 and line[-1] in ".!?)\"”"))
    titles = sum(1 for line in content if len(line) <= 200 and not line.endswith("."))
    if abstracts * 4 >= len(content) and titles * 4 >= len(content):
        return 0.5
    return 0.0


def layout(lines: list[str]) -> str:
    """'spaced' (blank lines between titles and abstracts) or 'compact'."""
    content = [i for i, line in enumerate(lines) if line.strip()]
    followed_by_blank = sum(1 for i in content if i + 1 < len(lines) and not lines[i + 1].strip())
    return "spaced" if followed_by_blank * 2 >= len(content) else "compact"


def parse(lines: list[str], source: str) -> tuple[list[Listing], list[ParseWarning]]:
    """Pair titles with the abstracts that follow them."""
    listings: list[Listing] = []
    warnings: list[ParseWarning] = []
    pending: tuple[int, str] | None = None  # a title waiting for its abstract

    def emit(title_line: int, title: str, abstract: str) -> None:
        listings.append(Listing(title=" ".join(title.split()), abstract=abstract, source=source, line=title_line))

    content: list[tuple[int, str]] = []
    previous = ""  # the last non-blank line
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        follows_inbox = previous.lower() in _INBOX_LINES
        previous = line
        if is_page_header(line):
            continue
        if follows_inbox and line.startswith("Subscribe") and len(line) > len("Subscribe"):
            # Right under the inbox line the button is glued to whatever title comes next,
            # `Subscribeh-calibration` included.
            line = line[len("Subscribe") :].strip()
        else:
            line = _GLUED_SUBSCRIBE.sub("", line)
        content.append((number, line))

    for index, (number, line) in enumerate(content):
        if pending:
            expected = "abstract"
        else:
            # A line that could be either, with no title waiting: a title if what follows
            # is no title (so could be its abstract), else a further abstract paragraph.
            following = content[index + 1][1] if index + 1 < len(content) else None
            follows_title = following is None or kind_of(following, "abstract") == "title"
            expected = "abstract" if follows_title else "title"
        kind = kind_of(line, expected)
        if kind == "title":
            if pending:
                warnings.append(ParseWarning(source, pending[0], f"no abstract for “{pending[1]}”"))
                emit(pending[0], pending[1], "")
            pending = (number, line)
        elif pending:
            emit(pending[0], pending[1], line)
            pending = None
        elif listings and listings[-1].abstract:
            last = listings[-1]
            listings[-1] = Listing(
                title=last.title, abstract=last.abstract + "\n\n" + line, source=source, line=last.line
            )
            warnings.append(
                ParseWarning(
                    source,
                    number,
                    f"a second abstract paragraph was joined to “{last.title}”; "
                    "if it belongs to another paper, add that paper's title above it",
                )
            )
        else:
            warnings.append(ParseWarning(source, number, "this abstract has no title above it; it was skipped"))
    if pending:
        warnings.append(ParseWarning(source, pending[0], f"no abstract for “{pending[1]}”"))
        emit(pending[0], pending[1], "")
    return listings, warnings
