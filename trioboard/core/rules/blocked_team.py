"""blocked-team: a team that is blocked, with every reason and root cause.

A team is blocked when it says so (`blocked:`), when one of its `now` items
is blocked (the chain names each root cause and the team that owns it), or
when it has no clarity: none of its outcomes serves a goal and none of its
active items is aligned, so it cannot tell what to work on next. A team that
only does work for other teams' outcomes has clarity through those items.
A team whose only reason is that it has no clarity is said to have none
("team X has no clarity: …"), never to be blocked: it waits on no one.

Why it matters: a blocked team cannot do what it planned now, or cannot
tell what to work on next; leaders need to see it before the review.

How to fix: resolve the root cause named (often in another team), clear the
team's `blocked:` when it no longer holds, or tie its outcomes to goals.

How to silence: Set it to `off` (or `info`, `warning`, `error`) in
board.yaml: `policy: {severity: {blocked-team: off}}`.
"""

from __future__ import annotations

from collections.abc import Iterable

from trioboard.core.analysis import Analysis, clarity_only
from trioboard.core.findings import Severity
from trioboard.core.model import Board
from trioboard.core.rules.base import Draft, Rule


def check(board: Board, analysis: Analysis) -> Iterable[Draft]:
    """One finding per blocked team, naming every reason."""
    for team_id, reasons in analysis.team_blocks.items():
        team = analysis.index[team_id]
        roots = {chain.cause.id for reason in reasons for chain in reason.chains}
        text = "; ".join(reason.text for reason in reasons)
        said = f"team {team_id} has {text}" if clarity_only(reasons) else f"team {team_id} is blocked: {text}"
        yield Draft(said, team.pos, (team_id, *sorted(roots)))


RULE = Rule(
    "blocked-team",
    Severity.WARNING,
    "a blocked team, with every reason and root cause",
    check,
    doc=__doc__ or "",
)
