"""blocked-item: a blocked active item, with its chain to the root cause.

An item is blocked when it says so (`blocked:`), or when something it
depends on, directly or through a chain, is blocked, dropped, missing, or
part of a dependency cycle. Done dependencies are satisfied. The message
names the chain down to each root cause:
`one-click-pay ← tokenize-cards (payments) ← blocked: "PCI audit"`.

Why it matters: the chain shows who has to move before this work can.

How to fix: resolve the root cause at the end of the chain, or clear the
item's `blocked:` when it no longer holds.

How to silence: Set it to `off` (or `info`, `warning`, `error`) in
board.yaml: `policy: {severity: {blocked-item: off}}`.
"""

from __future__ import annotations

from collections.abc import Iterable

from trioboard.core.analysis import Analysis
from trioboard.core.findings import Severity
from trioboard.core.model import Board
from trioboard.core.rules.base import Draft, Rule


def check(board: Board, analysis: Analysis) -> Iterable[Draft]:
    """One finding per blocked active item."""
    for item_id, chains in analysis.blocked.items():
        text = "; ".join(chain.describe(analysis.team_of) for chain in chains)
        roots = tuple(dict.fromkeys(chain.cause.id for chain in chains if chain.cause.id != item_id))
        yield Draft(f"{item_id} is blocked: {text}", analysis.index[item_id].pos, (item_id, *roots))


RULE = Rule("blocked-item", Severity.INFO, "a blocked active item, with its chain", check, doc=__doc__ or "")
