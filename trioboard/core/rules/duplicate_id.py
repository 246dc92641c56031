"""duplicate-id: an id defined twice.

Goals, teams, outcomes and items share one namespace, so an outcome and an
item may not have the same id either. The finding points at the second
definition and names the first.

Why it matters: links resolve to the first definition, so whatever links to
the second one silently means something else.

How to fix: give one of the two a new id (`trioboard edit` or the TUI
rename it with its links), or remove the copy.

How to silence: It cannot be silenced: `policy.severity` cannot set it below
`error`, because a board that cannot be read cannot be trusted.
"""

from __future__ import annotations

from collections.abc import Iterable

from trioboard.core.analysis import Analysis
from trioboard.core.findings import Severity
from trioboard.core.model import Board
from trioboard.core.rules.base import Draft, Rule


def check(board: Board, analysis: Analysis) -> Iterable[Draft]:
    """Every definition of an id after its first."""
    for node, first in analysis.duplicates:
        where = f"{first.pos.file}:{first.pos.line}"
        yield Draft(
            f"id {node.id} is defined twice: this {node.kind.value} and the {first.kind.value} at {where}",
            node.pos,
            (node.id,),
        )


RULE = Rule("duplicate-id", Severity.ERROR, "an id defined twice (both places named)", check, True, __doc__ or "")
