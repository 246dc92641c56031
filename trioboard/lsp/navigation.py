"""Definition, references, rename and the outline of a file: every id across the board's files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lsprotocol import types

from trioboard.core.analysis import Analysis
from trioboard.core.model import Board, Item, Node, Team, refs_of
from trioboard.core.text import is_id
from trioboard.core.vocabulary import ID_RULE, Kind, team_file
from trioboard.lsp.positions import id_definition, id_range, lsp_position

Lines = Callable[[str], list[str]]
"""Board-relative path → the file's lines as the editor has them."""


@dataclass(frozen=True, slots=True)
class Place:
    """A range in a board file."""

    file: str
    range: types.Range


class RenameRefused(Exception):
    """A rename that would break the board; the message says why."""


def definition(node: Node, lines: Lines) -> Place:
    """Where a node's id is defined: its `id:` value, or the start of its mapping."""
    text = lines(node.pos.file)
    found = id_definition(text, node.pos.line, node.id)
    if found is None:
        start = lsp_position(text, node.pos.line, node.pos.column)
        found = types.Range(start, start)
    return Place(node.pos.file, found)


def references(board: Board, node_id: str, lines: Lines) -> list[Place]:
    """Every link that names `node_id` (a `parent:` too), in file order."""
    out = []
    for node in board.nodes():
        for refs in refs_of(node).values():
            for ref in refs:
                if ref.id == node_id:
                    out.append(
                        Place(ref.pos.file, id_range(lines(ref.pos.file), ref.pos.line, ref.pos.column, node_id))
                    )
        impact = node.impact if isinstance(node, Item) else None
        if impact is not None and impact.outcome is not None and impact.outcome.id == node_id:
            at = impact.outcome.pos  # an item's `impact.outcome` names an outcome too
            out.append(Place(at.file, id_range(lines(at.file), at.line, at.column, node_id)))
    return out


def rename(board: Board, analysis: Analysis, old: str, new: str, lines: Lines, *, files: bool = False) -> list[Place]:
    """The places to rewrite to rename `old` to `new` everywhere; `RenameRefused` says why not.

    A team's id is also its file's name: renaming one needs the editor to
    rename the file in the same edit (`files`), else it is refused.
    """
    node = analysis.index.get(old)
    if node is None:
        raise RenameRefused(f"no node has the id '{old}'")
    if not is_id(new):
        raise RenameRefused(f"'{new}' is not a valid id: {ID_RULE}")
    if new == old:
        return []
    if new in analysis.index:
        taken = analysis.index[new]
        raise RenameRefused(f"the id '{new}' is taken by {taken.kind.value} {new} ({taken.pos.file}:{taken.pos.line})")
    if isinstance(node, Team):
        if not files:
            raise RenameRefused(
                f"a team's id is its file name, and this editor cannot rename {node.pos.file} in an edit"
            )
        if team_file(new) in board.files:
            raise RenameRefused(f"{team_file(new)} exists already")
    if any(other.id == old and other is not node for other in board.nodes()):
        raise RenameRefused(f"the id '{old}' is defined more than once; fix the duplicate first")
    return [definition(node, lines), *references(board, old, lines)]


_SYMBOL_KINDS = {
    Kind.GOAL: types.SymbolKind.Constant,
    Kind.TEAM: types.SymbolKind.Module,
    Kind.OUTCOME: types.SymbolKind.Event,
    Kind.OPPORTUNITY: types.SymbolKind.Interface,
    Kind.ITEM: types.SymbolKind.Field,
}


def _symbol(node: Node, lines: list[str], end_line: int, children: list[types.DocumentSymbol]) -> types.DocumentSymbol:
    start = lsp_position(lines, node.pos.line, 1)
    last = max(end_line, start.line)
    whole = types.Range(start, types.Position(last, len(lines[last]) if last < len(lines) else 0))
    chosen = id_definition(lines, node.pos.line, node.id) or types.Range(start, start)
    return types.DocumentSymbol(
        name=node.id,
        detail=node.title,
        kind=_SYMBOL_KINDS[node.kind],
        range=whole,
        selection_range=chosen if whole.start.line <= chosen.start.line <= last else types.Range(start, start),
        children=children or None,
    )


def _ends(nodes: list[Node], total: int) -> dict[int, int]:
    """For each node (by position in `nodes`), the last line (from 0) before the next node starts."""
    starts = [node.pos.line - 1 for node in nodes]
    return {n: (starts[n + 1] - 1 if n + 1 < len(nodes) else total - 1) for n in range(len(nodes))}


def symbols(board: Board, file: str, lines: list[str]) -> list[types.DocumentSymbol]:
    """The outline of one file: its goals, or its team with the team's outcomes, opportunities and items."""
    total = len(lines)
    team = next((t for t in board.teams if t.pos.file == file), None)
    if team is None:
        goals: list[Node] = [g for g in board.goals if g.pos.file == file]
        ends = _ends(goals, total)
        return [_symbol(goal, lines, ends[n], []) for n, goal in enumerate(goals)]
    children: list[Node] = sorted([*team.outcomes, *team.opportunities, *team.items], key=lambda node: node.pos.line)
    ends = _ends(children, total)
    inner = [_symbol(node, lines, ends[n], []) for n, node in enumerate(children)]
    return [_symbol(team, lines, total - 1, inner)]
