"""unsupported-goal: a goal that no outcome serves.

A company goal that no team's outcome lists in its `goals:`.

Why it matters: a goal no team has taken on will not move.

How to fix: have a team adopt it with an outcome, or remove it: it is not
really a goal this half.

How to silence: Set it to `off` (or `info`, `warning`, `error`) in
board.yaml: `policy: {severity: {unsupported-goal: off}}`.
"""

from __future__ import annotations

from collections.abc import Iterable

from trioboard.core.analysis import Analysis
from trioboard.core.findings import Severity
from trioboard.core.model import Board
from trioboard.core.rules.base import Draft, Rule


def check(board: Board, analysis: Analysis) -> Iterable[Draft]:
    """Every goal without an outcome."""
    for goal_id, outcomes in analysis.goal_outcomes.items():
        if not outcomes:
            yield Draft(f"no outcome serves goal {goal_id}", analysis.index[goal_id].pos, (goal_id,))


RULE = Rule("unsupported-goal", Severity.WARNING, "a goal that no outcome serves", check, doc=__doc__ or "")
