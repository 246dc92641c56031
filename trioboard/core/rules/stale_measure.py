"""stale-measure: a measure not checked in for longer than the policy allows.

A goal's or outcome's measure whose `as_of` is more than
`policy.freshness.measure_days` (default 30) days before today; or one with
a baseline and a target but no `current` that many days after the goal or
outcome first appeared in git (outside git, or not committed yet, it
appeared today). A check-in with no `as_of` is not judged: write the
date the number was measured. Today is the date of the run, or `check
--today DATE`; `diff` and `log` judge each revision at its commit date.

Why it matters: a number nobody has looked at for a month is a guess; the
state the board shows (on track, at risk) is only as fresh as its last
check-in.

How to fix: check in the current number: `trioboard edit checkin ID VALUE
[--confidence C]` (it sets `current` and `as_of`), or change
`policy: {freshness: {measure_days: N}}` to the cadence the company keeps.

How to silence: Set it to `off` (or `info`, `warning`, `error`) in
board.yaml: `policy: {severity: {stale-measure: off}}`.
"""

from __future__ import annotations

from collections.abc import Iterable

from trioboard.core.analysis import Analysis
from trioboard.core.findings import Severity
from trioboard.core.model import Board, Goal, Outcome
from trioboard.core.rules.base import Draft, Rule
from trioboard.core.text import plural


def check(board: Board, analysis: Analysis) -> Iterable[Draft]:
    """Every measure whose check-in is older than the policy's days, or still missing after them."""
    limit = board.policy.freshness.measure_days
    today = analysis.today
    nodes: list[Goal | Outcome] = [*board.goals, *board.outcomes()]
    for node in nodes:
        measure = node.measure
        if measure is None or analysis.index.get(node.id) is not node:
            continue
        what = f"the measure of {node.kind.value} {node.id}"
        if measure.current is None:
            appeared = board.appeared.get(node.id, today)
            waited = (today - appeared).days
            if waited > limit:
                yield Draft(
                    f"{what} has no current value {plural(waited, 'day')} after it appeared on {appeared.isoformat()} "
                    f"(policy: check in within {plural(limit, 'day')})",
                    measure.pos,
                    (node.id,),
                )
        elif measure.as_of is not None and (age := (today - measure.as_of).days) > limit:
            yield Draft(
                f"{what} was last checked in on {measure.as_of.isoformat()}, {plural(age, 'day')} ago "
                f"(policy: every {plural(limit, 'day')})",
                measure.value_pos.get("as_of", measure.pos),
                (node.id,),
            )


def awaiting_current(board: Board) -> list[str]:
    """The goals and outcomes whose measure has no `current` yet: the ones whose first appearance matters."""
    nodes: list[Goal | Outcome] = [*board.goals, *board.outcomes()]
    return [n.id for n in nodes if n.measure is not None and n.measure.current is None]


RULE = Rule(
    "stale-measure",
    Severity.WARNING,
    "a measure not checked in for longer than policy.freshness.measure_days",
    check,
    doc=__doc__ or "",
)
