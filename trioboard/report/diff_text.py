"""`diff --format text`: the alignment diff for a terminal, grouped by what it means."""

from __future__ import annotations

from trioboard.core.analysis import Coverage
from trioboard.core.diff import BoardDiff, Change
from trioboard.core.text import printable

SECTIONS = (
    ("Added", ("added",)),
    ("Removed", ("removed",)),
    ("Changed", ("retitled", "moved", "horizon", "status")),
    ("Links", ("link-added", "link-removed")),
    ("Strategy link", ("became-unlinked", "became-aligned")),
    ("Blocked", ("team-blocked", "team-unblocked", "blocked", "unblocked")),
)
"""Headings in reading order, with the change kinds under each."""


def percent(coverage: Coverage | None) -> str:
    """`87%`, or `—` with no active items (or no such team)."""
    if coverage is None or coverage.ratio is None:
        return "—"
    return f"{coverage.ratio:.0%}"


def counts(coverage: Coverage) -> str:
    """`34 of 39`."""
    return f"{coverage.aligned} of {coverage.active}"


def line(change: Change) -> str:
    """One change as a line of plain text (board text made printable)."""
    c, kind, node = change.change, change.kind.value, change.id
    if c == "added":
        return f"+ {kind} {node}: {_quote(change.get('title'))}"
    if c == "removed":
        return f"- {kind} {node}: {_quote(change.get('title'))}"
    if c == "retitled":
        return f"~ {kind} {node} retitled: {_quote(change.get('from'))} → {_quote(change.get('to'))}"
    if c in ("moved", "horizon", "status"):
        return f"~ {kind} {node} {c}: {change.get('from')} → {change.get('to')}"
    if c == "link-added":
        return f"+ {kind} {node} → {change.get('target')}"
    if c == "link-removed":
        return f"- {kind} {node} ↛ {change.get('target')}"
    if c == "became-unlinked":
        return f"✗ {node} lost its strategy link: {printable(str(change.get('reason')))}"
    if c == "became-aligned":
        return f"✓ {node} gained a strategy link"
    if c in ("blocked", "team-blocked"):
        reasons = change.get("reasons")
        shown = "; ".join(printable(str(r)) for r in reasons) if isinstance(reasons, list) else ""
        return f"⊘ {kind} {node} became blocked: {shown}"
    return f"✓ {kind} {node} unblocked"


def _quote(value: object) -> str:
    return f'"{printable(str(value))}"'


def render(result: BoardDiff, board: str, rev_from: str, rev_to: str) -> str:
    """The whole text diff, ending with a newline."""
    cov = result.coverage
    out = [
        f"{printable(board)}: {printable(rev_from)} → {printable(rev_to)}",
        f"coverage {percent(cov.before)} → {percent(cov.after)} "
        f"({counts(cov.before)} → {counts(cov.after)} active items aligned)",
    ]
    if not result.changes:
        out.append("no alignment change")
    for heading, kinds in SECTIONS:
        rows = [line(c) for c in result.changes if c.change in kinds]
        if rows:
            out += ["", heading, *(f"  {row}" for row in rows)]
    teams = cov.changed_teams()
    if teams:
        width = max(len(t) for t in teams)
        out += ["", "Coverage by team"]
        out += [f"  {team:<{width}}  {percent(a)} → {percent(b)}" for team, (a, b) in teams.items()]
    return "\n".join(out) + "\n"
