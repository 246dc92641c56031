"""Finding email addresses and phone numbers in free text, without repeating them (SPEC 11).

Customers stay pseudonymous in git: an evidence file that holds an email
address or a phone number is a `personal-data` finding. The finding says
where and what kind of thing it found, never the thing itself (a CI log is
as public as the repository).

Phone numbers are told from the other numbers notes hold by their shape:
a `+` or `00` country prefix, or groups of digits joined by spaces, dashes,
dots or brackets, 7 to 15 digits in all (the ITU's bounds). Dates, times,
version numbers, IP addresses, thousands (`1 200 000`), ids (`buyer-7`,
`item-2026-123`) and digits inside URLs, paths or words are not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

EMAIL = "an email address"
PHONE = "a phone number"

_EMAIL = re.compile(r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# A run of digits and the separators a phone number is written with, starting
# and ending on a digit (or a country prefix / bracket), and not part of a
# longer token: a word, an id, a path, a URL's query, a version.
_PHONE_RUN = re.compile(r"(?<![\w./:=#@&?%~-])(?:\+|\(\+?)?\d[\d ().-]{5,}\d(?![\w/@]|[.-]\d|:\d)")
_DATE = re.compile(r"\d{4}[-.]\d{1,2}[-.]\d{1,2}|\d{1,2}[-.]\d{1,2}[-.]\d{2,4}")
_GROUPS = re.compile(r"\d+")
_DOTTED_QUAD = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)
_WORTH_A_LOOK = re.compile(r"@|(?<![\w-])(?!\d{4}-\d\d-\d\d\b)\d[\d ().-]{5,}\d")
"""What an email address or a phone number cannot do without (most notes, and a front matter's date, have
neither): an `@`, or a run of digits that does not start inside a word or with a date."""


@dataclass(frozen=True, slots=True)
class Spotted:
    """Something personal in a text: what kind, and where (line and column counted from 1)."""

    what: str
    """`EMAIL` or `PHONE`: the words for it in a message."""
    line: int
    column: int


def spot(text: str, first_line: int = 1) -> Iterator[Spotted]:
    """Every email address and phone number in `text`, whose first line is `first_line` of its file.

    The whole text is searched at once (notes are mostly words: a text with
    no `@` and no run of digits is passed over in one regex search).
    """
    if not _WORTH_A_LOOK.search(text):
        return
    # URLs are blanked first (same length, so offsets hold): their digits are
    # paths and queries, and `https://user@host` is not somebody's address.
    plain = _URL.sub(_blank, text) if "://" in text else text
    found = [(m.start(), EMAIL) for m in _EMAIL.finditer(plain)] if "@" in plain else []
    if found:
        plain = _EMAIL.sub(_blank, plain)
    found += [(m.start(), PHONE) for m in _PHONE_RUN.finditer(plain) if is_phone(m.group())]
    for offset, what in sorted(found):
        line = text.count("\n", 0, offset)
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        yield Spotted(what, first_line + line, column)


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def is_phone(run: str) -> bool:
    """Whether a run of digits and separators reads as a phone number rather than another number."""
    run = run.strip()
    groups = _GROUPS.findall(run)
    digits = sum(len(g) for g in groups)
    if not 7 <= digits <= 15:
        return False
    international = run.startswith(("+", "(+")) or (run.startswith("00") and len(groups) > 1)
    if international:
        return True
    if _DATE.fullmatch(run) or _DOTTED_QUAD.fullmatch(run):
        return False
    if len(groups) == 1:
        # One unbroken number: a national number starting with its trunk 0
        # (07700900123); any other long number is an order, a count or an id.
        return run.startswith("0") and 10 <= digits <= 11
    if _DATE.match(run):
        return False  # a date followed by more numbers (2026-07-08 10 45)
    first = groups[0]
    if len(first) < 2 and not run.startswith("("):
        return False  # 1 200 000, 3 4 5 6 7 8 9: counts, not a number to dial
    # Thousands are groups of three after the first: 12 345 678, 1.234.567.
    return not (all(len(g) == 3 for g in groups[1:]) and "-" not in run and "(" not in run)
