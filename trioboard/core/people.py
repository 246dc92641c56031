"""Who a commit is by: the one rule for a name and an email, for `--author` and a `serve` visitor alike.

A name or email becomes part of the board's history. A control character
breaks every later `git log` reader; a bidi control (U+202E) or a
zero-width character makes one author's name read as another's. So both are
one printable line, with neither, and of bounded length.
"""

from __future__ import annotations

import re

MAX_NAME = 100
"""Characters in a name: a person's name, with room to spare."""
MAX_EMAIL = 254
"""Characters in an email: the longest address SMTP carries (RFC 5321)."""

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\u200b-\u200d\u2060\ufeff]")
"""Bidi embeddings, overrides and isolates, and zero-width characters: text that hides or reorders text."""
_ADDRESS = re.compile(r"[^\s<>@]+@[^\s<>@]+")


def _problem(what: str, text: str, limit: int) -> str | None:
    """Empty, a hidden character, or too long: what a name and an email share."""
    if not text.strip():
        return f"the {what} is empty"
    bad = _CONTROL.search(text) or _INVISIBLE.search(text)
    if bad:
        return f"the {what} holds U+{ord(bad.group()):04X}; it must be printable text on one line"
    if len(text) > limit:
        return f"the {what} is {len(text)} characters long; the limit is {limit}"
    return None


def name_problem(name: str) -> str | None:
    """Why `name` cannot be a commit author's name, or None when it can."""
    why = _problem("name", name, MAX_NAME)
    if why is None and ("<" in name or ">" in name):
        return "the name cannot hold < or >"
    return why


def email_problem(email: str) -> str | None:
    """Why `email` cannot be a commit author's email, or None when it can."""
    why = _problem("email", email, MAX_EMAIL)
    if why is None and not _ADDRESS.fullmatch(email):
        return "the email must look like name@example.com, with no spaces or < >"
    return why
