"""`check --format text`: one line per finding, then a summary line.

`path:line:col: severity[rule] message`, the shape editors and linters use,
so a terminal or an editor can jump to the line. Colour only on a terminal.
"""

from __future__ import annotations

from trioboard.core.analysis import percent
from trioboard.core.findings import Severity
from trioboard.core.text import plural, printable
from trioboard.report.paths import user_dir, user_paths
from trioboard.report.summary import CheckReport, Summary

_COLOURS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def render(report: CheckReport) -> str:
    """The whole text report, ending with a newline."""
    colour = report.colour
    lines = []
    shown = user_paths(report.root, report.cwd)
    for f in report.findings:
        where = f"{shown(f.file)}:{f.line}:{f.column}:"
        level = f"{f.severity.value}[{f.rule}]"
        message = printable(f.message)
        if colour:
            where = f"{_BOLD}{printable(where)}{_RESET}"
            level = f"{_COLOURS[f.severity]}{level}{_RESET}"
        else:
            where = printable(where)
        lines.append(f"{where} {level} {message}")
    lines.append(summary_line(user_dir(report.root, report.cwd), report.summary, colour))
    return "\n".join(lines) + "\n"


def summary_line(board: str, s: Summary, colour: bool) -> str:
    """`demo: 6 errors, 17 warnings; coverage 87% (34 of 39 active items aligned); blocked teams: …`."""
    counts = [
        _count(s.errors, "error"),
        _count(s.warnings, "warning"),
        _count(s.infos, "info"),
    ]
    found = ", ".join(c for c in counts if c)
    if s.since is not None:
        # Under --since the counts are of new findings only: say so, and how many were left out.
        rev, known = printable(s.since.revision), s.since.not_shown
        found = f"{found} new since {rev}" if found else f"no new findings since {rev}"
        if known:
            found += f" ({_count(known, 'finding')} {rev} already had {'is' if known == 1 else 'are'} not shown)"
    found = found or "no findings"
    if s.coverage is None:
        cover = "coverage — (no active items)"
    else:
        cover = f"coverage {percent(s.coverage)} ({s.aligned_items} of {s.items} active items aligned)"
    really = [team for team in s.blocked_teams if team not in s.no_clarity_teams]
    blocked = f"blocked teams: {', '.join(really)}" if really else "no blocked teams"
    if s.no_clarity_teams:
        blocked += f"; no clarity: {', '.join(s.no_clarity_teams)}"
    line = f"{printable(board)}: {found}; {cover}; {blocked}"
    return f"{_DIM}{line}{_RESET}" if colour else line


def _count(n: int, word: str) -> str:
    return "" if not n else plural(n, word)
