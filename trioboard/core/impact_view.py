"""What `trioboard impact` and the TUI's Impact view show: every measure, where it stands, what moves it.

Built from the board, the check-in series read from git (the workspace
reads them) and the day the board is judged at. For `--team T`: the team's
outcomes and the goals they serve; the items expected to move a measure are
all of them, from whichever team; the calibration is the team's.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from trioboard.core.calibration import Calibration, by_team
from trioboard.core.impact import Standing, standing
from trioboard.core.model import Board, Goal, Item, Measure, Outcome
from trioboard.core.results import CheckIn


@dataclass(frozen=True, slots=True)
class MeasureView:
    """One measured goal or outcome."""

    node: Goal | Outcome
    measure: Measure
    standing: Standing
    series: list[CheckIn]
    """Its check-ins from git, oldest first."""
    movers: list[Item]
    """The items whose `impact.outcome` names it, in board order."""
    days_old: int | None
    """How many days before the view's day `current` was measured (`as_of`); None when not said."""
    stale: bool
    """Older than `policy.freshness.measure_days` allows (what `stale-measure` finds)."""

    @property
    def team(self) -> str | None:
        """The outcome's team; None for a goal."""
        return self.node.team if isinstance(self.node, Outcome) else None


@dataclass(frozen=True, slots=True)
class ImpactView:
    """Every measure on the board (or a team's), what has none yet, and the calibration."""

    board: str
    today: datetime.date
    team: str | None
    measures: list[MeasureView]
    unmeasured: list[Goal | Outcome]
    calibration: list[Calibration]
    history: bool = True
    """Whether the series were read from git: False for a board outside git, which has no history to read."""


def build(
    board: Board,
    series: dict[str, list[CheckIn]] | None,
    today: datetime.date,
    team: str | None = None,
) -> ImpactView:
    """The view of `board` judged at `today`, with each measure's `series` (by its id; None: no git history)."""
    history = series is not None
    series = series or {}
    teams = [t for t in board.teams if team is None or t.id == team]
    outcomes = [o for t in teams for o in t.outcomes]
    served = {ref.id for o in outcomes for ref in o.goals}
    goals = [g for g in board.goals if team is None or g.id in served]
    movers: dict[str, list[Item]] = {}
    for item in board.items():
        if item.impact is not None and item.impact.outcome is not None:
            movers.setdefault(item.impact.outcome.id, []).append(item)
    nodes: list[Goal | Outcome] = [*goals, *outcomes]
    limit = board.policy.freshness.measure_days
    measures = []
    for node in nodes:
        measure = node.measure
        if measure is None:
            continue
        age = None if measure.as_of is None or measure.current is None else (today - measure.as_of).days
        stale = age is not None and age > limit
        found = series.get(node.id, [])
        measures.append(MeasureView(node, measure, standing(measure), found, movers.get(node.id, []), age, stale))
    unmeasured = [node for node in nodes if node.measure is None]
    calibration = by_team({t.id: t.items for t in teams})
    return ImpactView(board.name, today, team, measures, unmeasured, calibration, history)
