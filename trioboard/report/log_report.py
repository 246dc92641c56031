"""`trioboard log`: one line per commit, newest first, and the coverage trend."""

from __future__ import annotations

import json

from trioboard.core.text import printable
from trioboard.history import LogEntry, sparkline


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def render_text(entries: list[LogEntry]) -> str:
    """`abc1234 2026-11-21 Dana Ortiz  linked one-click-pay → checkout-conversion  (coverage 87%)`, then the trend."""
    if not entries:
        return "no commit has touched this board yet\n"
    width = min(24, max(len(printable(e.author)) for e in entries))
    lines = [
        f"{e.short} {e.date[:10]} {printable(e.author)[:width]:<{width}}  "
        f"{printable(e.summary)}  (coverage {_percent(e.coverage)})"
        for e in entries
    ]
    boundary = [e for e in entries if e.boundary]
    if boundary:
        oldest = boundary[-1]
        lines.append(
            f"shallow clone: the history visible here begins at {oldest.short} ({oldest.date[:10]}); "
            "git fetch --unshallow brings the rest"
        )
    oldest_first = [e.coverage for e in reversed(entries)]
    lines.append(
        f"coverage, oldest to newest: {sparkline(oldest_first)} "
        f"{_percent(oldest_first[0])} → {_percent(oldest_first[-1])}"
    )
    return "\n".join(lines) + "\n"


def render_json(entries: list[LogEntry]) -> str:
    """A list of `{"commit", "date", "author", "summary", "coverage"}`, newest first."""
    document = [
        {
            "commit": e.commit,
            "date": e.date,
            "author": e.author,
            "summary": e.summary,
            "coverage": None if e.coverage is None else round(e.coverage, 4),
        }
        for e in entries
    ]
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
