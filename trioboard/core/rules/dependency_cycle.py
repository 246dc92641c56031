"""dependency-cycle: items that depend on each other in a cycle.

One finding per group of active items that depend on each other, at the
first of them in the files, naming a cycle through it in order
(`a → b → c → a`: each depends on the next). An item that depends on itself
is a cycle of one. A cycle through a done item is no longer a cycle: done
work blocks nothing.

Why it matters: no item in a cycle can start, so all of them are blocked.

How to fix: decide which item truly comes first and remove the `depends_on`
entry that points back to it.

How to silence: Set it to `off` (or `info`, `warning`, `error`) in
board.yaml: `policy: {severity: {dependency-cycle: off}}`.
"""

from __future__ import annotations

from collections.abc import Iterable

from trioboard.core.analysis import Analysis
from trioboard.core.findings import Severity
from trioboard.core.model import Board
from trioboard.core.rules.base import Draft, Rule


def check(board: Board, analysis: Analysis) -> Iterable[Draft]:
    """One finding per strongly connected group; its ids are the whole group, not only the named cycle."""
    for cycle, members in zip(analysis.cycles, analysis.cycle_groups, strict=True):
        first = analysis.index[cycle[0]]
        yield Draft(f"dependency cycle: {' → '.join(cycle)}", first.pos, members)


RULE = Rule("dependency-cycle", Severity.ERROR, "items that depend on each other in a cycle", check, doc=__doc__ or "")
