"""Which lines of a board file the outline does not already show, and under which node.

The outline renders the fields trioboard knows from their values. Every
other line — comments, `x-` keys, unknown keys, lines with a problem, and
any line where a comment may hide after a value — is shown as written under
the node it belongs to, so a diff of two outlines never hides a changed line.
Formatting alone (quoting, flow or block lists) is not shown: the values are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from trioboard.core.model import TRIO_ROLES
from trioboard.core.schema import GOAL_KEYS, ITEM_KEYS, OPPORTUNITY_KEYS, OUTCOME_KEYS, POLICY_KEYS, TEAM_KEYS
from trioboard.core.tree import Position, PosMap, PosSeq
from trioboard.core.vocabulary import ASSUMPTION_KEYS

NodeKey = Position
"""A node is named by where its mapping starts, as the model's `pos` is."""

_BOARD_RENDERED = frozenset(("name", "goals", "policy"))
_TEAM_LISTS = {"outcomes": OUTCOME_KEYS, "opportunities": OPPORTUNITY_KEYS, "roadmap": ITEM_KEYS}
"""A team file's lists of nodes, with the keys the outline renders of each."""
_ENTRIES = {"assumptions": frozenset(key.name for key in ASSUMPTION_KEYS)}
"""Lists of mappings inside a node (an item's assumptions) whose keys the outline renders as part of that node."""


@dataclass(frozen=True, slots=True)
class _Anchor:
    line: int
    node: NodeKey
    shown: bool
    """Whether the outline renders this key's value (so its lines need not be repeated)."""


@dataclass(slots=True)
class Leftovers:
    """One node's unrendered lines: the comments that introduce it, and the lines inside it."""

    before: list[str] = field(default_factory=list)
    inside: list[str] = field(default_factory=list)


def leftover_lines(text: str, root: PosMap, team: bool, problem_lines: set[int]) -> dict[NodeKey, Leftovers]:
    """Source lines the outline does not render, by the node they belong to, in file order."""
    anchors: list[_Anchor] = []
    if team:
        _walk_node(root, TEAM_KEYS, anchors, _TEAM_LISTS, root.pos)
    else:
        _walk_head(root, anchors)
    lines = text.splitlines()
    by_line: dict[int, list[_Anchor]] = {}
    for anchor in sorted(anchors, key=lambda a: a.line):
        by_line.setdefault(anchor.line, []).append(anchor)
    starts = sorted(by_line)
    out: dict[NodeKey, Leftovers] = {}
    pending: list[str] = []  # comments waiting for the key they introduce
    current: list[_Anchor] = [_Anchor(0, root.pos, False)]
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if number in by_line:
            current = by_line[number]
            if pending:
                node = out.setdefault(current[0].node, Leftovers())
                # Comments above a node's first line introduce it; above any other key, they are inside it.
                (node.before if current[0].node[0] == number else node.inside).extend(pending)
                pending = []
        if not stripped:
            continue
        if stripped.startswith("#") and number not in by_line:
            if _before_next_anchor(number, lines, starts):
                pending.append(stripped)
            else:
                out.setdefault(current[0].node, Leftovers()).inside.append(stripped)
            continue
        shown = all(a.shown for a in current) and "#" not in line and number not in problem_lines
        if not shown:
            out.setdefault(current[0].node, Leftovers()).inside.append(stripped)
    if pending:
        out.setdefault(current[0].node, Leftovers()).inside.extend(pending)
    return out


def _before_next_anchor(number: int, lines: list[str], starts: list[int]) -> bool:
    """Whether only comments and blank lines stand between line `number` and the next key."""
    following = [s for s in starts if s > number]
    if not following:
        return False
    return all(not lines[n - 1].strip() or lines[n - 1].strip().startswith("#") for n in range(number, following[0]))


def _walk_head(root: PosMap, anchors: list[_Anchor]) -> None:
    for key in root:
        shown = key in _BOARD_RENDERED and (
            _plain(root[key]) or (key == "policy" and isinstance(root[key], PosMap)) or _nodes(root[key])
        )
        anchors.append(_Anchor(root.key_pos[key][0], root.pos, shown))
    goals = root.get("goals")
    if isinstance(goals, PosSeq):
        for goal in goals:
            if isinstance(goal, PosMap):
                _walk_node(goal, GOAL_KEYS, anchors, {}, goal.pos)
    policy = root.get("policy")
    if isinstance(policy, PosMap):
        for key in policy:
            value = policy[key]
            shown = key in POLICY_KEYS and (_plain(value) or (key == "severity" and isinstance(value, PosMap)))
            anchors.append(_Anchor(policy.key_pos[key][0], root.pos, shown))
        severity = policy.get("severity")
        if isinstance(severity, PosMap):
            for key in severity:
                anchors.append(_Anchor(severity.key_pos[key][0], root.pos, isinstance(severity[key], str)))


def _walk_node(
    node: PosMap, keys: frozenset[str], anchors: list[_Anchor], children: dict[str, frozenset[str]], at: NodeKey
) -> None:
    for key in node:
        value = node[key]
        entries = key in _ENTRIES and key in keys and _nodes(value)
        shown = key in keys and (
            _plain(value)
            or (key in children and _nodes(value))
            or (key == "trio" and isinstance(value, PosMap))
            or entries
        )
        anchors.append(_Anchor(node.key_pos[key][0], at, shown))
        if entries and isinstance(value, PosSeq):
            for entry in value:
                assert isinstance(entry, PosMap)
                anchors += [_Anchor(entry.key_pos[k][0], at, k in _ENTRIES[key] and _plain(entry[k])) for k in entry]
        elif key in children and isinstance(value, PosSeq):
            for child in value:
                if isinstance(child, PosMap):
                    _walk_node(child, children[key], anchors, {}, child.pos)
        elif key == "trio" and isinstance(value, PosMap):
            for role in value:
                anchors.append(_Anchor(value.key_pos[role][0], at, role in TRIO_ROLES))


def _plain(value: object) -> bool:
    """A scalar or a list of scalars: a value the outline renders whole."""
    if isinstance(value, PosSeq):
        return all(not isinstance(v, (PosMap, PosSeq)) for v in value)
    return not isinstance(value, PosMap)


def _nodes(value: object) -> bool:
    """A list of mappings: nodes, each walked on its own."""
    return isinstance(value, PosSeq) and all(isinstance(v, PosMap) for v in value)
