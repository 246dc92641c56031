"""unlinked-item: an active item with no strategy link.

An item is aligned when it serves at least one outcome that serves at least
one goal that exists. Otherwise nobody can say which company goal it moves;
the finding names the reason: it serves no outcome, its outcomes serve no
goal, or it links to an id that does not exist. Many companies make this an
error in CI: `policy: {severity: {unlinked-item: error}}`.
"""

from __future__ import annotations

from collections.abc import Iterable

from trioboard.core.analysis import Analysis
from trioboard.core.findings import Severity
from trioboard.core.model import Board
from trioboard.core.rules.base import Draft, Rule


def check(board: Board, analysis: Analysis) -> Iterable[Draft]:
    """Every active item without a strategy link."""
    for item_id, reason in analysis.unlinked.items():
        yield Draft(f"{item_id} has no strategy link: {reason}", analysis.index[item_id].pos, (item_id,))


RULE = Rule("unlinked-item", Severity.WARNING, "an active item with no strategy link", check, doc=__doc__ or "")
