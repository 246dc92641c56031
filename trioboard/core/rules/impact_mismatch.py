"""impact-mismatch: an item's `impact.outcome` it does not serve, or one with no measure.

The outcome an item's `impact:` names must be one of the item's own
`outcomes`, and it must have a `measure` (the expected change is in that
measure's unit and direction). An id that names nothing, or no outcome, is
an `unknown-ref`. Dropped items are not judged.

Why it matters: an expected impact on an outcome the item does not serve,
or on a number nobody measures, can never be checked.

How to fix: name one of the item's outcomes in `impact.outcome`, add the
outcome to the item's `outcomes`, or give the outcome a measure
(`trioboard edit measure OUTCOME --metric M --baseline B --target T`).

How to silence: Set it to `off` (or `info`, `warning`, `error`) in
board.yaml: `policy: {severity: {impact-mismatch: off}}`.
"""

from __future__ import annotations

from collections.abc import Iterable

from trioboard.core.analysis import Analysis
from trioboard.core.findings import Severity
from trioboard.core.model import Board, Outcome
from trioboard.core.rules.base import Draft, Rule


def check(board: Board, analysis: Analysis) -> Iterable[Draft]:
    """Every impact naming an outcome the item does not serve, or one with no measure."""
    for item in board.items():
        impact = item.impact
        if impact is None or impact.outcome is None or item.status == "dropped":
            continue
        if analysis.index.get(item.id) is not item:
            continue
        ref = impact.outcome
        outcome = analysis.index.get(ref.id)
        if not isinstance(outcome, Outcome):
            continue  # unknown-ref says so
        what = f"the impact of item {item.id} names outcome {ref.id}"
        if ref.id not in {r.id for r in item.outcomes}:
            served = ", ".join(r.id for r in item.outcomes) or "none"
            yield Draft(f"{what}, which the item does not serve (its outcomes: {served})", ref.pos, (item.id, ref.id))
        elif outcome.measure is None:
            yield Draft(f"{what}, which has no measure", ref.pos, (item.id, ref.id))


RULE = Rule(
    "impact-mismatch",
    Severity.ERROR,
    "impact.outcome names an outcome the item does not serve, or one with no measure",
    check,
    doc=__doc__ or "",
)
