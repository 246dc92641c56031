"""orphan-evidence: an evidence file that supports and challenges nothing.

An evidence file whose front matter lists no id in `supports:` and none in
`challenges:` speaks for nothing on the board: no opportunity or item
counts it. Always on.

Why it matters: what the trio heard is worth something only where a
decision can see it; an orphan touchpoint still counts for the cadence but
backs no opportunity.

How to fix: add the opportunities or items it speaks for (`supports: [ID]`)
or against (`challenges: [ID]`); if it is about something new, add that
opportunity first (`trioboard edit add-opportunity`).

How to silence: set it to `off` in board.yaml: `policy: {severity:
{orphan-evidence: off}}`.
"""

from __future__ import annotations

from collections.abc import Iterable

from trioboard.core.analysis import Analysis
from trioboard.core.findings import Severity
from trioboard.core.model import Board
from trioboard.core.rules.base import Draft, Rule


def check(board: Board, analysis: Analysis) -> Iterable[Draft]:
    """Every evidence file with nothing in `supports:` or `challenges:`."""
    for evidence in board.evidence:
        if not evidence.supports and not evidence.challenges:
            yield Draft(
                f"{evidence.path} supports and challenges nothing: name what it speaks for "
                "(supports:) or against (challenges:)",
                evidence.pos,
            )


RULE = Rule(
    "orphan-evidence",
    Severity.INFO,
    "an evidence file that supports and challenges nothing (always on)",
    check,
    doc=__doc__ or "",
)
