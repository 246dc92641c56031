"""unlinked-outcome: an outcome that serves no goal.

A team outcome whose `goals:` is missing or empty.

Why it matters: items that serve only unlinked outcomes have no strategy
link either.

How to fix: add the company goal it moves to its `goals: [...]`, or retire
the outcome.

How to silence: Set it to `off` (or `info`, `warning`, `error`) in
board.yaml: `policy: {severity: {unlinked-outcome: off}}`.
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
