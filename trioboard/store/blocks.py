"""Line-level edits of block YAML: cutting a node with its comments, pasting it elsewhere.

ruamel.yaml attaches a comment that stands above a list item to the end of
the item before it, so removing or moving a node through the round-trip
document would take the wrong comments along. A node in block style is a
run of lines, though: its first line, the lines indented deeper than it,
and the comment lines directly above it (no blank line between). Cutting
and pasting those lines keeps every comment with the node it describes and
leaves the neighbours' comments where they were.
"""

from __future__ import annotations

from dataclasses import dataclass

from trioboard.core.tree import PosMap, PosSeq


@dataclass(frozen=True, slots=True)
class Block:
    """Lines [first, last] (0-based, inclusive) of one node, and the column its dash or key is at."""

    first: int
    last: int
    column: int


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def extent(lines: list[str], start: int, column: int, *, key: bool = False) -> Block:
    """The block starting at line `start` whose dash (or key) is at `column`.

    It runs while lines are blank, comments, or indented deeper than
    `column`, and ends at its last line of content: trailing comments and
    blank lines stay with whatever follows. A key's block also takes an
    indentless sequence (`- a` at the key's own column) below it.
    """
    last = start
    for n in range(start + 1, len(lines)):
        line = lines[n]
        if not _is_content(line):
            continue
        depth = _indent(line)
        if depth > column or (key and depth == column and line.lstrip(" ").startswith("- ")):
            last = n
            continue
        break
    first = start
    while first > 0 and lines[first - 1].strip().startswith("#"):
        first -= 1
    return Block(first, last, column)


def entry_block(lines: list[str], seq: PosSeq, index: int) -> Block | None:
    """The block of the `index`-th entry of a block sequence; None when it is flow style."""
    line, col = seq.item_pos[index]
    text = lines[line - 1]
    dash = text.rfind("-", 0, col - 1)
    if dash < 0 or text[:dash].strip() or text[dash + 1 : col - 1].strip():
        return None
    block = extent(lines, line - 1, dash)
    siblings = [pos[0] - 1 for n, pos in enumerate(seq.item_pos) if n != index]
    if any(block.first <= s <= block.last for s in siblings):
        return None
    return block


def key_block(lines: list[str], mapping: PosMap, key: str) -> Block | None:
    """The lines of one key of a block mapping and its value; None in flow style."""
    line, col = mapping.key_pos[key]
    block = extent(lines, line - 1, col - 1, key=True)
    own_first = line - 1
    others = [pos[0] - 1 for k, pos in mapping.key_pos.items() if k != key]
    if any(own_first <= other <= block.last for other in others):
        return None
    # A key's comments above it may be notes on its section: keep them.
    return Block(own_first, block.last, block.column)


def cut(lines: list[str], block: Block) -> tuple[list[str], list[str]]:
    """The lines without the block, and the block's lines.

    A blank line that separated the block from what follows goes with it
    when nothing (or another blank line, or the list's key) is left above,
    so a removal leaves no double or leading gap.
    """
    end = block.last + 1
    before = lines[block.first - 1] if block.first > 0 else ""
    if end < len(lines) - 1 and not lines[end].strip() and (not before.strip() or before.rstrip().endswith(":")):
        end += 1
    return lines[: block.first] + lines[end:], lines[block.first : block.last + 1]


def reindent(block_lines: list[str], delta: int) -> list[str]:
    """Shift lines right (`delta` > 0) or left, never removing more than their own indentation."""
    if delta >= 0:
        return [(" " * delta + line) if line.strip() else line for line in block_lines]
    return [line[min(-delta, _indent(line)) :] for line in block_lines]
