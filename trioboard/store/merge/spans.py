"""Where a node or field is written, on lines, and its value for comparing and showing.

A node or field's text from its key or dash on, shifted to column 0, is what
says whether a side touched it: equal text means untouched.
"""

from __future__ import annotations

from dataclasses import dataclass

from trioboard.core.tree import PosMap, PosSeq, Typed
from trioboard.store import blocks


class _Fallback(Exception):
    """This file cannot be merged node by node: use git's line merge."""


class _Escalate(Exception):
    """This part cannot be edited on its own lines: merge the enclosing node whole."""


@dataclass(slots=True)
class _Version:
    """One side: its lines (LF, no BOM) and positioned tree."""

    lines: list[str]
    tree: PosMap


# -- values, for comparing and for showing ---------------------------------------------


def _plain(value: object) -> object:
    """A value with positions dropped, for equality."""
    if isinstance(value, PosMap):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, PosSeq):
        return [_plain(v) for v in value]
    if isinstance(value, Typed):
        return value.text
    return value


def show(value: object, limit: int = 60) -> str:
    """A value on one line, as a person reads it in a conflict report."""
    plain = _plain(value)
    if isinstance(value, Typed):
        text = value.text  # a number reads as a number (64.5), never as text ('64.5')
    elif plain is _ABSENT:
        text = "(removed)"
    elif plain is None:
        text = "(empty)"
    elif isinstance(plain, str):
        text = repr(plain) if plain else "''"
    elif isinstance(plain, list):
        text = "[" + ", ".join(str(v) for v in plain) + "]"
    elif isinstance(plain, dict):
        text = "{" + ", ".join(f"{k}: {v}" for k, v in plain.items()) + "}"
    else:
        text = str(plain)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_ABSENT = object()


# -- spans: where a field or node is, on lines ------------------------------------------


@dataclass(frozen=True, slots=True)
class _Span:
    """Lines [first, last] holding a node or field; `column` is where its key or dash is."""

    first: int
    last: int
    column: int
    head: int
    """The line of the key or dash itself (after any comment lines above it)."""


def _key_span(version: _Version, mapping: PosMap, key: str) -> _Span:
    line, col = mapping.key_pos[key]
    block = blocks.extent(version.lines, line - 1, col - 1, key=True)
    for other, pos in mapping.key_pos.items():
        if other != key and line - 1 <= pos[0] - 1 <= block.last:
            raise _Escalate  # flow style, or several keys on one line
    return _Span(line - 1, block.last, col - 1, line - 1)


def _entry_spans(version: _Version, seq: PosSeq) -> list[_Span]:
    """The span of every entry of a block sequence, with the comments above each."""
    lines = version.lines
    spans = []
    for n, (line, col) in enumerate(seq.item_pos):
        text = lines[line - 1]
        dash = text.rfind("-", 0, col - 1)
        if dash < 0 or text[:dash].strip() or text[dash + 1 : col - 1].strip():
            raise _Escalate  # flow style
        block = blocks.extent(lines, line - 1, dash)
        if n + 1 < len(seq.item_pos) and seq.item_pos[n + 1][0] - 1 <= block.last:
            raise _Escalate
        spans.append(_Span(block.first, block.last, dash, line - 1))
    return spans


def _text_of(version: _Version, span: _Span) -> tuple[str, ...]:
    """A span's lines from its key or dash on, shifted to column 0: equal text means untouched."""
    lines = version.lines
    first = lines[span.head][span.column :]
    rest = [
        line[min(span.column, len(line) - len(line.lstrip(" "))) :] for line in lines[span.head + 1 : span.last + 1]
    ]
    above = [line.strip() for line in lines[span.first : span.head]]
    return (*above, first, *rest)


def _ids(seq: PosSeq) -> list[str]:
    ids = []
    for entry in seq:
        if not isinstance(entry, PosMap) or not isinstance(entry.get("id"), str):
            raise _Escalate
        ids.append(str(entry["id"]))
    if len(set(ids)) != len(ids):
        raise _Escalate
    return ids
