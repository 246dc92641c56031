"""What the TUI shows of a board state at length: the detail pane's texts and History's trend.

Kept apart from the widgets, as `labels` is, so the detail pane only shows
what it is given.
"""

from __future__ import annotations

from rich.text import Text

from trioboard.core.analysis import BlockKind
from trioboard.core.findings import Finding
from trioboard.core.model import TRIO_ROLES, Goal, Item, Node, Opportunity, Outcome, Team
from trioboard.core.results import BoardState, LogEntry
from trioboard.core.text import spark
from trioboard.tui import discovery_details
from trioboard.tui.discovery_labels import EvidenceIndex, is_evidence_path
from trioboard.tui.labels import (
    NO_CLARITY_MARK,
    SEVERITY_MARK,
    finding_target,
    findings_at,
    item_state,
    location,
    node_at,
    node_target,
    parse_location,
    role_words,
)
from trioboard.tui.measures import impact_lines, measure_lines
from trioboard.tui.text import BLOCKED, UNLINKED, label, percent


def detail(state: BoardState, node: Node) -> Text:
    """Everything about one node: its fields, its links up and down, and why it is blocked."""
    a = state.analysis
    out = Text(end="")

    def line(*parts: tuple[object, str] | str) -> None:
        out.append_text(label(*parts))
        out.append("\n")

    line((node.kind.value.upper(), "bold reverse"), " ", (node.id, "bold"))
    line((node.title, "bold"))
    out.append("\n")
    if isinstance(node, Item):
        mark, style = item_state(state, node)
        line(("team ", "dim"), node.team, ("   horizon ", "dim"), node.horizon, ("   status ", "dim"), node.status)
        if node.owner:
            line(("owner ", "dim"), node.owner)
        if mark:
            line((mark, style))
        if node.id in a.unlinked:
            line((UNLINKED + ": ", "yellow"), a.unlinked[node.id])
        _links(line, "serves", [r.id for r in node.outcomes], state)
        goals = sorted({g for r in node.outcomes for g in a.outcome_goals.get(r.id, [])})
        _links(line, "→ goals", goals, state)
        _links(line, "depends on", [r.id for r in node.depends_on], state)
        dependents = [i.id for i in state.board.items() if any(r.id == node.id for r in i.depends_on)]
        _links(line, "needed by", dependents, state)
        out.append_text(discovery_details.item_discovery_detail(state, node))
        if node.blocked:
            line((BLOCKED + ": ", "bold red"), node.blocked)
        for chain in a.blocked.get(node.id, []):
            root_team = f" — root cause owned by {chain.cause.team}" if chain.cause.team else ""
            line(("⊘ ", "red"), chain.describe(a.team_of), (root_team, "dim"))
    elif isinstance(node, Outcome):
        line(("team ", "dim"), node.team)
        if not a.outcome_goals.get(node.id):
            line((UNLINKED + ": ", "yellow"), a.unlinked_outcomes.get(node.id, "it serves no goal"))
        _links(line, "serves goals", [r.id for r in node.goals], state)
        _links(
            line, "served by", [i.id for i in state.board.items() if any(r.id == node.id for r in i.outcomes)], state
        )
    elif isinstance(node, Opportunity):
        out.append_text(discovery_details.opportunity_detail(state, node))
    elif isinstance(node, Goal):
        for key in ("metric", "target", "owner"):
            value = getattr(node, key)
            if value:
                line((f"{key} ", "dim"), value)
        _links(line, "served by", a.goal_outcomes.get(node.id, []), state)
    elif isinstance(node, Team):
        for role in TRIO_ROLES:
            line((f"{role_words(role):<17}", "dim"), node.trio.get(role, "— missing"))
        cov = a.coverage.get(node.id)
        if cov is not None:
            line(("coverage ", "dim"), f"{percent(cov.ratio)} ({cov.aligned} of {cov.active} active items aligned)")
        for reason in a.team_blocks.get(node.id, []):
            unclear = reason.kind is BlockKind.NO_CLARITY
            line((f"{NO_CLARITY_MARK} ", "bold yellow") if unclear else ("⊘ ", "bold red"), reason.text)
        out.append_text(discovery_details.team_cadence_detail(state, node))
    _measure_or_impact(out, state, node)
    notes = node.extras.notes
    if notes:
        out.append("\n")
        line(("notes", "dim"))
        for note_line in notes.splitlines():
            line("  ", note_line)
    for link in node.extras.links:
        line(("link ", "dim"), link)
    if node.extras.tags:
        line(("tags ", "dim"), ", ".join(node.extras.tags))
    _findings(out, findings_at(state, node_target(state, node)))
    return out


def _measure_or_impact(out: Text, state: BoardState, node: Node) -> None:
    """A goal's or outcome's measure, an item's impact (SPEC 10), after a blank line."""
    lines: list[Text] = []
    if isinstance(node, Goal | Outcome) and node.measure is not None:
        lines = measure_lines(node.measure)
    elif isinstance(node, Goal | Outcome):
        lines = [label(("no measure yet", "dim"))]
    elif isinstance(node, Item) and node.impact is not None:
        moved = node.impact.outcome
        lines = impact_lines(node, state.analysis.index.get(moved.id) if moved is not None else None)
    if lines:
        out.append("\n")
    for text in lines:
        out.append_text(text)
        out.append("\n")


def _findings(out: Text, findings: list[Finding]) -> None:
    """Each finding in full: severity, rule, file and line, the whole message."""
    for f in findings:
        mark, style = SEVERITY_MARK[f.severity]
        out.append("\n")
        out.append_text(label((mark, style), " ", (f.rule, "bold"), (f"  {f.file}:{f.line}:{f.column}", "dim")))
        out.append("\n")
        out.append_text(label(f.message))
        out.append("\n")


def finding_detail(state: BoardState, finding: Finding) -> Text:
    """A highlighted finding: all of it, then the node it is about, if any."""
    out = Text(end="")
    mark, style = SEVERITY_MARK[finding.severity]
    out.append_text(label((mark.upper(), f"{style} reverse"), " ", (finding.rule, "bold")))
    out.append("\n")
    out.append_text(label((f"{finding.file} line {finding.line}, column {finding.column}", "bold")))
    out.append("\n\n")
    out.append_text(label(finding.message))
    out.append("\n")
    target = finding_target(state, finding)
    node = state.analysis.index.get(target)
    where = parse_location(target)
    out.append("\n")
    if node is not None:
        out.append_text(label(("Enter goes to ", "dim"), (f"{node.kind.value} {node.id}", "bold")))
    elif where is not None and node_at(state, *where) is None:
        out.append_text(label(("No node to go to: fix it in the file, at that line.", "dim")))
        if finding.rule == "parse-error":
            out.append("\n")
            out.append_text(label(("The file's team is missing from the board until it parses.", "yellow")))
    else:
        out.append_text(label(("Enter shows what is written at ", "dim"), (target, "bold")))
    return out


def location_detail(state: BoardState, file: str, line: int) -> Text:
    """A place in a file: the node written there even if it is not on the board, and its findings."""
    out = Text(end="")
    out.append_text(label(("FILE", "bold reverse"), " ", (f"{file}:{line}", "bold")))
    out.append("\n")
    node = node_at(state, file, line)
    if node is not None and node.pos.line == line:
        out.append_text(label((f"{node.kind.value} {node.id}", "bold"), "  ", node.title))
        out.append("\n")
        other = state.analysis.index.get(node.id)
        if other is not node and other is not None:
            out.append_text(
                label(
                    ("✖ not on the board: ", "bold red"),
                    f"its id is already taken by the {other.kind.value} at {other.pos.file}:{other.pos.line}",
                )
            )
            out.append("\n")
    _findings(out, findings_at(state, location(file, line)))
    return out


def _links(line: object, heading: str, ids: list[str], state: BoardState) -> None:
    if not ids:
        return
    index = state.analysis.index
    shown = []
    for node_id in ids:
        node = index.get(node_id)
        shown.append(f"{node_id}" + ("" if node is not None else " (missing)"))
    line((f"{heading}: ", "dim"), ", ".join(shown))  # type: ignore[operator]


# -- history ----------------------------------------------------------------------


# -- history ----------------------------------------------------------------------


def trend(coverage: list[float | None]) -> Text:
    """Coverage per commit, oldest first, on a fixed 0–100% scale: a bar per commit.

    A fixed scale, so 21% → 22% reads as the small step it is rather than
    as the full-height jump a min-to-max scale would draw; `·` is a commit
    with no active items to measure.
    """
    out = Text(end="", no_wrap=True, overflow="crop")
    for value in coverage:
        if value is None:
            out.append("·", style="dim")
        else:
            out.append(spark(value), style="green")
    return out


def trend_caption(coverage: list[float | None]) -> Text:
    """`coverage, scale 0–100%, oldest → newest: 21% → 22% (low 18%, high 30%)`."""
    known = [v for v in coverage if v is not None]
    text = "coverage per commit, bars on a 0–100% scale, oldest → newest"
    if known:
        text += f": {percent(coverage[0])} → {percent(coverage[-1])}"
        if len(known) > 1:
            text += f" (low {percent(min(known))}, high {percent(max(known))})"
    return Text(text, style="dim")


def commit_detail(entry: LogEntry, changes: str | None = None) -> Text:
    """A commit: who, when, its whole summary, and (after Enter) what it changed."""
    out = Text(end="")
    out.append_text(label(("COMMIT", "bold reverse"), " ", (entry.short, "bold")))
    out.append("\n")
    # "2026-06-02 10:00": the seconds and the zone broke the line in a narrow pane.
    out.append_text(label((entry.author, "cyan"), ("  ", ""), (entry.date[:16].replace("T", " "), "dim")))
    out.append("\n")
    out.append_text(label(("coverage after it ", "dim"), f"{percent(entry.coverage)} ({entry.aligned}/{entry.active})"))
    out.append("\n\n")
    if entry.subject and entry.subject != entry.summary:
        # What its author wrote, then what it did to the board.
        out.append_text(label((entry.subject, "bold")))
        out.append("\n")
    out.append_text(label(entry.summary))
    out.append("\n\n")
    if changes is None:
        out.append("Enter shows what it changed, by meaning.", style="dim")
    else:
        for line_ in changes.splitlines():
            out.append_text(label(line_))
            out.append("\n")
    return out


# -- the detail pane ----------------------------------------------------------------


def selection_detail(state: BoardState, selected: str | None, finding: Finding | None = None) -> Text | None:
    """What the detail pane shows of a selection: the highlighted finding, then its node or place in a file."""
    if is_evidence_path(selected):
        evidence = EvidenceIndex.of(state).by_path.get(str(selected))
        return discovery_details.evidence_detail(evidence) if evidence else None
    text = finding_detail(state, finding) if finding is not None else None
    node = state.analysis.index.get(selected) if selected else None
    where = parse_location(selected) if selected else None
    below = detail(state, node) if node else location_detail(state, *where) if where else None
    if text is not None and node is None and where is not None and node_at(state, *where) is None:
        below = None  # A place with no node: the finding above says all there is.
    if text is None or below is None:
        return text or below
    text.append("\n\n")
    text.append_text(below)
    return text
