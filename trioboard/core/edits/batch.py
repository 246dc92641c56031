"""Several additions planned as one edit: an import's teams, outcomes and items in one commit.

Each operation is checked as `plan` checks it alone, against the board as
the ones before it leave it: a team added first can take outcomes, an item
can depend on an item added before it. Nothing here reads or writes a file.
"""

from __future__ import annotations

from collections.abc import Sequence

from trioboard.core.edits.operations import AddGoal, AddItem, AddOutcome, AddTeam
from trioboard.core.edits.plan import BoardIndex, plan
from trioboard.core.edits.steps import Plan, Step
from trioboard.core.errors import Refused
from trioboard.core.model import Goal, Item, Node, Outcome, Pos, Ref, Team
from trioboard.core.vocabulary import BOARD_FILE, team_file

Addition = AddGoal | AddTeam | AddOutcome | AddItem
"""The operations a batch takes: additions only, so each one's steps apply after the ones before."""


def plan_many(ops: Sequence[Addition], index: BoardIndex, message: str) -> Plan:
    """Check every addition in order and join their steps into one plan with `message`.

    Raises Refused naming the first operation that does not fit (nothing is
    written); `index` learns each new node as it is planned.
    """
    if not ops:
        raise Refused("nothing to add")
    steps: list[Step] = []
    for op in ops:
        steps += plan(op, index).steps
        node = _node(op, index)
        index.nodes[node.id] = node
        if isinstance(node, Team):
            index.teams[node.id] = node
    return Plan(message, tuple(steps))


def _node(op: Addition, index: BoardIndex) -> Node:
    """The model node `op` adds, as far as later operations of the batch look at it."""
    if isinstance(op, AddGoal):
        return Goal(op.id, op.title, Pos(BOARD_FILE, 0, 0))
    if isinstance(op, AddTeam):
        return Team(op.id, op.name, Pos(team_file(op.id), 0, 0))
    where = Pos(index.teams[op.team].pos.file, 0, 0)
    if isinstance(op, AddOutcome):
        return Outcome(op.id, op.title, op.team, where, [Ref(g, where) for g in op.goals])
    return Item(
        op.id,
        op.title,
        op.team,
        where,
        [Ref(o, where) for o in op.outcomes],
        depends_on=[Ref(d, where) for d in op.depends_on],
    )
