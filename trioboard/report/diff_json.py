"""`diff --format json`: the SPEC's shape, for scripts."""

from __future__ import annotations

import json
from pathlib import Path

from trioboard.core.analysis import Coverage, ratio_down
from trioboard.core.diff import BoardDiff
from trioboard.report.json_report import finding_json


def _ratio(coverage: Coverage | None) -> float | None:
    return None if coverage is None else ratio_down(coverage.ratio)


def render(result: BoardDiff, rev_from: str, rev_to: str, board_root: Path, cwd: Path) -> str:
    """`{"from", "to", "changes", "findings", "coverage"}` with every team's coverage before and after."""
    document = {
        "from": rev_from,
        "to": rev_to,
        "changes": [c.as_dict() for c in result.changes],
        "findings": {
            "new": [finding_json(f, board_root, cwd) for f in result.new_findings],
            "resolved": [finding_json(f, board_root, cwd) for f in result.resolved_findings],
        },
        "coverage": {
            "before": _ratio(result.coverage.before),
            "after": _ratio(result.coverage.after),
            "teams": {
                team: {"before": _ratio(a), "after": _ratio(b)} for team, (a, b) in result.coverage.teams.items()
            },
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
