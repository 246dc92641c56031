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


def _hidden(text: str) -> str | None:
    bad = _CONTROL.search(text) or _INVISIBLE.search(text)
    return None if bad is None else f"U+{ord(bad.group()):04X}"


def name_problem(name: str) -> str | None:
    """Why `name` cannot be a commit author's name, or None when it can."""
    if not name.strip():
        return "the name is empty"
    hidden = _hidden(name)
    if hidden:
        return f"the name holds {hidden}; it must be printable text on one line"
    if "<" in name or ">" in name:
        return "the name cannot hold < or >"
    if len(name) > MAX_NAME:
        return f"the name is {len(name)} characters long; the limit is {MAX_NAME}"
    return None


def email_problem(email: str) -> str | None:
    """Why `email` cannot be a commit author's email, or None when it can."""
    if not email.strip():
        return "the email is empty"
    hidden = _hidden(email)
    if hidden:
        return f"the email holds {hidden}; it must be printable text on one line"
    if len(email) > MAX_EMAIL:
        return f"the email is {len(email)} characters long; the limit is {MAX_EMAIL}"
    if not _ADDRESS.fullmatch(email):
        return "the email must look like name@example.com, with no spaces or < >"
    return None
