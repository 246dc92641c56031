"""Completion: keys where they may go, values of closed sets, ids of the right kind with their titles."""

from __future__ import annotations

from lsprotocol import types

from trioboard.core.evidence import split_front_matter
from trioboard.core.model import Board
from trioboard.core.rules import RULE_NAMES
from trioboard.core.schema import SEVERITY_LEVELS
from trioboard.core.tree import Problem
from trioboard.core.vocabulary import (
    ASSUMPTION_KEYS,
    BOARD_FILE,
    BOARD_KEYS,
    EVIDENCE_KEYS,
    KINDS,
    NODE_LISTS,
    SUB_KEYS,
    Key,
    Kind,
    ValueType,
    is_evidence_file,
)
from trioboard.lsp.context import Place, place_at


def keys_in(file: str, path: tuple[str, ...]) -> tuple[Key, ...] | None:
    """The keys a mapping at `path` in `file` may hold; None when the place holds no known mapping.

    Below a file's root and its lists of nodes, a mapping is the value of a
    key of its parent (a trio, the policy, a measure, an impact, freshness).
    """
    board = file == BOARD_FILE
    if not path:
        return BOARD_KEYS if board else EVIDENCE_KEYS if is_evidence_file(file) else KINDS[Kind.TEAM].keys
    if len(path) == 1 and not is_evidence_file(file):
        kind = NODE_LISTS.get(path[0])
        if kind is not None and (KINDS[kind].file == BOARD_FILE) == board:
            return KINDS[kind].keys
    parent = keys_in(file, path[:-1])
    key = next((k for k in parent or () if k.name == path[-1]), None)
    if key is not None and key.type is ValueType.ASSUMPTIONS:
        return ASSUMPTION_KEYS  # each entry of an item's `assumptions:` is a mapping of these
    return SUB_KEYS.get(key.type) if key is not None else None


def _key_items(keys: tuple[Key, ...]) -> list[types.CompletionItem]:
    return [
        types.CompletionItem(
            label=key.name,
            kind=types.CompletionItemKind.Property,
            detail=f"{key.type.value}{', required' if key.required else ''}",
            insert_text=f"{key.name}: ",
        )
        for key in keys
    ]


def _values(values: tuple[str, ...], detail: str) -> list[types.CompletionItem]:
    return [types.CompletionItem(label=v, kind=types.CompletionItemKind.EnumMember, detail=detail) for v in values]


def _ids(board: Board, kind: Kind) -> list[types.CompletionItem]:
    return [
        types.CompletionItem(
            label=node.id,
            kind=types.CompletionItemKind.Reference,
            detail=node.title,
            documentation=f"{kind.value} of team {node.team}" if hasattr(node, "team") else kind.value,
        )
        for node in board.nodes_of(kind)
    ]


def complete(place: Place, file: str, board: Board) -> list[types.CompletionItem]:
    """The completions for what is typed at `place` in `file`."""
    if place.path == ("policy",) and place.key == "severity":
        return []
    if place.path == ("policy", "severity"):
        if place.key is None:
            return [
                types.CompletionItem(label=r, kind=types.CompletionItemKind.Property, insert_text=f"{r}: ")
                for r in sorted(RULE_NAMES)
            ]
        return _values(SEVERITY_LEVELS, "severity")
    keys = keys_in(file, place.path)
    if keys is None:
        return []
    if place.key is None:
        return _key_items(keys)
    key = next((k for k in keys if k.name == place.key), None)
    if key is None:
        return []
    if key.type is ValueType.CHOICE:
        return _values(key.choices, f"{key.name} (default: {key.default})" if key.default else key.name)
    if key.type is ValueType.REFS and key.target is not None:
        return _ids(board, key.target)
    if key.type is ValueType.REF and key.target is not None:
        # An `impact.outcome` may name only an outcome with a measure.
        measured = {o.id for o in board.outcomes() if o.measure is not None}
        return [item for item in _ids(board, key.target) if key.target is not Kind.OUTCOME or item.label in measured]
    if key.type is ValueType.ASSUMPTIONS:
        return _key_items(ASSUMPTION_KEYS)  # a new entry of the list: its first key
    return []


def completions(lines: list[str], row: int, column: int, file: str, board: Board) -> list[types.CompletionItem]:
    """The completions at (row, column) (from 0, in characters) of `file`, whose text is `lines`."""
    if is_evidence_file(file):
        front = split_front_matter("\n".join(lines))
        typing_it = isinstance(front, Problem) and front.rule == "parse-error" and row > 0  # not closed yet
        if not typing_it and (isinstance(front, Problem) or not 0 < row < front.body_line - 2):
            return []  # only the front matter is YAML; the body is the trio's notes
    place = place_at(lines, row, column)
    return [] if place is None else complete(place, file, board)
