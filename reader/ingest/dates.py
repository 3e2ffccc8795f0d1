"""Listing dates such as `Apr 28, 2023` or `May 21`, and the year a bare date belongs to."""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

# Longest names first so that "September" is not read as "Sep" + "tember".
MONTH_PATTERN = "|".join(
    name.capitalize() for name in sorted(MONTHS, key=len, reverse=True)
)
DATE_PATTERN = rf"(?P<month>{MONTH_PATTERN})\.? (?P<day>\d{{1,2}})(?:, ?(?P<year>\d{{4}}))?"
_BARE_DATE = re.compile(rf"^{DATE_PATTERN}$")


def resolve(month: int, day: int, year: int | None, reference: date) -> date | None:
    """Build the date; a missing year is the latest one not after `reference`."""
    if year is not None:
        try:
            return date(year, month, day)
        except ValueError:
            return None
    for candidate in range(reference.year, reference.year - 9, -1):
        try:
            resolved = date(candidate, month, day)
        except ValueError:
            continue  # 29 February in a common year, or a day the month lacks
        if resolved <= reference:
            return resolved
    return None


def from_match(match: re.Match, reference: date) -> date | None:
    """Resolve a match of DATE_PATTERN."""
    year = match.group("year")
    return resolve(
        MONTHS[match.group("month").lower()],
        int(match.group("day")),
        int(year) if year else None,
        reference,
    )


def is_bare_date(line: str) -> bool:
    """Whether the line is only a date, like `Mar 11`."""
    return bool(_BARE_DATE.match(line.strip()))
