"""`diff --format json`: the SPEC's shape, for scripts."""

from __future__ import annotations

import json

from trioboard.core.analysis import Coverage
from trioboard.core.diff import BoardDiff


def _ratio(coverage: Coverage | None) -> float | None:
    if coverage is None or coverage.ratio is None:
        return None
    return round(coverage.ratio, 4)


def render(result: BoardDiff, rev_from: str, rev_to: str) -> str:
    """`{"from", "to", "changes", "coverage"}` with every team's coverage before and after."""
    document = {
        "from": rev_from,
        "to": rev_to,
        "changes": [c.as_dict() for c in result.changes],
        "coverage": {
            "before": _ratio(result.coverage.before),
            "after": _ratio(result.coverage.after),
            "teams": {
                team: {"before": _ratio(a), "after": _ratio(b)} for team, (a, b) in result.coverage.teams.items()
            },
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
