"""unmeasured-outcome: an outcome that serves a goal and has no `measure`.

An outcome tied to a company goal with nothing that says how the trio will
know it moved: no `measure:` with a metric, a baseline and a target. Off
until the board's policy turns it on, so existing boards keep their
findings.

Why it matters: an outcome that is not measured cannot be reached, only
worked on; the roadmap under it can ship everything and move nothing.

How to fix: give it a measure: `trioboard edit measure OUTCOME --metric M
--baseline B --target T`, or write `measure:` under the outcome in its team
file.

How to silence: It is off by default; once turned on, set it back to `off`
(or `info`, `warning`, `error`) in board.yaml: `policy: {severity:
{unmeasured-outcome: off}}`.
"""

from __future__ import annotations

from collections.abc import Iterable

from trioboard.core.analysis import Analysis
from trioboard.core.findings import Severity
from trioboard.core.model import Board
from trioboard.core.rules.base import Draft, Rule


def check(board: Board, analysis: Analysis) -> Iterable[Draft]:
    """Every outcome that serves a goal without a measure."""
    for outcome in board.outcomes():
        if analysis.index.get(outcome.id) is not outcome or outcome.measure is not None:
            continue
        if analysis.outcome_goals.get(outcome.id):
            yield Draft(f"outcome {outcome.id} serves a goal and has no measure", outcome.pos, (outcome.id,))


RULE = Rule(
    "unmeasured-outcome",
    Severity.WARNING,
    "an outcome that serves a goal and has no measure",
    check,
    doc=__doc__ or "",
    off_by_default=True,
)
