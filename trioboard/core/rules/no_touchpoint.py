"""no-touchpoint: a team with fewer customer touchpoints in the window than the policy asks.

Counts the team's evidence files (each one touchpoint) dated in the last
`policy.discovery.window_weeks` weeks up to today, and compares them with
`touchpoints` per week over that window: "checkout: 1 touchpoint in the
last 3 weeks, policy asks 3; last on 2026-06-20". Applies only when
board.yaml has a `policy.discovery` block; today is the run's date, or
`check --today DATE` (diff and log judge each revision at its commit date).

Why it matters: a trio that stops talking to customers keeps shipping its
last guess; the roadmap loses its reasons weeks before anyone notices.

How to fix: talk to a customer and record it: `trioboard evidence add
--team T --kind interview --customer PSEUDONYM`, or `E` in the TUI.

How to silence: lower `touchpoints` or widen `window_weeks` in
`policy.discovery`, remove the block, or set it to `off` in board.yaml:
`policy: {severity: {no-touchpoint: off}}`.
"""

from __future__ import annotations

from collections.abc import Iterable

from trioboard.core.analysis import Analysis
from trioboard.core.discovery import cadence, evidence_by_team
from trioboard.core.findings import Severity
from trioboard.core.model import Board
from trioboard.core.rules.base import Draft, Rule
from trioboard.core.text import noun


def check(board: Board, analysis: Analysis) -> Iterable[Draft]:
    """Every team short of the policy's touchpoints in its window."""
    policy = board.policy.discovery
    if policy is None:
        return
    by_team = evidence_by_team(board.evidence, analysis.today)
    for team in board.teams:
        if analysis.index.get(team.id) is not team:
            continue
        found = cadence(team, by_team.get(team.id, []), analysis.today, policy.window_weeks, policy)
        if not found.short:
            continue
        weeks = "week" if policy.window_weeks == 1 else f"{policy.window_weeks} weeks"
        last = f"last on {found.last.isoformat()}" if found.last else "none recorded yet"
        yield Draft(
            f"{team.id}: {found.in_window} {noun(found.in_window, 'touchpoint')} in the last {weeks}, "
            f"policy asks {found.asked}; {last}",
            team.pos,
            (team.id,),
        )


RULE = Rule(
    "no-touchpoint",
    Severity.WARNING,
    "a team with fewer customer touchpoints in the window than policy.discovery asks",
    check,
    doc=__doc__ or "",
)
