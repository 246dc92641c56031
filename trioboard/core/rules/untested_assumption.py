"""untested-assumption: an active `now` item with a high-risk assumption that is still untested.

An item's `assumptions:` say what must be true for it to work. One finding
per assumption with `risk: high` and `result: untested` (the default) on an
item that is planned or in progress with horizon `now`, at the assumption's
line. Applies whether or not board.yaml has a `policy.discovery` block.

Why it matters: the team is about to build on a belief nobody has checked;
if it is wrong, the work is wasted. A cheap test now (a fake door, a
prototype, five interviews) costs less than the build.

How to fix: run the test the assumption names and record what it showed
(`trioboard edit set ITEM assumptions.N.result=running`, then `supported`,
`refuted` or `inconclusive`), or move the item out of `now` until it is
tested.

How to silence: Set it to `off` (or `info`, `warning`, `error`) in
board.yaml: `policy: {severity: {untested-assumption: off}}`.
"""

from __future__ import annotations

from collections.abc import Iterable

from trioboard.core.analysis import Analysis
from trioboard.core.findings import Severity
from trioboard.core.model import Board
from trioboard.core.rules.base import Draft, Rule
from trioboard.core.vocabulary import AssumptionResult, Horizon, Risk


def check(board: Board, analysis: Analysis) -> Iterable[Draft]:
    """Every untested high-risk assumption of an active now item."""
    for team in board.teams:
        for item in team.items:
            if not item.assumptions or not item.active or item.horizon != Horizon.NOW:
                continue
            if analysis.index.get(item.id) is not item:
                continue
            for assumption in item.assumptions:
                if assumption.risk == Risk.HIGH and assumption.result == AssumptionResult.UNTESTED:
                    yield Draft(
                        f'{item.id} is planned for now on an untested high-risk assumption: "{assumption.text}"',
                        assumption.pos,
                        (item.id,),
                    )


RULE = Rule(
    "untested-assumption",
    Severity.WARNING,
    "an active now item with a high-risk assumption that is untested",
    check,
    doc=__doc__ or "",
)
