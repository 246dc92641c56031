"""Two versions of a board → what changed in alignment terms (SPEC `trioboard diff`).

Nodes are matched by id, so a retitle is a retitle and an item that changed
team is a move, not a removal and an addition. Besides the edits themselves
it reports their consequences, which a line diff cannot show: items that
gained or lost their strategy link, work and teams that became blocked or
unblocked, and coverage before and after.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from trioboard.core.analysis import Analysis, Coverage
from trioboard.core.model import Board, Item, Kind, Node, Outcome, Policy, Team

CHANGE_KINDS = (
    "added",
    "removed",
    "retitled",
    "moved",
    "horizon",
    "status",
    "blocked",
    "unblocked",
    "link-added",
    "link-removed",
    "became-unlinked",
    "became-aligned",
    "team-blocked",
    "team-unblocked",
)
"""Every `change` value, as the SPEC lists them."""

_KIND_ORDER = {Kind.GOAL: 0, Kind.TEAM: 1, Kind.OUTCOME: 2, Kind.ITEM: 3}


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One version of a board and its analysis."""

    board: Board
    analysis: Analysis


@dataclass(frozen=True, slots=True)
class Change:
    """One change: what happened to which node, with its details."""

    change: str
    kind: Kind
    id: str
    details: tuple[tuple[str, object], ...] = ()
    """Extra fields in JSON order: target, from/to, reason or reasons."""

    def get(self, key: str) -> object:
        """A detail by name, or None."""
        return dict(self.details).get(key)

    def as_dict(self) -> dict[str, object]:
        """The JSON object of the SPEC: change, kind, id, then the details."""
        return {"change": self.change, "kind": self.kind.value, "id": self.id, **dict(self.details)}


@dataclass(frozen=True, slots=True)
class CoverageShift:
    """Coverage before and after, for the board and each team (None: the team was not there)."""

    before: Coverage
    after: Coverage
    teams: dict[str, tuple[Coverage | None, Coverage | None]] = field(default_factory=dict)

    def changed_teams(self) -> dict[str, tuple[Coverage | None, Coverage | None]]:
        """Only the teams whose coverage moved, or which came or went."""
        return {t: (a, b) for t, (a, b) in self.teams.items() if _ratio(a) != _ratio(b) or (a is None) != (b is None)}


def _ratio(coverage: Coverage | None) -> float | None:
    return coverage.ratio if coverage else None


@dataclass(frozen=True, slots=True)
class BoardDiff:
    """Everything that changed between two versions."""

    changes: list[Change]
    coverage: CoverageShift

    def count(self, change: str, kind: Kind | None = None) -> int:
        """How many changes of one kind."""
        return sum(1 for c in self.changes if c.change == change and (kind is None or c.kind is kind))


def empty_board() -> Board:
    """A board with nothing in it: what a revision without the board compares as."""
    return Board(name="", goals=[], teams=[], policy=Policy(), problems=[], files=[])


def diff(before: Snapshot, after: Snapshot) -> BoardDiff:
    """What changed from `before` to `after`."""
    old, new = before.analysis.index, after.analysis.index
    changes: list[Change] = []
    for node_id in _ids_to_compare(before.board, after.board):
        prior, node = old.get(node_id), new.get(node_id)
        if node is not None and (prior is None or prior.kind is not node.kind):
            changes.append(Change("added", node.kind, node_id, (("title", node.title),)))
        if prior is not None and (node is None or node.kind is not prior.kind):
            changes.append(Change("removed", prior.kind, node_id, (("title", prior.title),)))
        if prior is not None and node is not None and prior.kind is node.kind:
            changes.extend(_node_changes(prior, node))
    changes.extend(_alignment_changes(before, after))
    changes.extend(_blocking_changes(before, after))
    changes.sort(key=_change_order)
    return BoardDiff(changes, _coverage(before.analysis, after.analysis))


def _ids_to_compare(before: Board, after: Board) -> list[str]:
    """The ids whose definitions may differ.

    A team (or the goals) that is the very same object in both versions did
    not change: `history` reuses the model of a file whose blob is the same,
    so walking a long history compares only the files each commit touched.
    """
    ids: dict[str, None] = {}
    if before.goals is not after.goals:
        ids.update((g.id, None) for g in (*before.goals, *after.goals))
    old_teams = {t.id: t for t in before.teams}
    new_teams = {t.id: t for t in after.teams}
    for team_id in (*old_teams, *new_teams):
        old_team, new_team = old_teams.get(team_id), new_teams.get(team_id)
        if old_team is new_team:
            continue
        for team in (old_team, new_team):
            if team is not None:
                ids[team.id] = None
                ids.update((outcome.id, None) for outcome in team.outcomes)
                ids.update((item.id, None) for item in team.items)
    return list(ids)


def _change_order(change: Change) -> tuple[int, int, str, str]:
    return (CHANGE_KINDS.index(change.change), _KIND_ORDER[change.kind], change.id, str(change.get("target") or ""))


def _node_changes(prior: Node, node: Node) -> list[Change]:
    out = []
    if prior.title != node.title:
        out.append(Change("retitled", node.kind, node.id, (("from", prior.title), ("to", node.title))))
    if isinstance(prior, Item) and isinstance(node, Item):
        if prior.team != node.team:
            out.append(Change("moved", node.kind, node.id, (("from", prior.team), ("to", node.team))))
        for attr in ("horizon", "status"):
            a, b = getattr(prior, attr), getattr(node, attr)
            if a != b:
                out.append(Change(attr, node.kind, node.id, (("from", a), ("to", b))))
        out.extend(_link_changes(node, [r.id for r in prior.outcomes], [r.id for r in node.outcomes]))
        out.extend(_link_changes(node, [r.id for r in prior.depends_on], [r.id for r in node.depends_on]))
    elif isinstance(prior, Outcome) and isinstance(node, Outcome):
        out.extend(_link_changes(node, [r.id for r in prior.goals], [r.id for r in node.goals]))
    return out


def _link_changes(node: Node, before: list[str], after: list[str]) -> list[Change]:
    gone = [t for t in dict.fromkeys(before) if t not in after]
    made = [t for t in dict.fromkeys(after) if t not in before]
    return [Change("link-removed", node.kind, node.id, (("target", t),)) for t in gone] + [
        Change("link-added", node.kind, node.id, (("target", t),)) for t in made
    ]


def _alignment_changes(before: Snapshot, after: Snapshot) -> list[Change]:
    out = []
    was_unlinked = before.analysis.unlinked
    for item_id, reason in after.analysis.unlinked.items():
        if item_id not in was_unlinked:
            out.append(Change("became-unlinked", Kind.ITEM, item_id, (("reason", reason),)))
    for item_id in after.analysis.aligned:
        if item_id in was_unlinked:
            out.append(Change("became-aligned", Kind.ITEM, item_id))
    return out


def _blocking_changes(before: Snapshot, after: Snapshot) -> list[Change]:
    out = []
    old, new = before.analysis, after.analysis
    for item_id, chains in new.blocked.items():
        if item_id not in old.blocked:
            chain_texts = [c.describe(new.team_of) for c in chains]
            out.append(Change("blocked", Kind.ITEM, item_id, (("reasons", chain_texts),)))
    for item_id in old.blocked:
        if item_id not in new.blocked and isinstance(new.index.get(item_id), Item):
            out.append(Change("unblocked", Kind.ITEM, item_id))
    for team_id, reasons in new.team_blocks.items():
        if team_id not in old.team_blocks:
            out.append(Change("team-blocked", Kind.TEAM, team_id, (("reasons", [r.text for r in reasons]),)))
    for team_id in old.team_blocks:
        if team_id not in new.team_blocks and isinstance(new.index.get(team_id), Team):
            out.append(Change("team-unblocked", Kind.TEAM, team_id))
    return out


def _coverage(before: Analysis, after: Analysis) -> CoverageShift:
    teams = {
        team_id: (before.coverage.get(team_id), after.coverage.get(team_id))
        for team_id in sorted(set(before.coverage) | set(after.coverage))
    }
    return CoverageShift(before.board_coverage, after.board_coverage, teams)


def describe(change: Change) -> str:
    """One change as a short phrase: `link one-click-pay → checkout-conversion`."""
    c, kind, node_id = change.change, change.kind.value, change.id
    if c in ("added", "removed"):
        return f"{c} {kind} {node_id}"
    if c == "retitled":
        return f"retitled {kind} {node_id}"
    if c == "moved":
        return f"moved {node_id} from {change.get('from')} to {change.get('to')}"
    if c in ("horizon", "status"):
        return f"{node_id} {c} {change.get('from')} → {change.get('to')}"
    if c == "link-added":
        return f"linked {node_id} → {change.get('target')}"
    if c == "link-removed":
        return f"unlinked {node_id} ↛ {change.get('target')}"
    if c == "became-unlinked":
        return f"{node_id} lost its strategy link"
    if c == "became-aligned":
        return f"{node_id} gained a strategy link"
    if c in ("blocked", "team-blocked"):
        return f"{node_id} became blocked"
    return f"{node_id} unblocked"


def summary_line(result: BoardDiff, limit: int = 3) -> str:
    """The changes in one line, the edits first: what `trioboard log` shows.

    A few changes are named one by one; more are counted by what they are.
    """
    if not result.changes:
        return "no alignment change"
    edits = [c for c in result.changes if c.change not in _CONSEQUENCES]
    consequences = [c for c in result.changes if c.change in _CONSEQUENCES]
    if len(edits) + len(consequences) <= limit:
        return "; ".join(describe(c) for c in edits + consequences)
    parts = _counted(edits) if len(edits) > limit else [describe(c) for c in edits]
    blocked_teams = [c.id for c in consequences if c.change == "team-blocked"]
    freed_teams = [c.id for c in consequences if c.change == "team-unblocked"]
    for change, phrase in _CONSEQUENCE_PHRASES:
        n = sum(1 for c in consequences if c.change == change)
        if n:
            parts.append(phrase.format(n=n, s="" if n == 1 else "s"))
    if blocked_teams:
        parts.append(f"blocked team{'s' if len(blocked_teams) > 1 else ''}: {_few(blocked_teams)}")
    if freed_teams:
        parts.append(f"unblocked team{'s' if len(freed_teams) > 1 else ''}: {_few(freed_teams)}")
    return "; ".join(parts)


def _counted(edits: list[Change]) -> list[str]:
    parts = []
    for change in ("added", "removed", "retitled", "moved"):
        by_kind: dict[Kind, int] = {}
        for c in edits:
            if c.change == change:
                by_kind[c.kind] = by_kind.get(c.kind, 0) + 1
        if by_kind:
            ordered = sorted(by_kind.items(), key=_by_kind)
            counted = ", ".join(f"{n} {k.value}{'' if n == 1 else 's'}" for k, n in ordered)
            parts.append(f"{change} {counted}")
    for change, phrase in _EDIT_PHRASES:
        n = sum(1 for c in edits if c.change == change)
        if n:
            parts.append(phrase.format(n=n, s="" if n == 1 else "s"))
    return parts


def _by_kind(entry: tuple[Kind, int]) -> int:
    return _KIND_ORDER[entry[0]]


def _few(ids: list[str], limit: int = 3) -> str:
    return ", ".join(ids[:limit]) + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


_CONSEQUENCES = frozenset(
    ("became-unlinked", "became-aligned", "blocked", "unblocked", "team-blocked", "team-unblocked")
)
_EDIT_PHRASES = (
    ("horizon", "{n} horizon move{s}"),
    ("status", "{n} status change{s}"),
    ("link-added", "{n} link{s} made"),
    ("link-removed", "{n} link{s} broken"),
)
_CONSEQUENCE_PHRASES = (
    ("became-unlinked", "{n} item{s} lost the strategy link"),
    ("became-aligned", "{n} item{s} gained a strategy link"),
    ("blocked", "{n} item{s} became blocked"),
    ("unblocked", "{n} item{s} unblocked"),
)
