"""`check --format json`: the board, a summary, and every finding, for scripts."""

from __future__ import annotations

import json
from pathlib import Path

from trioboard.core.findings import Finding
from trioboard.report.paths import user_dir, user_path
from trioboard.report.summary import CheckReport


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


def finding_dict(report: CheckReport, f: Finding) -> dict[str, object]:
    """One finding as `check --format json` gives it."""
    return finding_json(f, report.root, report.cwd)


def render(report: CheckReport) -> str:
    """The JSON document, ending with a newline."""
    document = {
        "board": user_dir(report.root, report.cwd),
        "summary": report.summary.as_dict(),
        "findings": [finding_dict(report, f) for f in report.findings],
    }
    return json.dumps(document, indent=2) + "\n"
