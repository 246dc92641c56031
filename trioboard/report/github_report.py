"""`check --format github`: GitHub Actions workflow commands, one per finding.

Each becomes an annotation on the exact YAML line of the pull request. The
escaping is the Actions toolkit's (`@actions/core` `issueCommand`): data
escapes `%`, CR and LF; properties also `:` and `,`. A message therefore
always stays on its own line, so no board text can start a line with `::`
and issue a command of its own.
"""

from __future__ import annotations

from pathlib import Path

from trioboard.core.findings import Finding, Severity
from trioboard.core.text import printable
from trioboard.report.paths import user_dir, user_path
from trioboard.report.summary import Summary
from trioboard.report.text_report import summary_line

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """A workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(board_root: Path, findings: list[Finding], summary: Summary, cwd: Path) -> str:
    """One `::level file=…,line=…,col=…,title=…::message` line per finding, then a plain summary."""
    lines = []
    for f in findings:
        props = ",".join(
            (
                f"file={escape_property(printable(user_path(board_root, f.file, cwd)))}",
                f"line={f.line}",
                f"col={f.column}",
                f"title={escape_property(f'trioboard {f.rule}')}",
            )
        )
        lines.append(f"::{_LEVEL[f.severity]} {props}::{escape_data(printable(f.message))}")
    lines.append(escape_data(summary_line(user_dir(board_root, cwd), summary, colour=False)))
    return "\n".join(lines) + "\n"
