"""What the TUI shows of a board state, as plain data: labels, rows, chains.

Kept apart from the widgets so each widget only lays out what it is given,
and so the words a trio reads are in one place.
"""

from __future__ import annotations

from rich.text import Text

from trioboard.core.analysis import BlockKind, TeamBlock
from trioboard.core.findings import Finding, Severity
from trioboard.core.model import TRIO_ROLES, Goal, Item, Node, Outcome, Team
from trioboard.tui.text import BLOCKED, DONE, DROPPED, UNLINKED, clean, label, percent
from trioboard.workspace import BoardState

SEVERITY_MARK = {
    Severity.ERROR: ("✖ error", "bold red"),
    Severity.WARNING: ("▲ warning", "yellow"),
    Severity.INFO: ("● info", "cyan"),
}


def item_state(state: BoardState, item: Item) -> tuple[str, str]:
    """The mark and style of an item: blocked, no link, done, dropped, or nothing."""
    a = state.analysis
    if item.status == "dropped":
        return DROPPED, "dim"
    if item.status == "done":
        return DONE, "green"
    if item.id in a.blocked:
        return BLOCKED, "bold red"
    if item.id in a.unlinked:
        return UNLINKED, "yellow"
    return "", ""


def item_label(state: BoardState, item: Item, *, team: bool = True) -> Text:
    """`⊘ blocked one-click-pay  One-click pay for returning renters  (checkout)`."""
    mark, style = item_state(state, item)
    parts: list[tuple[object, str] | str] = []
    if mark:
        parts.append((mark + " ", style))
    parts += [(item.id, "bold"), "  ", item.title]
    if team:
        parts.append((f"  ({item.team})", "dim"))
    return label(*parts)


def outcome_label(state: BoardState, outcome: Outcome) -> Text:
    """An outcome, marked when it serves no goal."""
    linked = bool(state.analysis.outcome_goals.get(outcome.id))
    parts: list[tuple[object, str] | str] = [] if linked else [(UNLINKED + " ", "yellow")]
    return label(*parts, ("◆ ", "green"), (outcome.id, "bold"), "  ", outcome.title, (f"  ({outcome.team})", "dim"))


def goal_label(state: BoardState, goal: Goal) -> Text:
    """A goal, with how many outcomes serve it."""
    served = len(state.analysis.goal_outcomes.get(goal.id, []))
    tail = (
        (f"  {served} outcome{'s' if served != 1 else ''}", "dim") if served else ("  ⚠ no outcome serves it", "yellow")
    )
    return label(("◎ ", "bold blue"), (goal.id, "bold"), "  ", goal.title, tail)


def team_row(state: BoardState, team: Team) -> list[Text]:
    """Team, trio, now/next/later, coverage, blocked: the Teams table's cells."""
    a = state.analysis
    active = [i for i in team.items if i.active and a.index.get(i.id) is i]
    counts = [sum(1 for i in active if i.horizon == h) for h in ("now", "next", "later")]
    trio = " · ".join(clean(team.trio.get(role, "—")) for role in TRIO_ROLES)
    blocks = a.team_blocks.get(team.id, [])
    # The column is headed "blocked": the symbol and the reason say the rest.
    blocked = label(("⊘ ", "bold red"), _why(blocks[0])) if blocks else Text("")
    if len(blocks) > 1:
        blocked.append(f" (+{len(blocks) - 1} more)", style="dim")
    return [
        label((team.id, "bold")),
        *(Text(str(n), justify="right") for n in counts),
        Text(percent(a.coverage[team.id].ratio) if team.id in a.coverage else "—", justify="right"),
        blocked,
        label(team.name, ": ", trio),
    ]


def _why(reason: TeamBlock) -> str:
    """The shortest useful account of one reason: the full text is in the detail pane."""
    if reason.kind is BlockKind.BLOCKED:
        return reason.text.removeprefix("blocked: ")
    if reason.kind is BlockKind.NOW_ITEM and reason.chains:
        root = reason.chains[0].cause
        if root.id == reason.item:
            return f"{reason.item}: {root.describe()}"
        return f"{reason.item} ← {root.id}" + (f" ({root.team})" if root.team else "")
    return "no clarity"


def finding_label(finding: Finding) -> Text:
    """`✖ error  unknown-ref  teams/search.yaml:43  'outcomes' of item …`."""
    mark, style = SEVERITY_MARK[finding.severity]
    return label(
        (mark, style),
        "  ",
        (finding.rule, "bold"),
        "  ",
        (f"{finding.file}:{finding.line}", "dim"),
        "  ",
        finding.message,
    )


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
    elif isinstance(node, Goal):
        for key in ("metric", "target", "owner"):
            value = getattr(node, key)
            if value:
                line((f"{key} ", "dim"), value)
        _links(line, "served by", a.goal_outcomes.get(node.id, []), state)
    elif isinstance(node, Team):
        for role in TRIO_ROLES:
            line((f"{role:<12}", "dim"), node.trio.get(role, "— missing"))
        cov = a.coverage.get(node.id)
        if cov is not None:
            line(("coverage ", "dim"), f"{percent(cov.ratio)} ({cov.aligned} of {cov.active} active items aligned)")
        for reason in a.team_blocks.get(node.id, []):
            line(("⊘ ", "bold red"), reason.text)
    notes = node.extras.notes
    if notes:
        out.append("\n")
        line(("notes", "dim"))
        for note_line in notes.splitlines():
            line("  ", note_line)
    for link in node.extras.links:
        line(("link ", "dim"), link)
    findings = [f for f in state.findings if node.id in f.ids[:1]]
    if findings:
        out.append("\n")
        for f in findings:
            mark, style = SEVERITY_MARK[f.severity]
            line((mark, style), " ", (f.rule, "bold"), " ", f.message)
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
