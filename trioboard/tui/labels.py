"""What the TUI shows of a board state in a line: labels, rows, marks, choices.

Kept apart from the widgets so each widget only lays out what it is given,
and so the words a trio reads are in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text

from trioboard.core.analysis import NO_CLARITY, BlockKind, TeamBlock, clarity_only
from trioboard.core.findings import Finding, Severity
from trioboard.core.model import TRIO_ROLES, Goal, Item, Node, Outcome, Team
from trioboard.core.results import BoardState, Standing, SyncResult
from trioboard.core.text import plural
from trioboard.core.vocabulary import TrioRole
from trioboard.tui.dialogs import Choice
from trioboard.tui.text import BLOCKED, DONE, DROPPED, NEWLINE, UNLINKED, clean, label, middle_cut, percent

INCOMPLETE_TRIO = "◑ trio"
"""A team with a trio role missing (the trio column names which)."""

NO_CLARITY_MARK = "◌"
"""A team that has no clarity (not blocked: it waits on no one, it cannot tell what to do next)."""

SEVERITY_MARK = {
    Severity.ERROR: ("✖ error", "bold red"),
    Severity.WARNING: ("▲ warning", "yellow"),
    Severity.INFO: ("● info", "cyan"),
}


# -- where findings point, and the marks they leave -----------------------------

MARKS = {
    "error": ("✖ error", "bold red"),
    "schedule-conflict": ("↯ schedule", "magenta"),
    "wip-limit": ("▲ WIP", "yellow"),
}
"""The findings a node or team row is marked for, in words as well as symbols."""


def role_words(role: str) -> str:
    """A trio role in words, as every label and message spells it: `product lead`."""
    return TrioRole(role).words


def location(file: str, line: int) -> str:
    """A place in a board file as a selection: `teams/search.yaml:23`.

    Node ids never hold `:` or `/`, so a selection is a node id or a location.
    """
    return f"{file}:{line}"


def parse_location(selection: str) -> tuple[str, int] | None:
    """(file, line) of a location selection; None for a node id."""
    if ":" not in selection:
        return None
    file, _, line = selection.rpartition(":")
    return (file, int(line)) if line.isdigit() else None


def node_at(state: BoardState, file: str, line: int) -> Node | None:
    """The node written at or nearest above a line of a file, duplicates included."""
    best: Node | None = None
    for node in state.board.nodes():
        pos = node.pos
        if pos.file == file and pos.line <= line and (best is None or pos.line >= best.pos.line):
            best = node
    return best


def finding_target(state: BoardState, finding: Finding) -> str:
    """Where Enter on a finding goes: the node it is about, or its file and line.

    The node named first when it lives in the finding's file; else the node
    written where the finding points (a schema error names no id); a node
    that is not on the board (the second of a duplicate id) or no node at
    all (a file that does not parse) is shown by its location.
    """
    index = state.analysis.index
    first = index.get(finding.ids[0]) if finding.ids else None
    if first is not None and first.pos.file == finding.file:
        return first.id
    written = node_at(state, finding.file, finding.line)
    if written is not None:
        return written.id if index.get(written.id) is written else location(written.pos.file, written.pos.line)
    if first is not None:
        return first.id
    return location(finding.file, finding.line)


class _Marks:
    """The findings that mark each node, worked out once per state."""

    def __init__(self, state: BoardState) -> None:
        self.state = state
        self.by_target: dict[str, list[Finding]] = {}
        self.by_file: dict[str, list[Finding]] = {}
        for finding in state.findings:
            self.by_target.setdefault(finding_target(state, finding), []).append(finding)
            self.by_file.setdefault(finding.file, []).append(finding)


_marks_cache: list[_Marks] = []


def _marks(state: BoardState) -> _Marks:
    if not _marks_cache or _marks_cache[0].state is not state:
        _marks_cache[:] = [_Marks(state)]
    return _marks_cache[0]


def findings_at(state: BoardState, target: str) -> list[Finding]:
    """The findings that point at a node id or a location."""
    return _marks(state).by_target.get(target, [])


def _mark_kinds(findings: list[Finding]) -> list[str]:
    kinds = []
    if any(f.severity is Severity.ERROR for f in findings):
        kinds.append("error")
    kinds += [rule for rule in ("schedule-conflict", "wip-limit") if any(f.rule == rule for f in findings)]
    return kinds


def node_marks(state: BoardState, target: str) -> list[tuple[str, str]]:
    """(text, style) of the marks a node or location carries: error, schedule conflict, WIP."""
    return [MARKS[kind] for kind in _mark_kinds(findings_at(state, target))]


def team_marks(state: BoardState, file: str) -> Text:
    """The marks of a team row, counted over its whole file: `✖ 2  ↯ 1  ▲ WIP`."""
    findings = _marks(state).by_file.get(file, [])
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    conflicts = sum(1 for f in findings if f.rule == "schedule-conflict")
    parts: list[tuple[str, str]] = []
    if errors:
        parts.append((f"✖ {errors}", "bold red"))
    if conflicts:
        parts.append((f"↯ {conflicts}", "magenta"))
    if any(f.rule == "wip-limit" for f in findings):
        parts.append(("▲ WIP", "yellow"))
    if any(f.rule == "incomplete-trio" for f in findings):
        parts.append((INCOMPLETE_TRIO, "yellow"))
    out = Text(end="")
    for n, part in enumerate(parts):
        out.append(("  " if n else "") + part[0], style=part[1])
    return out


def _with_marks(state: BoardState, target: str, parts: list[tuple[object, str] | str]) -> None:
    for text, style in node_marks(state, target):
        parts.append((text + " ", style))


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
    """`⊘ blocked one-click-pay  now·in-progress  One-click pay for returning renters  (checkout)`.

    Horizon and status come before the title, so a narrow tree still shows them.
    """
    mark, style = item_state(state, item)
    parts: list[tuple[object, str] | str] = []
    if mark:
        parts.append((mark + " ", style))
    _with_marks(state, node_target(state, item), parts)
    plan = item.horizon if item.status == "planned" else f"{item.horizon}·{item.status}"
    parts += [(item.id, "bold"), "  ", (plan, "cyan"), "  ", item.title]
    if team:
        parts.append((f"  ({item.team})", "dim"))
    return label(*parts)


def node_target(state: BoardState, node: Node) -> str:
    """A node's selection: its id, or its location when another node holds the id."""
    return node.id if state.analysis.index.get(node.id) is node else location(node.pos.file, node.pos.line)


ROADMAP_MARKS: dict[str, tuple[str, Callable[[BoardState, Item], bool]]] = {
    "blocked": ("⊘ blocked items, every team", lambda state, item: item.id in state.analysis.blocked),
    "unlinked": ("⚠ items with no link, every team", lambda state, item: item.id in state.analysis.unlinked),
    "error": (
        "✖ items with an error, every team",
        lambda state, item: any(f.severity is Severity.ERROR for f in findings_at(state, node_target(state, item))),
    ),
}
"""The Roadmap filter's choices beside the teams: what the marks say, across every team."""


def roadmap_id(state: BoardState, item: Item) -> str:
    """An item's selection in the Roadmap: its location when it is a duplicate not on the board."""
    return node_target(state, item)


def roadmap_label(state: BoardState, item: Item, width: int = 0) -> Text:
    """Two lines, so a narrow column keeps the title: marks, id and team, then the title.

    A third, `◇ ids`, names the opportunities the item answers, when it answers any.

    With the column's `width`, an id too long for it is cut in the middle
    (and the team, which the detail pane shows, gives way).
    """
    # Symbols only: the column is narrow, the detail pane and `?` say them in words.
    mark, style = item_state(state, item)
    parts: list[tuple[object, str] | str] = []
    if mark:
        parts.append((mark[0] + " ", style))
    parts += [(text[0] + " ", mark_style) for text, mark_style in node_marks(state, node_target(state, item))]
    room = width - sum(len(str(part[0])) for part in parts)
    if width and len(item.id) > room:
        parts.append((middle_cut(item.id, room), "bold"))
    elif width and len(item.id) + 3 > room:
        parts.append((item.id, "bold"))  # whole: a team cut to "…" would take the id's last letter
    else:
        parts += [(item.id, "bold"), "  ", (item.team, "cyan")]
    out = label(*parts)
    out.append("\n ")
    out.append_text(label(item.title))
    if item.opportunities:
        # Between the outcomes and the item (SPEC 11): the opportunities it answers.
        out.append_text(label(NEWLINE, ("  ◇ ", "magenta"), (", ".join(r.id for r in item.opportunities), "dim")))
    return out


def outcome_label(state: BoardState, outcome: Outcome) -> Text:
    """An outcome, marked when it serves no goal."""
    linked = bool(state.analysis.outcome_goals.get(outcome.id))
    parts: list[tuple[object, str] | str] = [] if linked else [(UNLINKED + " ", "yellow")]
    _with_marks(state, outcome.id, parts)
    return label(*parts, ("◆ ", "green"), (outcome.id, "bold"), "  ", outcome.title, (f"  ({outcome.team})", "dim"))


def goal_label(state: BoardState, goal: Goal) -> Text:
    """A goal, with how many outcomes serve it."""
    served = len(state.analysis.goal_outcomes.get(goal.id, []))
    tail = (f"  {plural(served, 'outcome')}", "dim") if served else ("  ⚠ no outcome serves it", "yellow")
    parts: list[tuple[object, str] | str] = [("◎ ", "bold blue")]
    _with_marks(state, goal.id, parts)
    return label(*parts, (goal.id, "bold"), "  ", goal.title, tail)


def team_row(state: BoardState, team: Team) -> list[Text]:
    """Team, trio, now/next/later, coverage, blocked: the Teams table's cells."""
    a = state.analysis
    active = [i for i in team.items if i.active and a.index.get(i.id) is i]
    counts = [sum(1 for i in active if i.horizon == h) for h in ("now", "next", "later")]
    trio = " · ".join(clean(team.trio[r]) if r in team.trio else f"— no {role_words(r)}" for r in TRIO_ROLES)
    blocks = a.team_blocks.get(team.id, [])
    unclear = clarity_only(blocks)
    # The symbol and the reason say the rest; no clarity is its own word, never "blocked".
    if unclear:
        blocked = label((f"{NO_CLARITY_MARK} ", "bold yellow"), (blocks[0].text, "yellow"))
    else:
        blocked = label(("⊘ ", "bold red"), _why(blocks[0])) if blocks else Text("")
    if len(blocks) > 1:
        blocked.append(f" (+{len(blocks) - 1} more)", style="dim")
    return [
        label((team.id, "bold")),
        *(Text(str(n), justify="right") for n in counts),
        Text(percent(a.coverage[team.id].ratio) if team.id in a.coverage else "—", justify="right"),
        _team_marks(state, team, bool(blocks), unclear=unclear),
        blocked,
        label(team.name, ": ", trio),
    ]


def _team_marks(state: BoardState, team: Team, blocked: bool, *, unclear: bool = False) -> Text:
    """A team row's marks, led by ⊘ when it is blocked (◌ when it has no clarity): that column is off screen at 80."""
    marks = team_marks(state, team.pos.file)
    if not blocked:
        return marks
    out = label((NO_CLARITY_MARK, "bold yellow")) if unclear else label(("⊘", "bold red"))
    if marks.plain:
        out.append("  ")
        out.append_text(marks)
    return out


def unreadable_team_row(team: Unreadable) -> list[Text]:
    """A team file that does not parse, in the Teams table: said, not silently left out."""
    name = team.file.rsplit("/", 1)[-1].removesuffix(".yaml")
    return [
        label(("✖ ", "bold red"), (name, "bold")),
        *(Text("?", justify="right") for _ in range(4)),
        label(("✖ 1", "bold red")),
        label(("does not parse: ", "bold red"), team.why),
        label((team.file, "dim")),
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
    return NO_CLARITY


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A team file that does not parse: its team is missing from the board."""

    file: str
    line: int
    message: str

    @property
    def why(self) -> str:
        """`line 10: not valid YAML: …`."""
        return f"line {self.line}: {self.message}"


def unreadable_teams(state: BoardState) -> list[Unreadable]:
    """Each team file that does not parse."""
    out = []
    for entry in state.board.problems:
        if entry.file == "board.yaml":
            continue
        problem = next((p for p in entry.problems if p.rule == "parse-error"), None)
        if problem is not None:
            out.append(Unreadable(entry.file, problem.line, problem.message))
    return out


def node_choice(node: Node) -> Choice:
    """A node as find and the pickers offer it: kind, id, team, title.

    The team comes before the title, so it survives a narrow terminal: on
    the Rust board many items are titled alike and only the team tells them apart.
    """
    team = node.team if isinstance(node, Item | Outcome) else ""
    parts: list[tuple[object, str] | str] = [(f"{node.kind.value:<8}", "dim"), (node.id, "bold"), "  "]
    if team:
        parts.append((f"{team}  ", "cyan"))
    parts.append(node.title)
    return Choice(node.id, label(*parts), clean(f"{node.title} {team}"))


def team_choice(team: Team) -> Choice:
    """A team in the move picker."""
    return Choice(team.id, label((team.id, "bold"), "  ", team.name), clean(team.name))


def unreadable_team_choice(team: Unreadable) -> Choice:
    """A team file that does not parse: listed, so it is not silently missing, but not offered."""
    return Choice(
        location(team.file, team.line),
        label(("✖ ", "bold red"), (team.file, "bold"), ("  does not parse: ", "red"), team.why),
        clean(team.file),
        enabled=False,
    )


def finding_filters(state: BoardState) -> list[tuple[str, str]]:
    """The Findings filter's choices: each severity, rule and team that has findings, with counts."""
    severities: dict[str, int] = {}
    rules: dict[str, int] = {}
    teams: dict[str, int] = {}
    team_of_file = {t.pos.file: t.id for t in state.board.teams}
    for f in state.findings:
        severities[f.severity.value] = severities.get(f.severity.value, 0) + 1
        rules[f.rule] = rules.get(f.rule, 0) + 1
        team = team_of_file.get(f.file)
        if team:
            teams[team] = teams.get(team, 0) + 1
    # Errors first, as the list has them.
    ordered = sorted(severities.items(), key=lambda sn: -Severity(sn[0]).rank)
    out = [(f"severity {s} ({n})", f"severity:{s}") for s, n in ordered]
    out += [(f"rule {r} ({n})", f"rule:{r}") for r, n in sorted(rules.items())]
    out += [(clean(f"team {t} ({n})"), f"team:{t}") for t, n in sorted(teams.items())]
    return out


def finding_filter(state: BoardState, choice: str) -> Callable[[Finding], bool] | None:
    """What a Findings filter choice keeps; None keeps everything."""
    kind, _, value = choice.partition(":")
    if kind == "severity":
        return lambda f: f.severity.value == value
    if kind == "rule":
        return lambda f: f.rule == value
    if kind == "team":
        files = {t.pos.file for t in state.board.teams if t.id == value}
        return lambda f: f.file in files
    return None


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


# -- sync ------------------------------------------------------------------------


def standing_text(standing: Standing, last_sync: str | None) -> Text:
    """`↑2 ↓1 · synced 14:05`, "up to date", "no upstream"; empty when there is no remote at all.

    A merge, rebase or cherry-pick in progress comes first (`⚠ merge in
    progress`): edits are refused until it is finished.
    """
    out = Text()
    if standing.busy:
        what = standing.busy.partition(" is in progress")[0].removeprefix("a ").removeprefix("an ")
        out.append(f"⚠ {what} in progress", style="bold yellow")
    if not standing.has_remote:
        return out
    if standing.upstream is None:
        text = "no upstream"
    elif standing.ahead or standing.behind:
        text = " ".join(
            part
            for part in (
                f"↑{standing.ahead}" if standing.ahead else "",
                f"↓{standing.behind}" if standing.behind else "",
            )
            if part
        )
    else:
        text = "up to date"
    if last_sync:
        text += f" · synced {last_sync}"
    if out:
        out.append("  ")
    out.append(text)
    return out


def sync_summary(result: SyncResult) -> str:
    """One line for the status line: what a sync did, and its notes (a touchpoint kept under a new name).

    The line may be cut on screen; the messages log (`M`) keeps it whole.
    """
    notes = [f"note: {note}" for note in result.notes]
    if not result.came_in and not result.went_out:
        return "; ".join([f"{result.upstream}: up to date", *notes])
    parts = [f"synced with {result.upstream}: {result.came_in} in, {result.went_out} out"]
    if result.went_out and not result.pushed:
        parts.append("not pushed")
    if result.new_findings:
        n = len(result.new_findings)
        parts.append(plural(n, "new finding"))
    return "; ".join(parts + notes)
