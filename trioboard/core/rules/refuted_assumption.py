"""refuted-assumption: an active item with an assumption that testing refuted.

One finding per assumption with `result: refuted` on an item that is
planned or in progress (any horizon), at the assumption's line. Applies
whether or not board.yaml has a `policy.discovery` block.

Why it matters: the team learned that something the item needs to be true
is not; building it anyway spends the roadmap on work that cannot work as
planned.

How to fix: rethink the item (change the solution so it no longer rests on
the assumption, and write the new assumption), or drop it (`trioboard edit
set ITEM status=dropped`).

How to silence: Set it to `off` (or `info`, `warning`, `error`) in
board.yaml: `policy: {severity: {refuted-assumption: off}}`.
"""

from __future__ import annotations

from collections.abc import Iterable

from trioboard.core.analysis import Analysis
from trioboard.core.findings import Severity
from trioboard.core.model import Board
from trioboard.core.rules.base import Draft, Rule
from trioboard.core.vocabulary import AssumptionResult


def check(board: Board, analysis: Analysis) -> Iterable[Draft]:
    """Every refuted assumption of an active item."""
    for team in board.teams:
        for item in team.items:
            if not item.assumptions or not item.active or analysis.index.get(item.id) is not item:
                continue
            for assumption in item.assumptions:
                if assumption.result == AssumptionResult.REFUTED:
                    yield Draft(
                        f'{item.id} rests on an assumption that testing refuted: "{assumption.text}"',
                        assumption.pos,
                        (item.id,),
                    )


RULE = Rule(
    "refuted-assumption",
    Severity.WARNING,
    "an active item with an assumption whose result is refuted",
    check,
    doc=__doc__ or "",
)
