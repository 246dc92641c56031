"""unlinked-outcome: an outcome that serves no goal.

A team outcome should say which company goal it moves (`goals: [...]`).
Items that serve only unlinked outcomes have no strategy link either.
"""

from __future__ import annotations

from collections.abc import Iterable

from trioboard.core.analysis import Analysis
from trioboard.core.findings import Severity
from trioboard.core.model import Board
from trioboard.core.rules.base import Draft, Rule


def check(board: Board, analysis: Analysis) -> Iterable[Draft]:
    """Every outcome without a goal."""
    for outcome_id, reason in analysis.unlinked_outcomes.items():
        yield Draft(f"outcome {outcome_id} serves no goal: {reason}", analysis.index[outcome_id].pos, (outcome_id,))


RULE = Rule("unlinked-outcome", Severity.WARNING, "an outcome that serves no goal", check, doc=__doc__ or "")
