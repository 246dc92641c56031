"""Rules for the free text in a board, and safe display of any text.

Board text comes from people and from other people's branches, so it may
hold control characters: an ESC starts a terminal escape sequence, NEL and
the Unicode separators break lines where none is visible, and a lone
surrogate cannot be written back as UTF-8.

Also the few words every message shares: a/an, plurals, a sparkline.
"""

from __future__ import annotations

import re

from trioboard.core.vocabulary import ID_PATTERN

MAX_LINE_TEXT = 500
MAX_NOTES = 5000

LINE_FORBIDDEN_CHARS = r"\x00-\x1f\x7f-\x9f\u2028\u2029"
"""The characters one line of text may not hold, as a regex character-class body (also JSON Schema's)."""
NOTES_FORBIDDEN_CHARS = r"\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029"
"""The characters notes may not hold (line breaks and tabs are allowed), as a character-class body."""
_SURROGATES = r"\ud800-\udfff"
"""Lone surrogates cannot be written back as UTF-8 (JSON cannot carry them, so the schema leaves them out)."""
_LINE_FORBIDDEN = re.compile(f"[{LINE_FORBIDDEN_CHARS}{_SURROGATES}]")
_NOTES_FORBIDDEN = re.compile(f"[{NOTES_FORBIDDEN_CHARS}{_SURROGATES}]")
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def is_id(value: object) -> bool:
    """Whether `value` is a well-formed id."""
    return isinstance(value, str) and ID_PATTERN.fullmatch(value) is not None


def id_from_title(title: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """An id made from a title, unique among `taken`: `Keep carts for 30 days` → `keep-carts-for-30-days`.

    The TUI's forms propose it and `import` uses it, so both make the same ids.
    """
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:56].strip("-") or "item"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def a_or_an(word: str) -> str:
    """`an outcome`, `a goal`: the article a board word (always lowercase ASCII) takes."""
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def noun(n: int, word: str) -> str:
    """`word` for a count of `n`: `outcome` for 1, `outcomes` otherwise (`opportunities` for a board word in -y)."""
    if n == 1:
        return word
    return f"{word[:-1]}ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else f"{word}s"


def plural(n: int, word: str) -> str:
    """`1 outcome`, `3 outcomes`."""
    return f"{n} {noun(n, word)}"


def few(names: list[str], limit: int = 3) -> str:
    """`a, b, c and 2 more`: the first `limit` names, and how many are left."""
    return ", ".join(names[:limit]) + (f" and {len(names) - limit} more" if len(names) > limit else "")


SPARK = "▁▂▃▄▅▆▇█"
"""The bars of a sparkline, lowest first."""


def spark(value: float) -> str:
    """One bar for a share from 0 to 1, on a fixed scale (so a small step reads as one)."""
    return SPARK[min(len(SPARK) - 1, int(value * len(SPARK)))]


def sparkline(values: list[float | None]) -> str:
    """Shares (0..1, None for none) as a line of bars on a fixed scale; `·` where there is none."""
    return "".join("·" if v is None else spark(v) for v in values)


def line_text_problem(value: str) -> str | None:
    """Why `value` is not acceptable one-line text, or None when it is."""
    return _text_problem(value, _LINE_FORBIDDEN, MAX_LINE_TEXT, "; it must be one line of text")


def notes_problem(value: str) -> str | None:
    """Why `value` is not acceptable as notes (several lines allowed), or None."""
    return _text_problem(value, _NOTES_FORBIDDEN, MAX_NOTES, "")


def _text_problem(value: str, forbidden: re.Pattern[str], limit: int, after_char: str) -> str | None:
    bad = forbidden.search(value)
    if bad:
        return f"contains {describe_char(bad.group())}{after_char}"
    if len(value) > limit:
        return f"is {len(value)} characters long; the limit is {limit}"
    return None


def describe_char(char: str) -> str:
    """Name a character by its code point: `the control character U+001B`."""
    code = ord(char)
    if char in "\n\r":
        return "a line break"
    if 0xD800 <= code <= 0xDFFF:
        return f"a lone surrogate U+{code:04X}"
    return f"the control character U+{code:04X}"


def printable(text: str) -> str:
    """`text` with every control character shown as an escape, safe for any terminal."""
    if not _UNPRINTABLE.search(text):
        return text
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_CONFLICT_MARKER = re.compile(r"^(<{7}|\|{7}|>{7})(?: |$)", re.MULTILINE)
"""A line git's merge writes around a conflict: `<<<<<<< ours`, `||||||| base`, `>>>>>>> theirs`."""


def conflict_marker_line(text: str) -> int | None:
    """The 1-based line of the first conflict marker git left in `text`; None when it holds none."""
    found = _CONFLICT_MARKER.search(text)
    return None if found is None else text.count("\n", 0, found.start()) + 1
