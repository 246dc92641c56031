"""Where the cursor is in a board file's YAML: in which mapping, typing a key or the value of which key.

Read from the text alone, by indentation, because the file being typed is
seldom valid YAML at that moment. A block-style file (the way people and
trioboard write them) is read exactly; a flow list (`depends_on: [a, b`) is
understood on its own line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trioboard.core.vocabulary import NODE_LISTS

_KEY_LINE = re.compile(r"^(\s*)(-\s+)?([A-Za-z_][\w-]*)\s*:(?:\s+(.*)|\s*)$")
_DASH_ONLY = re.compile(r"^(\s*)-(?:\s+(.*))?$")
_BARE = re.compile(r"^(\s*)([A-Za-z_][\w-]*)?$")


@dataclass(frozen=True, slots=True)
class Place:
    """What is being typed at the cursor."""

    path: tuple[str, ...]
    """The keys from the file's root to the mapping the cursor is in (`("roadmap",)`: an item)."""
    key: str | None
    """The key whose value is typed; None when a key itself is typed."""
    prefix: str
    """What is typed so far of the word at the cursor."""


@dataclass(frozen=True, slots=True)
class _Line:
    lead: int
    """Spaces before the line's content."""
    dash: bool
    """Whether the line starts a list entry (`- `)."""
    key_at: int
    """The column of the line's key (after `- `), or of its content."""
    key: str | None
    empty: bool
    """Whether nothing follows the key's colon (its value is on the lines below)."""


def _read(text: str) -> _Line | None:
    stripped = text.strip()
    if not stripped or stripped.startswith("#"):
        return None
    lead = len(text) - len(text.lstrip(" "))
    found = _KEY_LINE.match(text)
    if found:
        rest = (found[4] or "").strip()
        key_at = len(found[1]) + len(found[2] or "")
        return _Line(lead, bool(found[2]), key_at, found[3], not rest or rest.startswith("#"))
    dash = _DASH_ONLY.match(text)
    return _Line(lead, dash is not None, lead + 2 if dash else lead, None, False)


def ancestors(lines: list[str], row: int, want: int, *, in_list: bool = False) -> tuple[str, ...]:
    """The keys above `row` that hold a mapping whose keys are at column `want` (a list's dashes, with `in_list`)."""
    path: list[str] = []
    row -= 1
    while row >= 0 and (want > 0 or in_list):
        line = _read(lines[row])
        if line is None:
            row -= 1
            continue
        if in_list:
            if line.lead < want or (line.lead == want and not line.dash):
                if line.key is None or not line.empty:
                    return tuple(path)
                path.insert(0, line.key)
                want, in_list = line.key_at, False
                if want == 0:
                    return tuple(path)
                continue  # the key's own line may open a list entry: read it again for its mapping
            row -= 1
            continue
        if line.lead < want:
            if line.dash and line.key_at == want:
                want, in_list = line.lead, True
            elif line.key is not None and line.empty:
                path.insert(0, line.key)
                want = line.key_at
                if line.dash:
                    continue
            else:
                return tuple(path)
        row -= 1
    return tuple(path)


def place_at(lines: list[str], row: int, column: int) -> Place | None:
    """What the cursor at (row, column), both from 0 and in characters, is typing; None inside quoted text."""
    text = lines[row][:column] if row < len(lines) else ""
    found = _KEY_LINE.match(text)
    if found:
        value = found[4] or ""
        if value.startswith(("'", '"')):
            return None
        # On a `- key:` line the mapping is a list entry whose dash is at the line's indentation.
        path = ancestors(lines, row, len(found[1]), in_list=bool(found[2]))
        return Place(path, found[3], re.split(r"[\s\[,]", value)[-1])
    dash = _DASH_ONLY.match(text)
    if dash:
        holder = ancestors(lines, row, len(dash[1]), in_list=True)
        typed = (dash[2] or "").strip()
        if len(holder) == 1 and holder[0] in NODE_LISTS:
            return Place(holder, None, typed)  # a new node: its first key
        return Place(holder[:-1], holder[-1], typed) if holder else None
    bare = _BARE.match(text)
    if bare:
        return Place(ancestors(lines, row, len(bare[1])), None, bare[2] or "")
    return None
