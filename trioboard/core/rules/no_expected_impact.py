"""no-expected-impact: an active now or next item that serves a measured outcome and says nothing of its impact.

A planned or in-progress item with horizon `now` or `next`, serving at
least one outcome that has a `measure`, and with no `impact:`. Off until
the board's policy turns it on, so existing boards keep their findings.

Why it matters: a bet with no stated expectation cannot be checked; after
it ships nobody can say whether it moved the number as hoped.

How to fix: say what it should move: `trioboard edit impact ITEM --outcome
O --expect X [--confidence C]`, or write `impact:` under the item.

How to silence: It is off by default; once turned on, set it back to `off`
(or `info`, `warning`, `error`) in board.yaml: `policy: {severity:
{no-expected-impact: off}}`.
"""

from __future__ import annotations

from collections.abc import Iterable

from trioboard.core.analysis import Analysis
from trioboard.core.findings import Severity
from trioboard.core.model import Board, Outcome
from trioboard.core.rules.base import Draft, Rule

_SOON = frozenset(("now", "next"))


def check(board: Board, analysis: Analysis) -> Iterable[Draft]:
    """Every soon, active item with a measured outcome and no impact."""
    for item in board.items():
        if not item.active or item.horizon not in _SOON or item.impact is not None:
            continue
        if analysis.index.get(item.id) is not item:
            continue
        measured = [
            ref.id
            for ref in item.outcomes
            if isinstance(outcome := analysis.index.get(ref.id), Outcome) and outcome.measure is not None
        ]
        if measured:
            yield Draft(
                f"{item.horizon} item {item.id} serves measured outcome {', '.join(dict.fromkeys(measured))} "
                "and says nothing of its expected impact",
                item.pos,
                (item.id,),
            )


RULE = Rule(
    "no-expected-impact",
    Severity.WARNING,
    "an active now/next item that serves a measured outcome and has no impact",
    check,
    doc=__doc__ or "",
    off_by_default=True,
)
