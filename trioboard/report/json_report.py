"""`check --format json`: the board, a summary, and every finding, for scripts."""

from __future__ import annotations

import json
from pathlib import Path

from trioboard.core.findings import Finding
from trioboard.report.paths import user_dir, user_path
from trioboard.report.summary import Summary


def finding_json(finding: Finding, board_root: Path, cwd: Path) -> dict[str, object]:
    """One finding as `check --format json` and `diff --format json` write it."""
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "message": finding.message,
        "file": user_path(board_root, finding.file, cwd),
        "line": finding.line,
        "column": finding.column,
        "ids": list(finding.ids),
    }


def render(board_root: Path, findings: list[Finding], summary: Summary, cwd: Path) -> str:
    """The JSON document, ending with a newline."""
    document = {
        "board": user_dir(board_root, cwd),
        "summary": summary.as_dict(),
        "findings": [finding_json(f, board_root, cwd) for f in findings],
    }
    return json.dumps(document, indent=2) + "\n"
