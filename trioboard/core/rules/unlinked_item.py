"""unlinked-item: an active item with no strategy link.

An item is aligned when it serves at least one outcome that serves at least
one goal that exists, or answers an opportunity that serves such an outcome
(itself or through its `parent` opportunities). The finding names the
reason, where each chain breaks: it serves no outcome, its outcomes serve no
goal, it links to an id that does not exist, or an opportunity it answers
serves no outcome or only outcomes that serve no goal.

Why it matters: nobody can say which company goal the work moves.

How to fix: add the outcome it serves to its `outcomes:` or the opportunity it
answers to its `opportunities:` (and make sure that outcome lists a goal, or
that opportunity an outcome), or question whether the work belongs on the
roadmap.

How to silence: Set it to `off` (or `info`, `warning`, `error`) in
board.yaml: `policy: {severity: {unlinked-item: off}}`. Many companies do
the opposite and make it an error in CI: `policy: {severity: {unlinked-item:
error}}`.
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
