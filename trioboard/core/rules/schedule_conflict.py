"""schedule-conflict: an item depends on unfinished work with a later horizon.

A `now` item waits for a `next` item, or a `next` item for a `later` one.
The finding points at the `depends_on` entry.

Why it matters: the item is planned before the work it needs, so the plan
cannot happen as written.

How to fix: move the dependency up (`horizon: now`) or move the item back.

How to silence: Set it to `off` (or `info`, `warning`, `error`) in
board.yaml: `policy: {severity: {schedule-conflict: off}}`.
"""

from __future__ import annotations

from collections.abc import Iterable

from trioboard.core.analysis import Analysis
from trioboard.core.findings import Severity
from trioboard.core.model import Board
from trioboard.core.rules.base import Draft, Rule


def check(board: Board, analysis: Analysis) -> Iterable[Draft]:
    """Every dependency scheduled after the work that needs it."""
    for item, ref, target in analysis.schedule_conflicts:
        yield Draft(
            f"{item.id} ({item.horizon}) depends on {target.id} ({target.team}), which is planned for {target.horizon}",
            ref.pos,
            (item.id, target.id),
        )


RULE = Rule(
    "schedule-conflict",
    Severity.WARNING,
    "an item depends on an unfinished item with a later horizon",
    check,
    doc=__doc__ or "",
)
