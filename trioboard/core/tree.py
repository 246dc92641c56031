"""The raw YAML tree of one board file, with the position of every node.

`store` parses a file into these types and `core.schema` turns them into the
model. They are plain containers so the fast loader can build them cheaply:
a mapping is a `dict`, a sequence a `list`, a scalar a Python value, and the
positions live beside the values rather than wrapped around each one.
"""

from __future__ import annotations

from dataclasses import dataclass

Position = tuple[int, int]
"""(line, column), both counted from 1 as editors and linters show them."""


class PosMap(dict[str, object]):
    """A YAML mapping with string keys and the position of each key and value."""

    __slots__ = ("key_pos", "pos", "value_pos")

    def __init__(self, pos: Position) -> None:
        super().__init__()
        self.pos = pos
        """Where the mapping starts (its first key, for a block mapping)."""
        self.key_pos: dict[str, Position] = {}
        self.value_pos: dict[str, Position] = {}


class PosSeq(list[object]):
    """A YAML sequence and the position of each element."""

    __slots__ = ("item_pos", "pos")

    def __init__(self, pos: Position) -> None:
        super().__init__()
        self.pos = pos
        self.item_pos: list[Position] = []


@dataclass(frozen=True, slots=True)
class Typed:
    """A plain scalar that YAML 1.2 reads as a number or a boolean.

    The source text is kept so that a free-text field (`title: 2027`) reads
    as the person wrote it, while a field that wants a number can have one.
    """

    text: str
    kind: str
    """One of "int", "float" or "bool"."""


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in a file, found while reading it."""

    rule: str
    """`parse-error` or `schema`."""
    message: str
    line: int
    column: int
    ids: tuple[str, ...] = ()


@dataclass(slots=True)
class SourceFile:
    """One board file as read: its tree (None when unreadable) and its problems."""

    path: str
    """Relative to the board directory, with forward slashes: `teams/checkout.yaml`."""
    tree: object
    problems: list[Problem]
    body_chars: int = 0
    """For an evidence file: the characters of its body (the tree is its front matter's)."""
