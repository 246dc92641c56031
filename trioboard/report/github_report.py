"""`check --format github`: GitHub Actions workflow commands, every line one.

Each finding becomes an annotation on the exact YAML line of the pull
request; the summary is a `::notice` too, so every line of the output is a
workflow command (SPEC section 5). The escaping is the Actions toolkit's
(`@actions/core` `issueCommand`): data escapes `%`, CR and LF; properties
also `:` and `,`. A message therefore always stays on its own line, so no
board text can start a line with `::` and issue a command of its own.

GitHub shows at most 10 annotations of each level per step, so the summary
says how many there are in all; `step_summary` is the Markdown appended to
`$GITHUB_STEP_SUMMARY`, which lists every one of them.
"""

from __future__ import annotations

import re
from collections import Counter

from trioboard.core.findings import Severity
from trioboard.core.text import plural, printable
from trioboard.report.markup import md, md_code
from trioboard.report.paths import user_dir, user_path, user_paths
from trioboard.report.summary import CheckReport
from trioboard.report.text_report import summary_line

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
SHOWN_PER_LEVEL = 10
"""GitHub shows at most this many annotations of each level per step."""
MAX_SUMMARY_ROWS = 500
"""Rows of the step summary's table of findings (GitHub takes 1 MiB per step)."""
_PLAIN_PATH = re.compile(r"[A-Za-z0-9._/-]+:\d+")


def escape_data(text: str) -> str:
    """A workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: CheckReport) -> str:
    """One `::level file=…,line=…,col=…,title=…::message` line per finding, then a `::notice` summary."""
    lines = []
    shown = user_paths(report.root, report.cwd)
    for f in report.findings:
        props = ",".join(
            (
                f"file={escape_property(printable(shown(f.file)))}",
                f"line={f.line}",
                f"col={f.column}",
                f"title={escape_property(f'trioboard {f.rule}')}",
            )
        )
        lines.append(f"::{_LEVEL[f.severity]} {props}::{escape_data(printable(f.message))}")
    lines.append(f"::notice title={escape_property('trioboard check')}::{escape_data(_summary(report))}")
    return "\n".join(lines) + "\n"


def _summary(report: CheckReport) -> str:
    line = summary_line(user_dir(report.root, report.cwd), report.summary, colour=False)
    total = len(report.findings)
    if not total:
        return line
    levels = Counter(_LEVEL[f.severity] for f in report.findings)
    if max(levels.values()) <= SHOWN_PER_LEVEL:
        return f"{line} — {plural(total, 'annotation')}"
    return (
        f"{line} — {total} annotations in all (GitHub shows at most {SHOWN_PER_LEVEL} per level on a step; "
        "the job summary and trioboard check list every one)"
    )


def step_summary(report: CheckReport) -> str:
    """The Markdown appended to `$GITHUB_STEP_SUMMARY`: the summary, counts, and every finding."""
    board = user_dir(report.root, report.cwd)
    s = report.summary
    out = [
        f"### trioboard check: {md(board)}",
        "",
        md(summary_line(board, s, colour=False)),
        "",
        "| severity | findings |",
        "|---|---:|",
        f"| error | {s.errors} |",
        f"| warning | {s.warnings} |",
        f"| info | {s.infos} |",
        "",
    ]
    if report.findings:
        out += ["| where | rule | message |", "|---|---|---|"]
        for f in report.findings[:MAX_SUMMARY_ROWS]:
            where = f"{printable(user_path(report.root, f.file, report.cwd))}:{f.line}"
            shown = f"`{where}`" if _PLAIN_PATH.fullmatch(where) else md(where)
            out.append(f"| {shown} | {md_code(f.rule)} | {md(f.message)} |")
        left = len(report.findings) - MAX_SUMMARY_ROWS
        if left > 0:
            out += ["", f"…and {left} more: run `trioboard check` to see them all."]
        out.append("")
    return "\n".join(out) + "\n"
