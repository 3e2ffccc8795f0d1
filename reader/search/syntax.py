"""The query language, parsed into a small tree (no Whoosh here).

    free words (all must match)   "a phrase"   a OR b   NOT a   -a   (a OR b) c
    prefix*   fuzzy~   fuzzy~2    title: author: abstract: org: cat: year:2024  year:2022..2024
    cat:none  year:none  org:none    (papers without a category, year or organisation)
    tag:ml   list:"Reading list"   status:unread|reading|read   note:word   (the user's own state)
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from dataclasses import dataclass

from reader.models import STATUSES

STATE_FIELDS = ("tag", "list", "status", "note")
FIELDS = ("title", "author", "abstract", "org", "cat", "year", *STATE_FIELDS)
_ALIASES = {"authors": "author", "orgs": "org", "category": "cat", "ti": "title", "au": "author"}
MAX_LENGTH = 2_000  # characters in a query
MAX_DEPTH = 20  # nested ( ), NOT and - on one path; deeper would exhaust Python's stack downstream
_SHOWN = 60  # characters of a query quoted in a message
_INVISIBLE = {"Cc", "Cf", "Co", "Cs", "Zl", "Zp"}  # control, format (bidi), private, surrogate, separators


class QueryError(ValueError):
    """A query that cannot be run; the message is one line that says what to do."""


def shown(text: str, limit: int = _SHOWN) -> str:
    """User text safe to quote in a one-line message: no control or format characters, no
    line breaks, runs of whitespace as one space, cut to `limit` characters with …."""
    spaced = "".join(" " if c.isspace() else c for c in text)
    clean = " ".join("".join(c for c in spaced if unicodedata.category(c) not in _INVISIBLE).split())
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


@dataclass(frozen=True)
class Word:
    field: str | None
    text: str
    kind: str = "term"  # term | prefix | fuzzy
    distance: int = 0


@dataclass(frozen=True)
class Phrase:
    field: str | None
    text: str


@dataclass(frozen=True)
class YearRange:
    low: int | None
    high: int | None


@dataclass(frozen=True)
class Missing:
    """cat:none, org:none or year:none: the papers without a value in that field."""

    field: str


MISSING_FIELDS = ("cat", "org", "year")
NONE = "none"  # the value that asks for papers without one


@dataclass(frozen=True)
class State:
    """tag:, list:, status: or note: — answered from the user's store, not the index."""

    field: str
    value: str


@dataclass(frozen=True)
class And:
    children: tuple


@dataclass(frozen=True)
class Or:
    children: tuple


@dataclass(frozen=True)
class Not:
    child: object


_TOKEN = re.compile(
    r'\s*(?:(?P<open>\()|(?P<close>\))|(?P<field>[A-Za-z_]+):(?=\S)|(?P<neg>-)(?=[\w"(])'
    r'|"(?P<phrase>[^"]*)(?P<closed>")?|(?P<word>[^\s()"]+))'
)
_YEAR = re.compile(r"^(?P<low>\d{4})?(?:(?P<dots>\.\.)(?P<high>\d{4})?)?$")
_FUZZY = re.compile(r"^(?P<stem>.+?)~(?P<dist>\d)?$")


def _tokens(query: str):
    pos = 0
    while pos < len(query):
        match = _TOKEN.match(query, pos)
        if not match or match.end() == pos:
            break
        pos = match.end()
        kind = match.lastgroup if match.lastgroup != "closed" else "phrase"
        if match.group("phrase") is not None:
            if match.group("closed") is None:
                raise QueryError(f'unclosed quote in “{shown(query)}”: add the closing "')
            yield "phrase", match.group("phrase")
        else:
            yield kind, match.group(kind)


class _Parser:
    def __init__(self, query: str):
        self.query = query
        self.tokens = list(_tokens(query))
        self.i = 0
        self.depth = 0  # ( ), NOT and - around the token being read

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def take(self):
        token = self.peek()
        self.i += 1
        return token

    def parse(self):
        if not self.tokens:
            return None
        node = self.or_expr()
        if self.i < len(self.tokens):
            raise QueryError(f"unexpected “)” in “{shown(self.query)}”: remove it or add a matching “(”")
        return node

    def or_expr(self):
        children = [self.and_expr()]
        while self.peek() == ("word", "OR"):
            self.take()
            if self.peek()[0] in (None, "close"):
                raise QueryError(f"“OR” needs a word after it in “{shown(self.query)}”")
            children.append(self.and_expr())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def and_expr(self):
        children = []
        while True:
            kind, value = self.peek()
            if kind in (None, "close") or (kind, value) == ("word", "OR"):
                break
            if (kind, value) == ("word", "AND"):
                self.take()
                if self.peek()[0] in (None, "close") or self.peek() == ("word", "OR"):
                    raise QueryError(f"“AND” needs a word after it in “{shown(self.query)}”")
                continue
            children.append(self.unary())
        if not children:
            raise QueryError(f"“OR” needs a word before it in “{shown(self.query)}”")
        return children[0] if len(children) == 1 else And(tuple(children))

    def unary(self):
        kind, value = self.peek()
        if kind == "neg" or (kind, value) == ("word", "NOT"):
            self.take()
            if self.peek()[0] in (None, "close"):
                raise QueryError(f"“NOT” needs a word after it in “{shown(self.query)}”")
            with self.nested():
                return Not(self.unary())
        return self.atom(None)

    @contextlib.contextmanager
    def nested(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(
                f"“{shown(self.query)}” nests ( ), NOT and - more than {MAX_DEPTH} deep: simplify the query"
            )
        try:
            yield
        finally:
            self.depth -= 1

    def atom(self, field):
        kind, value = self.take()
        if kind == "open":
            if field:
                raise QueryError(f"{field}:( ) is not supported: write {field}:word or {field}:\"a phrase\"")
            with self.nested():
                node = self.or_expr()
            if self.take()[0] != "close":
                raise QueryError(f"unclosed “(” in “{shown(self.query)}”: add the closing “)”")
            return node
        if kind == "field":
            if field:
                raise QueryError(f"“{field}:{shown(value)}:” has two field names; use one")
            name = _ALIASES.get(value.lower(), value.lower())
            if name not in FIELDS:
                known = " ".join(f"{f}:" for f in FIELDS)
                raise QueryError(f"unknown field “{shown(value)}:”; use one of {known}")
            if self.peek()[0] is None:
                raise QueryError(f"“{shown(value)}:” needs a value, e.g. {name}:{_EXAMPLES.get(name, 'word')}")
            return self.atom(name)
        if field in STATE_FIELDS and kind in ("phrase", "word"):
            return _state(field, value)
        if kind == "phrase":
            if field == "year":
                raise QueryError('year: takes a year or a range, e.g. year:2024 or year:2022..2024')
            return Phrase(field, value)
        if kind == "word":
            return _word(field, value)
        if kind == "close":
            raise QueryError(f"unexpected “)” in “{shown(self.query)}”: remove it or add a matching “(”")
        raise QueryError(f"cannot read “{shown(self.query)}”")


_EXAMPLES = {"year": "2024", "cat": "CL", "org": "deepmind", "author": "hinton", "status": "read"}  # for hints


def _state(field: str, text: str) -> State:
    value = " ".join(text.split())
    if not value:
        raise QueryError(f"“{field}:” needs a value, e.g. {field}:{_EXAMPLES.get(field, 'ml')}")
    if field == "status":
        value = value.lower()
        if value not in STATUSES:
            raise QueryError(f"unknown status “{shown(text)}”: use status:unread, status:reading or status:read")
    return State(field, value)


def _word(field: str | None, text: str):
    bare = text[:-1].lower()
    named = _ALIASES.get(bare, bare)
    if field is None and text.endswith(":") and named in FIELDS:
        raise QueryError(f"“{shown(text)}” needs a value, e.g. {shown(text)}{_EXAMPLES.get(named, 'word')}")
    if field in MISSING_FIELDS and text.lower() == NONE:
        return Missing(field)
    if field == "year":
        match = _YEAR.match(text)
        if not match or not (match.group("low") or match.group("high")):
            raise QueryError(f"“year:{shown(text)}” is not a year: use year:2024, year:2022..2024 or year:none")
        low = int(match.group("low")) if match.group("low") else None
        high = int(match.group("high")) if match.group("high") else None
        if not match.group("dots"):
            high = low
        if low is not None and high is not None and low > high:
            raise QueryError(f"“year:{shown(text)}” runs backwards: write year:{high}..{low}")
        return YearRange(low, high)
    fuzzy = _FUZZY.match(text)
    if fuzzy:
        distance = int(fuzzy.group("dist") or 1)
        if not 1 <= distance <= 2:
            raise QueryError(f"“{shown(text)}”: fuzzy distance must be 1 or 2, e.g. {shown(fuzzy.group('stem'))}~2")
        return Word(field, fuzzy.group("stem"), "fuzzy", distance)
    if "*" in text or "?" in text.rstrip("?"):
        stem = text[:-1] if text.endswith("*") else None
        if stem is None or "*" in stem or not stem.strip("*?"):
            raise QueryError(
                f"“{shown(text)}”: only trailing wildcards are supported, e.g. {shown(text.strip('*?')) or 'lang'}*"
            )
        if len(stem) < 2:
            raise QueryError(f"“{shown(text)}”: a prefix needs at least two letters, e.g. {shown(stem)}a*")
        return Word(field, stem, "prefix")
    return Word(field, text)


def parse(query: str):
    """Parse a query string; None for an empty query. Raises QueryError with a one-line hint."""
    if len(query) > MAX_LENGTH:
        raise QueryError(
            f"“{shown(query)}” is {len(query):,} characters long: keep a query under {MAX_LENGTH:,}"
        )
    return _Parser(query.strip()).parse()
