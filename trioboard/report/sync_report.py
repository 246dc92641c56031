"""`trioboard sync`'s report: what came in, what went out, what the integration broke, in board terms."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from trioboard.core.diff import summary_line
from trioboard.core.text import plural, printable
from trioboard.report.paths import user_path

if TYPE_CHECKING:
    from trioboard.core.results import Conflict, SyncResult

WAY_OUT = "settle them with 'trioboard sync --prefer mine' or '--prefer theirs', or one by one in the TUI"


def conflict_line(conflict: Conflict) -> str:
    """`conflict: one-click.horizon: mine 'next', theirs 'later'`."""
    return printable(f"conflict: {conflict.describe()}")


def render(result: SyncResult, root: Path, cwd: Path) -> str:
    """The report of a sync that went through, ending with a newline."""
    if not result.came_in and not result.went_out:
        head = f"{result.upstream}: up to date"
    else:
        where = ("pushed" if result.pushed else "not pushed") if result.went_out else "nothing to push"
        how = ""
        if result.merged:
            how = ", joined by a merge commit"
        elif result.replayed:
            how = f", {plural(result.replayed, 'local commit')} replayed"
        head = f"{result.upstream}: {result.came_in} in, {result.went_out} out ({where}{how})"
    lines = [printable(head)]
    if result.incoming is not None:
        lines.append(printable(f"in:  {summary_line(result.incoming)}"))
    if result.outgoing is not None:
        lines.append(printable(f"out: {summary_line(result.outgoing)}"))
    for conflict in result.conflicts:
        lines.append(conflict_line(conflict) + " (settled by --prefer)")
    lines += [printable(f"note: {note}") for note in result.notes]
    if result.new_findings:
        lines.append("new findings that neither side had:")
        for f in result.new_findings:
            where = f"{user_path(root, f.file, cwd)}:{f.line}:{f.column}:"
            lines.append(printable(f"{where} {f.severity.value}[{f.rule}] {f.message}"))
    return "\n".join(lines) + "\n"
