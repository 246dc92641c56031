"""Places in a board file's text, as the protocol counts them.

The board's positions count lines and characters from 1; the protocol counts
from 0 and, by default, in UTF-16 code units. Ids are ASCII, so only what
stands before one on its line needs converting.
"""

from __future__ import annotations

import re

from lsprotocol import types

_ID_CHARS = re.compile(r"[a-z0-9-]+")
_TOKEN = re.compile(r"""[^\s:,\[\]{}#"']+""")


def utf16_length(text: str) -> int:
    """How many UTF-16 code units `text` takes."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def lsp_position(lines: list[str], line: int, column: int) -> types.Position:
    """The protocol's position of the board's (line, column), both counted from 1."""
    row = max(line - 1, 0)
    text = lines[row] if row < len(lines) else ""
    return types.Position(row, utf16_length(text[: max(column - 1, 0)]))


def column_of(lines: list[str], position: types.Position) -> int:
    """The character index (from 0) in its line of a protocol position."""
    text = lines[position.line] if position.line < len(lines) else ""
    units = 0
    for index, ch in enumerate(text):
        if units >= position.character:
            return index
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def token_range(lines: list[str], line: int, column: int) -> types.Range:
    """The range of the word that starts at the board's (line, column), past an opening quote."""
    start = lsp_position(lines, line, column)
    row = max(line - 1, 0)
    text = lines[row] if row < len(lines) else ""
    index = max(column - 1, 0)
    if index < len(text) and text[index] in "\"'":
        index += 1
        start = types.Position(start.line, start.character + 1)
    found = _TOKEN.match(text, index)
    width = utf16_length(found.group()) if found else 0
    return types.Range(start, types.Position(start.line, start.character + width))


def id_range(lines: list[str], line: int, column: int, node_id: str) -> types.Range:
    """The range of `node_id` written at the board's (line, column) (after a quote, if quoted)."""
    start = lsp_position(lines, line, column)
    row = max(line - 1, 0)
    text = lines[row] if row < len(lines) else ""
    index = max(column - 1, 0)
    if index < len(text) and text[index] in "\"'":
        start = types.Position(start.line, start.character + 1)
    return types.Range(start, types.Position(start.line, start.character + len(node_id)))


def id_definition(lines: list[str], line: int, node_id: str) -> types.Range | None:
    """Where the `id: node_id` of a node whose mapping starts on `line` (from 1) is written."""
    pattern = re.compile(r"""(?:^|[\s{,])id\s*:\s*["']?(""" + re.escape(node_id) + r""")["']?\s*(?:$|[,}#])""")
    for row in range(max(line - 1, 0), min(len(lines), line + 200)):
        found = pattern.search(lines[row])
        if found:
            start = utf16_length(lines[row][: found.start(1)])
            return types.Range(types.Position(row, start), types.Position(row, start + len(node_id)))
    return None


def id_at(lines: list[str], position: types.Position) -> str | None:
    """The id-shaped word under the cursor, if any."""
    if position.line >= len(lines):
        return None
    text = lines[position.line]
    index = column_of(lines, position)
    for found in _ID_CHARS.finditer(text):
        if found.start() <= index <= found.end():
            return found.group()
    return None


def word_before(text: str) -> str:
    """The partial word typed just before the cursor (`text` is the line up to it)."""
    found = re.search(r"[A-Za-z0-9_-]*$", text)
    return found.group() if found else ""
