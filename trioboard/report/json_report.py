"""`check --format json`: the board, a summary, and every finding, for scripts."""

from __future__ import annotations

import json
from pathlib import Path

from trioboard.core.findings import Finding
from trioboard.report.paths import user_dir, user_path, user_paths
from trioboard.report.summary import CheckReport


def finding_json(finding: Finding, board_root: Path, cwd: Path) -> dict[str, object]:
    """One finding as `check --format json` and `diff --format json` write it."""
    return _finding(finding, user_path(board_root, finding.file, cwd))


def _finding(finding: Finding, file: str) -> dict[str, object]:
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "message": finding.message,
        "file": file,
        "line": finding.line,
        "column": finding.column,
        "ids": list(finding.ids),
    }


def render(report: CheckReport) -> str:
    """The JSON document, ending with a newline."""
    shown = user_paths(report.root, report.cwd)
    document = {
        "board": user_dir(report.root, report.cwd),
        "summary": report.summary.as_dict(),
        "findings": [_finding(f, shown(f.file)) for f in report.findings],
    }
    return json.dumps(document, indent=2) + "\n"
