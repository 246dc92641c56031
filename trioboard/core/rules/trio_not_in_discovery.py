"""trio-not-in-discovery: a team whose touchpoints in the window never had its design or engineering member.

With `whole_trio: true` in `policy.discovery` (the default), each team's
evidence files dated in the last `window_weeks` weeks are read for who took
part (`with:`, names as written in the team's trio; case and spacing do not
matter). A design or engineering member named in the trio who took part in
none of them is reported. A team with no touchpoints in the window is left
to `no-touchpoint`, and a missing role to `incomplete-trio`.

Why it matters: discovery the product manager does alone reaches the
designer and the engineers as a summary; the trio decides together only
when they heard the customer together.

How to fix: bring the designer or the engineering lead to the next
interview and list them in `with:`; write their names as the trio has them.

How to silence: set `whole_trio: false` in `policy.discovery`, or set the
rule to `off` in board.yaml: `policy: {severity: {trio-not-in-discovery:
off}}`.
"""

from __future__ import annotations

from collections.abc import Iterable

from trioboard.core.analysis import Analysis
from trioboard.core.discovery import cadence, evidence_by_team
from trioboard.core.findings import Severity
from trioboard.core.model import Board
from trioboard.core.rules.base import Draft, Rule
from trioboard.core.vocabulary import TrioRole


def check(board: Board, analysis: Analysis) -> Iterable[Draft]:
    """Every team whose design or engineering member took part in none of the window's touchpoints."""
    policy = board.policy.discovery
    if policy is None or not policy.whole_trio:
        return
    by_team = evidence_by_team(board.evidence, analysis.today)
    for team in board.teams:
        if analysis.index.get(team.id) is not team or team.id not in by_team:
            continue
        found = cadence(team, by_team[team.id], analysis.today, policy.window_weeks, policy)
        if not found.absent:
            continue
        who = " and ".join(f"{TrioRole(part.role).words} ({part.name})" for part in found.absent)
        weeks = "week" if policy.window_weeks == 1 else f"{policy.window_weeks} weeks"
        if found.in_window == 1:
            what = f"did not take part in its one touchpoint in the last {weeks}"
        else:
            what = f"took part in none of its {found.in_window} touchpoints in the last {weeks}"
        yield Draft(
            f"{team.id}: its {who} {what}",
            team.pos,
            (team.id,),
        )


RULE = Rule(
    "trio-not-in-discovery",
    Severity.INFO,
    "with whole_trio, a team whose touchpoints in the window never had its design or engineering member",
    check,
    doc=__doc__ or "",
)
