"""wip-limit: a team with more `now` items than `policy.wip_limit`.

Counts the team's active items (planned or in progress) with horizon `now`.
Off unless board.yaml sets `policy: {wip_limit: N}`.

Why it matters: a team that starts everything at once finishes little.

How to fix: move items to `next`, or finish some first.

How to silence: remove `wip_limit` from the policy, or set it to `off` (or
`info`, `warning`, `error`) in board.yaml: `policy: {severity: {wip-limit:
off}}`.
"""

from __future__ import annotations

from collections.abc import Iterable

from trioboard.core.analysis import Analysis
from trioboard.core.findings import Severity
from trioboard.core.model import Board
from trioboard.core.rules.base import Draft, Rule


def check(board: Board, analysis: Analysis) -> Iterable[Draft]:
    """Every team over the limit."""
    limit = board.policy.wip_limit
    if limit is None:
        return
    for team in board.teams:
        if analysis.index.get(team.id) is not team:
            continue
        now = [i.id for i in team.items if i.active and i.horizon == "now" and analysis.index.get(i.id) is i]
        if len(now) > limit:
            yield Draft(
                f"team {team.id} has {len(now)} now items, over the WIP limit of {limit}",
                team.pos,
                (team.id,),
            )


RULE = Rule(
    "wip-limit",
    Severity.WARNING,
    "a team with more now items than policy.wip_limit",
    check,
    doc=__doc__ or "",
)
