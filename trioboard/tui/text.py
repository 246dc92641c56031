"""Board text made safe to show, and the marks that say what state a node is in.

Every label is a `rich.text.Text` built here: never a markup string made of
board data (a title `[@click=app.quit]` would run an action; an unbalanced
`[/]` would crash; `escape()` turns `[WIP] ship` into ` ship`). Control
characters are stripped first: an OSC sequence in a title sets the terminal's
title through any widget otherwise.
"""

from __future__ import annotations

import re

from rich.text import Text

from trioboard.core.analysis import percent as core_percent

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")

BLOCKED = "⊘ blocked"
UNLINKED = "⚠ no link"
DONE = "✓ done"
DROPPED = "✗ dropped"
"""Marks in words and symbols, so state reads without colour."""


def clean(text: object) -> str:
    """A string of board text with every control character removed."""
    return _CONTROL.sub("", str(text))


def plain(text: object, style: str = "") -> Text:
    """Board text as a Text that is never parsed for markup."""
    return Text(clean(text), style=style, no_wrap=False, end="")


NEWLINE = Text("\n", end="")
"""A line break in a `label`: its text parts lose every control character, line breaks too."""


def label(*parts: tuple[object, str] | str | Text) -> Text:
    """Join pieces, each `text`, `(text, style)` or a `Text` of our own (e.g. `NEWLINE`), into one Text."""
    out = Text(end="")
    for part in parts:
        if isinstance(part, Text):
            out.append_text(part)
        elif isinstance(part, tuple):
            out.append(clean(part[0]), style=part[1])
        else:
            out.append(clean(part))
    return out


def percent(value: float | None) -> str:
    """`87%` rounded down (never 100% while anything is unaligned), or `—` when there is nothing to measure."""
    return core_percent(value)


_NOT_IN_ID = re.compile(r"[^A-Za-z0-9-]")


def widget_id(prefix: str, text: str) -> str:
    """A valid, unique Textual widget id for `text` (board data, a field name).

    Textual ids allow letters, digits, `-` and `_` only: every other
    character (and `_` itself, so two texts never share an id) becomes
    `_<hex>_`. `prefix` must be a valid id start.
    """
    return f"{prefix}-" + _NOT_IN_ID.sub(lambda m: f"_{ord(m.group()):x}_", text)


def middle_cut(text: str, width: int) -> str:
    """`text` in `width` columns, cut in the middle when longer.

    Ids that share a long start (`compiletest-directive-rework-…`) differ at
    the end: an ellipsis at the end made a column of them look all alike.
    Only plain ASCII is cut here (one column a character); the rest is left
    to the widget's own ellipsis.
    """
    if width <= 0 or len(text) <= width or not text.isascii():
        return text
    if width < 7:
        return text[: width - 1] + "…"
    tail = (width - 1) * 3 // 5
    return text[: width - 1 - tail] + "…" + text[-tail:]
