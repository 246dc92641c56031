"""`diff --format text`: the alignment diff for a terminal, grouped by what it means."""

from __future__ import annotations

from pathlib import Path

from trioboard.core.analysis import Coverage
from trioboard.core.analysis import percent as ratio_percent
from trioboard.core.diff import BoardDiff, Change, ChangedKind, ChangeKind, link_words, no_clarity, shown
from trioboard.core.findings import Finding
from trioboard.core.results import CommitChanges
from trioboard.core.text import printable
from trioboard.report.paths import user_path

K = ChangeKind
SECTIONS: tuple[tuple[str, tuple[ChangeKind, ...]], ...] = (
    ("Added", (K.ADDED,)),
    ("Removed", (K.REMOVED,)),
    ("Changed", (K.RETITLED, K.MOVED, K.HORIZON, K.STATUS, K.FIELD, K.REASON)),
    ("Links", (K.LINK_ADDED, K.LINK_REMOVED)),
    ("Assumptions", (K.ASSUMPTION,)),
    ("Strategy link", (K.BECAME_UNLINKED, K.BECAME_ALIGNED)),
    ("Blocked", (K.TEAM_BLOCKED, K.TEAM_UNBLOCKED, K.TEAM_REASONS, K.BLOCKED, K.UNBLOCKED)),
)
"""Headings in reading order, with the change kinds under each."""


def percent(coverage: Coverage | None) -> str:
    """`87%` (rounded down: never 100% while an item is unaligned), or `—` with no active items."""
    return ratio_percent(None if coverage is None else coverage.ratio)


def counts(coverage: Coverage) -> str:
    """`34 of 39`."""
    return f"{coverage.aligned} of {coverage.active}"


def line(change: Change) -> str:
    """One change as a line of plain text (board text made printable)."""
    c, kind, node = change.change, change.kind.value, change.id
    if c is K.ADDED:
        return f"+ {kind} {node}: {_quote(change.get('title'))}{_alignment(change)}{_planned(change)}"
    if c is K.REMOVED:
        return f"- {kind} {node}: {_quote(change.get('title'))}"
    if c is K.RETITLED:
        return f"~ {kind} {node} retitled: {_quote(change.get('from'))} → {_quote(change.get('to'))}"
    if c in (K.MOVED, K.HORIZON, K.STATUS):
        return f"~ {kind} {node} {c.value}: {change.get('from')} → {change.get('to')}"
    if c is K.FIELD:
        subject = kind if change.kind is ChangedKind.BOARD else f"{kind} {node}"
        values = f"{printable(shown(change.get('from')))} → {printable(shown(change.get('to')))}"
        return f"~ {subject} {change.get('field')}: {values}"
    if c is K.REASON:
        return f"~ {kind} {node} blocked reason: {_maybe_quote(change.get('from'))} → {_maybe_quote(change.get('to'))}"
    if c in (K.LINK_ADDED, K.LINK_REMOVED):
        sign = "+" if c is K.LINK_ADDED else "-"
        return f"{sign} {kind} {node} {link_words(change)} {change.get('target')}"
    if c is K.ASSUMPTION:
        return _assumption(change)
    if c is K.BECAME_UNLINKED:
        return f"✗ {node} lost its strategy link: {printable(str(change.get('reason')))}"
    if c is K.BECAME_ALIGNED:
        return f"✓ {node} gained a strategy link"
    if no_clarity(change) and c is K.TEAM_BLOCKED:
        return f"◌ {kind} {node} has {_reasons(change.get('reasons'))}"  # "no clarity: …", never "blocked"
    if no_clarity(change):
        return f"◌ {kind} {node} is no longer blocked but has {_reasons(change.get('to'))}"
    if c in (K.BLOCKED, K.TEAM_BLOCKED):
        return f"⊘ {kind} {node} became blocked: {_reasons(change.get('reasons'))}"
    if c is K.TEAM_REASONS:
        return f"⊘ {kind} {node} {still_blocked(change)} {_reasons(change.get('to'))}"
    return f"✓ {kind} {node} unblocked"


def _assumption(change: Change) -> str:
    """`~ item one-click-pay assumption "Buyers trust us": untested → refuted`; `+` added, `-` removed."""
    before, after = change.get("from"), change.get("to")
    sign = "+" if before is None else "-" if after is None else "~"
    what = f"{sign} {change.kind.value} {change.id} assumption {_quote(change.get('text'))}"
    if before is None:
        return f"{what} ({after})"
    return what if after is None else f"{what}: {before} → {after}"


def still_blocked(change: Change) -> str:
    """`still blocked, now only by` (`now by` when a reason is new): said of a team that stays blocked."""
    before, now = change.get("from"), change.get("to")
    only = isinstance(before, list) and isinstance(now, list) and set(now) < set(before)
    return f"still blocked, now {'only ' if only else ''}by"


def planned(change: Change) -> tuple[str, str, str, str] | None:
    """An added item's team, horizon, status and the WIP limit it breaks (`2 now items, limit 1`, or ``)."""
    team = change.get("team")
    if team is None or change.get("horizon") is None:  # an added evidence file names its team, not a plan
        return None
    limit = change.get("wip_limit")
    over = f"{change.get('now_items')} now items, limit {limit}" if limit is not None else ""
    return str(team), str(change.get("horizon")), str(change.get("status")), over


def _planned(change: Change) -> str:
    """` — in payments: now, planned; takes payments over its WIP limit (2 now items, limit 1)`."""
    if (parts := planned(change)) is None:
        return ""
    team, horizon, status, over = (printable(part) for part in parts)
    return f" — in {team}: {horizon}, {status}" + (f"; takes {team} over its WIP limit ({over})" if over else "")


def _alignment(change: Change) -> str:
    aligned = change.get("aligned")
    if aligned is None:
        return ""
    return " (aligned)" if aligned else f" (no strategy link: {printable(str(change.get('reason')))})"


def _reasons(reasons: object) -> str:
    return "; ".join(printable(str(r)) for r in reasons) if isinstance(reasons, list) else ""


def _quote(value: object) -> str:
    return f'"{printable(str(value))}"'


def _maybe_quote(value: object) -> str:
    return "(none)" if value is None else _quote(value)


def finding_line(finding: Finding, board_root: Path, cwd: Path) -> str:
    """`teams/x.yaml:12: error[unknown-ref] message`."""
    where = printable(user_path(board_root, finding.file, cwd))
    return f"{where}:{finding.line}: {finding.severity.value}[{finding.rule}] {printable(finding.message)}"


def render(result: BoardDiff, board: str, rev_from: str, rev_to: str, board_root: Path, cwd: Path) -> str:
    """The whole text diff, ending with a newline; `board` is the board's name (its directory when it has none)."""
    cov = result.coverage
    out = [
        f"{printable(board)}: {printable(rev_from)} → {printable(rev_to)}",
        f"coverage {percent(cov.before)} → {percent(cov.after)} "
        f"({counts(cov.before)} → {counts(cov.after)} active items aligned)",
    ]
    if not result.changes:
        out.append("no alignment change")
    for heading, kinds in SECTIONS:
        rows = [line(c) for c in result.of(*kinds)]
        if rows:
            out += ["", heading, *(f"  {row}" for row in rows)]
    for heading, sign, findings in (
        ("New findings", "+", result.new_findings),
        ("Resolved findings", "-", result.resolved_findings),
    ):
        if findings:
            out += ["", heading, *(f"  {sign} {finding_line(f, board_root, cwd)}" for f in findings)]
    teams = cov.changed_teams()
    if teams:
        width = max(len(t) for t in teams)
        out += ["", "Coverage by team"]
        out += [f"  {team:<{width}}  {percent(a)} → {percent(b)}" for team, (a, b) in teams.items()]
    return "\n".join(out) + "\n"


def render_commit(changes: CommitChanges, board_root: Path) -> str:
    """What one commit changed, as `render` says it, or why that cannot be told (History's Enter)."""
    if changes.diff is None:
        return f"{changes.why}\n"
    short = changes.commit[:7]
    # Finding paths read relative to the board, as everywhere in the TUI.
    return render(changes.diff, changes.board_name, f"{short}^", short, board_root, board_root)
