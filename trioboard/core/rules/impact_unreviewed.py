"""impact-unreviewed: an item done for longer than the policy allows whose impact was never looked back at.

A `done` item with `impact.expect` and no `impact.actual`, more than
`policy.freshness.impact_days` (default 45) days after it became done.
When it became done is read from git: the date of the first commit in
which the item is `done` since it last was not (outside git, or not
committed yet, it became done today). Today is the date of the run, or
`check --today DATE`.

Why it matters: expectations never compared with what happened teach
nothing; the team's next estimate is as uncalibrated as its last.

How to fix: fill in what it did, in the measure's unit: `trioboard edit
set ITEM impact.actual=X`.

How to silence: Set it to `off` (or `info`, `warning`, `error`) in
board.yaml: `policy: {severity: {impact-unreviewed: off}}`, or give the
team longer with `policy: {freshness: {impact_days: N}}`.
"""

from __future__ import annotations

from collections.abc import Iterable

from trioboard.core.analysis import Analysis
from trioboard.core.findings import Severity
from trioboard.core.model import Board
from trioboard.core.rules.base import Draft, Rule
from trioboard.core.text import plural


def check(board: Board, analysis: Analysis) -> Iterable[Draft]:
    """Every item done for too long with an expected impact and no actual one."""
    limit = board.policy.freshness.impact_days
    for item in board.items():
        impact = item.impact
        if item.status != "done" or impact is None or impact.expect is None or impact.actual is not None:
            continue
        if analysis.index.get(item.id) is not item:
            continue
        done_on = board.done_on.get(item.id, analysis.today)
        days = (analysis.today - done_on).days
        if days > limit:
            yield Draft(
                f"item {item.id} has been done since {done_on.isoformat()} ({plural(days, 'day')}) and its impact "
                f"has no actual value (policy: review within {plural(limit, 'day')})",
                impact.pos,
                (item.id,),
            )


def awaiting_actual(board: Board) -> dict[str, str]:
    """Done items with an expected impact and no actual one, by id, with their file: whose done date matters."""
    return {
        item.id: item.pos.file
        for item in board.items()
        if item.status == "done" and item.impact is not None and item.impact.expect is not None
        if item.impact.actual is None
    }


RULE = Rule(
    "impact-unreviewed",
    Severity.INFO,
    "an item done for longer than policy.freshness.impact_days with an expected impact and no actual",
    check,
    doc=__doc__ or "",
)
