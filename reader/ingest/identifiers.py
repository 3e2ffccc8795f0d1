"""Paper identifiers found in text: arXiv ids (without version), DOIs and URLs."""

from __future__ import annotations

import re

# New-style ids (0704.0001 to 9912.12345) and old-style ones (hep-th/9901001, math.GT/0309136).
_NEW = r"\d{4}\.\d{4,5}"
_OLD = r"[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7}"
_ARXIV_ID = re.compile(rf"(?<![\w./-])({_NEW}|{_OLD})(?:v\d+)?(?![\w/])")
_ARXIV_LABELLED = re.compile(
    rf"(?:arxiv\s*[:/]?\s*|arxiv\.org/(?:abs|pdf|html)/|10\.48550/arxiv\.)({_NEW}|{_OLD})(?:v\d+)?",
    re.IGNORECASE,
)
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>{}]+)", re.IGNORECASE)
_URL = re.compile(r"https?://[^\s<>\"{}]+", re.IGNORECASE)


def arxiv_id(text: str | None, *, bare: bool = False) -> str | None:
    """The arXiv id named in `text` (`arXiv:2101.03961v2`, an arxiv.org URL, a 10.48550 DOI),
    without its version; with `bare`, a plain id (`2101.03961`) counts too."""
    if not text:
        return None
    found = _ARXIV_LABELLED.search(text)
    if found:
        return _canonical(found.group(1))
    if bare:
        found = _ARXIV_ID.search(text.strip())
        if found and found.start() == 0 and found.end() == len(text.strip()):
            return _canonical(found.group(1))
    return None


def _canonical(found: str) -> str:
    """Old-style ids keep their archive in lower case and any subject class as written."""
    if "/" in found:
        archive, number = found.split("/", 1)
        head, _, subject = archive.partition(".")
        return f"{head.lower()}{'.' + subject.upper() if subject else ''}/{number}"
    return found


def doi(text: str | None) -> str | None:
    """The DOI in `text` (a bare DOI, `doi:…`, or a doi.org URL), lower case, trailing punctuation dropped."""
    if not text:
        return None
    found = _DOI.search(text)
    if not found:
        return None
    value = found.group(1).rstrip(".,;:)]}'")
    return value.lower()


def url(text: str | None) -> str | None:
    """The first http(s) URL in `text`."""
    if not text:
        return None
    found = _URL.search(text)
    return found.group(0).rstrip(".,;:)]}'") if found else None


def arxiv_from(*, doi_text: str | None = None, url_text: str | None = None, other: str | None = None) -> str | None:
    """An arXiv id from whichever of a DOI, a URL or another field names one."""
    for text in (doi_text, url_text, other):
        found = arxiv_id(text)
        if found:
            return found
    return None
