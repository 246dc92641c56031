"""broken-dependency: an active item depends on a dropped item.

The finding points at the `depends_on` entry of the active item.

Why it matters: the work it waits for will never be done, so the item is
blocked for good.

How to fix: drop the dependency, pick the dropped work back up, or replan
the item.

How to silence: Set it to `off` (or `info`, `warning`, `error`) in
board.yaml: `policy: {severity: {broken-dependency: off}}`.
"""

from __future__ import annotations

from collections.abc import Iterable

from trioboard.core.analysis import Analysis
from trioboard.core.findings import Severity
from trioboard.core.model import Board
from trioboard.core.rules.base import Draft, Rule


def check(board: Board, analysis: Analysis) -> Iterable[Draft]:
    """Every dependency of active work on dropped work."""
    for item, ref in analysis.broken:
        team = analysis.team_of.get(ref.id, "?")
        yield Draft(f"{item.id} depends on {ref.id} ({team}), which is dropped", ref.pos, (item.id, ref.id))


RULE = Rule("broken-dependency", Severity.ERROR, "an active item depends on a dropped item", check, doc=__doc__ or "")
