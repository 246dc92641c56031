"""`trioboard log`: one line per commit, newest first, and the coverage trend."""

from __future__ import annotations

import json

from trioboard.core.analysis import percent, ratio_down
from trioboard.core.text import printable, sparkline
from trioboard.history import LogEntry

MAX_SUBJECT = 60
"""A longer subject is cut in the text form (JSON has it whole)."""


def render_text(entries: list[LogEntry]) -> str:
    """`abc1234 2026-11-21 Dana Ortiz  Plan Q3 — one-click-pay serves checkout-conversion  (coverage 87%)`.

    Then the trend. The subject is the author's word, the summary the board's.
    """
    if not entries:
        return "no commit has touched this board yet\n"
    width = min(24, max(len(printable(e.author)) for e in entries))
    lines = [
        f"{e.short} {e.date[:10]} {printable(e.author)[:width]:<{width}}  "
        f"{_subject(e.subject)}{printable(e.summary)}  (coverage {percent(e.coverage)})"
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
        f"{percent(oldest_first[0])} → {percent(oldest_first[-1])}"
    )
    return "\n".join(lines) + "\n"


def _subject(subject: str) -> str:
    text = printable(subject)
    if not text:
        return ""
    return (text if len(text) <= MAX_SUBJECT else text[: MAX_SUBJECT - 1] + "…") + " — "


def render_json(entries: list[LogEntry]) -> str:
    """A list of `{"commit", "date", "author", "subject", "summary", "coverage"}`, newest first."""
    document = [
        {
            "commit": e.commit,
            "date": e.date,
            "author": e.author,
            "subject": e.subject,
            "summary": e.summary,
            "coverage": ratio_down(e.coverage),
        }
        for e in entries
    ]
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
