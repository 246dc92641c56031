"""Rules for the free text in a board, and safe display of any text.

Board text comes from people and from other people's branches, so it may
hold control characters: an ESC starts a terminal escape sequence, NEL and
the Unicode separators break lines where none is visible, and a lone
surrogate cannot be written back as UTF-8.
"""

from __future__ import annotations

import re

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
"""What an id is; also what a team file is named."""

MAX_LINE_TEXT = 500
MAX_NOTES = 5000

_LINE_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_NOTES_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def is_id(value: object) -> bool:
    """Whether `value` is a well-formed id."""
    return isinstance(value, str) and ID_PATTERN.fullmatch(value) is not None


def line_text_problem(value: str) -> str | None:
    """Why `value` is not acceptable one-line text, or None when it is."""
    bad = _LINE_FORBIDDEN.search(value)
    if bad:
        return f"contains {describe_char(bad.group())}; it must be one line of text"
    if len(value) > MAX_LINE_TEXT:
        return f"is {len(value)} characters long; the limit is {MAX_LINE_TEXT}"
    return None


def notes_problem(value: str) -> str | None:
    """Why `value` is not acceptable as notes (several lines allowed), or None."""
    bad = _NOTES_FORBIDDEN.search(value)
    if bad:
        return f"contains {describe_char(bad.group())}"
    if len(value) > MAX_NOTES:
        return f"is {len(value)} characters long; the limit is {MAX_NOTES}"
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


SPARK_BARS = "▁▂▃▄▅▆▇█"
"""Eight heights, lowest first: a value from 0 to 1 picks one."""


def spark(value: float) -> str:
    """One bar for a value from 0 to 1, on a fixed scale (so 21% → 22% stays the small step it is)."""
    return SPARK_BARS[min(len(SPARK_BARS) - 1, int(value * len(SPARK_BARS)))]


def sparkline(values: list[float | None]) -> str:
    """Values from 0 to 1 (None for none, shown as `·`) as a line of bars on a fixed scale."""
    return "".join("·" if v is None else spark(v) for v in values)
