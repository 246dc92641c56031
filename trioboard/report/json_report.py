"""`check --format json`: the board, a summary, and every finding, for scripts."""

from __future__ import annotations

import json
from pathlib import Path

from trioboard.core.findings import Finding
from trioboard.report.paths import user_dir, user_path
from trioboard.report.summary import Summary


def render(board_root: Path, findings: list[Finding], summary: Summary, cwd: Path) -> str:
    """The JSON document, ending with a newline."""
    document = {
        "board": user_dir(board_root, cwd),
        "summary": summary.as_dict(),
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity.value,
                "message": f.message,
                "file": user_path(board_root, f.file, cwd),
                "line": f.line,
                "column": f.column,
                "ids": list(f.ids),
            }
            for f in findings
        ],
    }
    return json.dumps(document, indent=2) + "\n"
