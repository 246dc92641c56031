"""Alignment (SPEC section 3): what is tied to strategy, what is blocked, and why.

The board is a directed graph, item → outcome → goal (or item →
opportunity → outcome → goal, see `core.opportunities`) and item → item for
`depends_on`. This module computes, once per board state, everything the
rules, the reports and the TUI show: the reason an item has no strategy
link, the chain from a blocked item down to each root cause, why a team is
blocked, the dependency cycles in order, and coverage.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from trioboard.core.model import (
    ACTIVE_STATUSES,
    HORIZONS,
    Board,
    Goal,
    Item,
    Kind,
    Node,
    Opportunity,
    Outcome,
    Ref,
    Team,
)
from trioboard.core.opportunities import (
    OpportunityTree,
    build_tree,
    names,
    opportunity_items,
    opportunity_parts,
    which_not,
)
from trioboard.core.text import noun

if TYPE_CHECKING:
    import networkx as nx

# networkx is imported where the graph is built: importing it costs more than
# a short command (git's merge driver, textconv) takes in all, and they never
# analyse a board.

_HORIZON_RANK = {h: i for i, h in enumerate(HORIZONS)}
_CHAIN_HEAD = 6
"""Hops shown from the blocked item before a long chain is shortened."""


class CauseKind(StrEnum):
    """What is at the bottom of a dependency chain."""

    BLOCKED = "blocked"
    """The item says so (`blocked:`)."""
    DROPPED = "dropped"
    MISSING = "missing"
    """No such item."""
    CYCLE = "cycle"


class BlockKind(StrEnum):
    """Why a team is blocked."""

    BLOCKED = "blocked"
    """The team says so."""
    NOW_ITEM = "now-item"
    NO_CLARITY = "no-clarity"
    """Nothing the team owns ties to strategy: it is not waiting on anyone, it does not know what to do next."""


NO_CLARITY = "no clarity"
"""The words for a team with no clarity: its own, never just "blocked" (leaders read that as a dependency)."""


@dataclass(frozen=True, slots=True)
class RootCause:
    """Why something at the bottom of a dependency chain is blocked."""

    kind: CauseKind
    id: str
    """The item at the root (for `missing`, the id that names nothing)."""
    team: str | None
    detail: str = ""
    """The `blocked:` text, or the cycle written out."""

    def describe(self) -> str:
        """The last link of a chain: `blocked: "PCI audit"`."""
        if self.kind is CauseKind.BLOCKED:
            return f'blocked: "{self.detail}"'
        if self.kind is CauseKind.DROPPED:
            return "dropped"
        if self.kind is CauseKind.MISSING:
            return "no such item"
        return f"in a dependency cycle: {self.detail}"


@dataclass(frozen=True, slots=True)
class Chain:
    """A blocked item's path down to one root cause.

    `path` runs from the blocked item to the item at the root; a long path
    keeps its head and its tail, and `skipped` counts the hops left out.
    """

    path: tuple[str, ...]
    cause: RootCause
    skipped: int = 0

    def describe(self, team_of: dict[str, str]) -> str:
        """`one-click-pay ← tokenize-cards (payments) ← blocked: "PCI audit"`."""
        parts = []
        for position, item_id in enumerate(self.path):
            if position == 0 or item_id not in team_of:
                parts.append(item_id)
            else:
                parts.append(f"{item_id} ({team_of[item_id]})")
            if self.skipped and position == _CHAIN_HEAD - 1:
                parts.append(f"… {self.skipped} more …")
        parts.append(self.cause.describe())
        return " ← ".join(parts)


@dataclass(frozen=True, slots=True)
class TeamBlock:
    """One reason a team is blocked."""

    kind: BlockKind
    text: str
    item: str | None = None
    chains: tuple[Chain, ...] = ()


def clarity_only(reasons: Iterable[TeamBlock | str]) -> bool:
    """Whether a team's only reason is that it has no clarity (reasons, or their texts as a diff keeps them)."""
    texts = [r.text if isinstance(r, TeamBlock) else r for r in reasons]
    return bool(texts) and all(t.startswith(f"{NO_CLARITY}: ") for t in texts)


@dataclass(frozen=True, slots=True)
class Coverage:
    """Aligned active items out of all active items."""

    aligned: int
    active: int

    @property
    def ratio(self) -> float | None:
        """The share aligned, or None with no active items (shown as —)."""
        return self.aligned / self.active if self.active else None


_EPSILON = 1e-9
"""Absorbs float error (0.29 * 100 is 28.999…) without ever lifting a share below a step over it."""


def percent(ratio: float | None) -> str:
    """A share as a whole percentage rounded down, so 1,941 of 1,942 is 99%, never 100%; `—` for none."""
    if ratio is None:
        return "—"
    return f"{math.floor(ratio * 100 + _EPSILON)}%"


def ratio_down(ratio: float | None, places: int = 4) -> float | None:
    """A share for JSON, rounded down to `places` decimals: 1.0 only when everything is aligned."""
    if ratio is None:
        return None
    scale = 10**places
    return float(math.floor(ratio * scale + _EPSILON) / scale)


@dataclass(slots=True)
class Analysis:
    """Everything computed from one board state."""

    index: dict[str, Node]
    """Id → the node that defines it (the first, when an id is defined twice)."""
    team_of: dict[str, str]
    """Item, outcome or opportunity id → the id of the team that owns it."""
    duplicates: list[tuple[Node, Node]] = field(default_factory=list)
    """(duplicate definition, first definition)."""
    outcome_goals: dict[str, list[str]] = field(default_factory=dict)
    """Outcome id → the existing goals it serves."""
    goal_outcomes: dict[str, list[str]] = field(default_factory=dict)
    """Goal id → the outcomes that serve it."""
    unlinked_outcomes: dict[str, str] = field(default_factory=dict)
    """Outcome id → why it serves no goal."""
    opportunities: OpportunityTree = field(default_factory=OpportunityTree)
    """What each opportunity serves (`.outcomes`, `.goals`), its children, and the `parent` loops."""
    opportunity_items: dict[str, list[str]] = field(default_factory=dict)
    """Opportunity id → the items (any status) that answer it, in file order."""
    aligned: set[str] = field(default_factory=set)
    """Active items with a strategy link."""
    unlinked: dict[str, str] = field(default_factory=dict)
    """Active item id → why it has no strategy link."""
    cycles: list[list[str]] = field(default_factory=list)
    """Each cycle in order, ending where it starts: [a, b, a]."""
    cycle_groups: list[tuple[str, ...]] = field(default_factory=list)
    """For each of `cycles`, the whole strongly connected group it runs through, in file order."""
    blocked: dict[str, list[Chain]] = field(default_factory=dict)
    """Blocked active item id → a chain to each of its root causes."""
    broken: list[tuple[Item, Ref]] = field(default_factory=list)
    """(active item, its `depends_on` entry naming a dropped item)."""
    schedule_conflicts: list[tuple[Item, Ref, Item]] = field(default_factory=list)
    """(item, the `depends_on` entry, the later-horizon item it names)."""
    team_blocks: dict[str, list[TeamBlock]] = field(default_factory=dict)
    """Blocked team id → every reason, in order."""
    coverage: dict[str, Coverage] = field(default_factory=dict)
    """Team id → its coverage."""
    board_coverage: Coverage = Coverage(0, 0)
    dependency_graph: nx.DiGraph | None = field(default=None, compare=False, repr=False)
    """Active item → the active items it depends on: what `core.reanalysis` needs to find dependents."""
    today: date = field(default_factory=date.today)
    """The date the board is judged at (SPEC 10): the run's date, `--today`, or a revision's commit date."""


def analyse(board: Board, *, today: date | None = None) -> Analysis:
    """Compute alignment, blocking, cycles, conflicts and coverage for a board, judged at `today` (default: now)."""
    index: dict[str, Node] = {}
    team_of: dict[str, str] = {}
    result = Analysis(index=index, team_of=team_of, today=today or date.today())
    for node in board.nodes():
        first = index.get(node.id)
        if first is None:
            index[node.id] = node
        else:
            result.duplicates.append((node, first))
    canonical_teams = [t for t in board.teams if index.get(t.id) is t]
    for team in board.teams:
        for outcome in team.outcomes:
            team_of.setdefault(outcome.id, team.id)
        for opportunity in team.opportunities:
            team_of.setdefault(opportunity.id, team.id)
        for item in team.items:
            team_of.setdefault(item.id, team.id)
    goals = [g for g in board.goals if index.get(g.id) is g]
    outcomes = [o for o in board.outcomes() if index.get(o.id) is o]
    opportunities = [o for o in board.opportunities() if index.get(o.id) is o]
    items = [i for i in board.items() if index.get(i.id) is i]

    _strategy(result, goals, outcomes, opportunities, items)
    active = {i.id: i for i in items if i.status in ACTIVE_STATUSES}
    _dependencies(result, active, index)
    _teams(result, canonical_teams, active)
    return result


def _strategy(
    result: Analysis, goals: list[Goal], outcomes: list[Outcome], opportunities: list[Opportunity], items: list[Item]
) -> None:
    index = result.index
    result.goal_outcomes = {g.id: [] for g in goals}
    for outcome in outcomes:
        served = [r.id for r in outcome.goals if isinstance(index.get(r.id), Goal)]
        result.outcome_goals[outcome.id] = served
        for goal_id in served:
            if outcome.id not in result.goal_outcomes[goal_id]:
                result.goal_outcomes[goal_id].append(outcome.id)
        if not served:
            result.unlinked_outcomes[outcome.id] = _outcome_reason(outcome, index)
    if opportunities:
        result.opportunities = build_tree(opportunities, index, result.outcome_goals)
        result.opportunity_items = opportunity_items(items, result.opportunities.outcomes)
    for item in items:
        if item.status not in ACTIVE_STATUSES:
            continue
        reason = item_reason(item, result)
        if reason is None:
            result.aligned.add(item.id)
        else:
            result.unlinked[item.id] = reason


def _outcome_reason(outcome: Outcome, index: dict[str, Node]) -> str:
    if not outcome.goals:
        return "it names no goal"
    bad = [r.id for r in outcome.goals]
    return f"it links to {names(bad)}, {which_not(bad, index, Kind.GOAL)}"


def item_reason(item: Item, result: Analysis) -> str | None:
    """Why an active item has no strategy link, or None when it is aligned.

    The reason names where each chain breaks: at the item (no outcome, an id
    that names nothing), at an outcome, or along an opportunity's chain.
    """
    if not item.outcomes and not item.opportunities:
        return "it serves no outcome"
    outcome_goals = result.outcome_goals
    for ref in item.outcomes:
        if outcome_goals.get(ref.id):
            return None
    opportunity_goals = result.opportunities.goals
    for ref in item.opportunities:
        if opportunity_goals.get(ref.id):
            return None
    index = result.index
    real = [r.id for r in item.outcomes if isinstance(index.get(r.id), Outcome)]
    if any(result.outcome_goals.get(o) for o in real):
        return None
    parts = []
    bad = [r.id for r in item.outcomes if r.id not in real]
    if bad:
        parts.append(f"it links to {names(bad)}, {which_not(bad, index, Kind.OUTCOME)}")
    if real:
        verb = "serves" if len(real) == 1 else "serve"
        parts.append(f"its {noun(len(real), 'outcome')} {names(real)} {verb} no goal")
    if item.opportunities:
        parts += opportunity_parts(item, result.opportunities, index)
    return "; ".join(parts)


def _dependencies(result: Analysis, active: dict[str, Item], index: dict[str, Node]) -> None:
    # Only items with a live dependency are nodes: the rest cannot be in a
    # cycle nor pass a blockage on, and 10,000 idle nodes cost time.
    import networkx as nx

    graph: nx.DiGraph = nx.DiGraph()
    roots: list[tuple[RootCause, list[tuple[str, str | None]]]] = []
    """(cause, entry points as (item, the dropped or missing id it names, if any))."""
    entries_by_target: dict[str, list[str]] = {}
    for item in active.values():
        for ref in item.depends_on:
            target = index.get(ref.id)
            if isinstance(target, Item):
                if target.status == "dropped":
                    result.broken.append((item, ref))
                    entries_by_target.setdefault(ref.id, []).append(item.id)
                elif target.id in active:
                    graph.add_edge(item.id, target.id)
                    if _HORIZON_RANK[target.horizon] > _HORIZON_RANK[item.horizon]:
                        result.schedule_conflicts.append((item, ref, target))
            else:
                entries_by_target.setdefault(ref.id, []).append(item.id)
    for target_id, dependents in entries_by_target.items():
        target = index.get(target_id)
        if isinstance(target, Item):
            cause = RootCause(CauseKind.DROPPED, target_id, result.team_of.get(target_id))
        else:
            cause = RootCause(CauseKind.MISSING, target_id, None)
        roots.append((cause, [(d, target_id) for d in dict.fromkeys(dependents)]))

    for item in active.values():
        if item.blocked is not None:
            roots.append((RootCause(CauseKind.BLOCKED, item.id, item.team, item.blocked), [(item.id, None)]))
    groups: list[tuple[list[str], tuple[str, ...]]] = []
    for component in nx.strongly_connected_components(graph):
        first = next(iter(component))
        if len(component) == 1 and not graph.has_edge(first, first):
            continue
        cycle = _ordered_cycle(graph, component, active)
        text = " → ".join(cycle)
        # The whole cycle is one root cause: every member is blocked by it once.
        members = sorted(component, key=lambda i: _pos_key(active[i]))
        groups.append((cycle, tuple(members)))
        cause = RootCause(CauseKind.CYCLE, cycle[0], active[cycle[0]].team, text)
        roots.append((cause, [(member, None) for member in members]))
    groups.sort(key=lambda group: _pos_key(active[group[0][0]]))
    result.cycles = [cycle for cycle, _ in groups]
    result.cycle_groups = [members for _, members in groups]
    result.dependency_graph = graph
    _propagate(result, graph, roots)
    for item_id, chains in result.blocked.items():
        # Its own `blocked:` first, then in the order its depends_on lists them.
        order = {ref.id: n for n, ref in enumerate(active[item_id].depends_on, start=1)}
        chains.sort(key=lambda c: (order.get(c.path[1], 0) if len(c.path) > 1 else 0, len(c.path)))


def _pos_key(node: Node) -> tuple[str, int, int]:
    return (node.pos.file, node.pos.line, node.pos.column)


def _ordered_cycle(graph: nx.DiGraph, component: set[str], active: dict[str, Item]) -> list[str]:
    start = min(component, key=lambda i: _pos_key(active[i]))
    if graph.has_edge(start, start):
        return [start, start]
    sub = graph.subgraph(component)
    # Follow start's own depends_on order, so the cycle reads as written.
    for ref in active[start].depends_on:
        if ref.id in component:
            import networkx as nx

            return [start, *nx.shortest_path(sub, ref.id, start)]
    raise AssertionError("a strongly connected component has an edge out of every node")


def _propagate(
    result: Analysis,
    graph: nx.DiGraph,
    roots: list[tuple[RootCause, list[tuple[str, str | None]]]],
) -> None:
    """Walk from each root cause up to every active item that depends on it."""
    reverse = graph.reverse(copy=False)
    for cause, entries in roots:
        # next_hop: item → the item it depends on, one step closer to the root.
        next_hop: dict[str, str | None] = {}
        queue: deque[str] = deque()
        for item_id, _target in entries:
            if item_id not in next_hop:
                next_hop[item_id] = None
                queue.append(item_id)
        while queue:
            current = queue.popleft()
            if current not in reverse:
                continue
            for dependent in reverse.successors(current):
                if dependent not in next_hop:
                    next_hop[dependent] = current
                    queue.append(dependent)
        tail = None if cause.kind in (CauseKind.BLOCKED, CauseKind.CYCLE) else cause.id
        for item_id in next_hop:
            result.blocked.setdefault(item_id, []).append(_chain(item_id, next_hop, cause, tail))


def _chain(item_id: str, next_hop: dict[str, str | None], cause: RootCause, tail: str | None) -> Chain:
    path = [item_id]
    last = item_id
    length = 1
    current = next_hop[item_id]
    while current is not None:
        length += 1
        if len(path) < _CHAIN_HEAD:
            path.append(current)
        last = current
        current = next_hop[current]
    if length > len(path):
        path.append(last)
    skipped = length - len(path)
    if tail is not None:
        path.append(tail)
    return Chain(tuple(path), cause, skipped)


def _teams(result: Analysis, teams: list[Team], active: dict[str, Item]) -> None:
    total_aligned = total_active = 0
    for team in teams:
        team_active = [i for i in team.items if i.id in active and active[i.id] is i]
        coverage, reasons = team_status(result, team, team_active)
        result.coverage[team.id] = coverage
        total_aligned += coverage.aligned
        total_active += coverage.active
        if reasons:
            result.team_blocks[team.id] = reasons
    result.board_coverage = Coverage(total_aligned, total_active)


def team_status(result: Analysis, team: Team, team_active: list[Item]) -> tuple[Coverage, list[TeamBlock]]:
    """One team's coverage and every reason it is blocked, from the board-wide results in `result`."""
    aligned = sum(1 for i in team_active if i.id in result.aligned)
    reasons: list[TeamBlock] = []
    if team.blocked is not None:
        reasons.append(TeamBlock(BlockKind.BLOCKED, f'blocked: "{team.blocked}"'))
    for item in team_active:
        if item.horizon == "now" and item.id in result.blocked:
            chains = tuple(result.blocked[item.id])
            described = "; ".join(c.describe(result.team_of) for c in chains)
            text = f"now item {item.id} is blocked: {described}"
            reasons.append(TeamBlock(BlockKind.NOW_ITEM, text, item.id, chains))
    own_outcomes = [o for o in team.outcomes if o.id in result.outcome_goals]
    if not any(result.outcome_goals[o.id] for o in own_outcomes) and aligned == 0:
        reasons.append(TeamBlock(BlockKind.NO_CLARITY, _no_clarity(len(own_outcomes), len(team_active))))
    return Coverage(aligned, len(team_active)), reasons


def _no_clarity(outcomes: int, active_items: int) -> str:
    if not outcomes and not active_items:
        return f"{NO_CLARITY}: it has no outcomes and no active items"
    owned = (
        "it owns no outcome"
        if not outcomes
        else ("its outcome serves no goal" if outcomes == 1 else f"none of its {outcomes} outcomes serves a goal")
    )
    work = (
        "it has no active items"
        if not active_items
        else (
            "its active item has no strategy link"
            if active_items == 1
            else f"none of its {active_items} active items has a strategy link"
        )
    )
    return f"{NO_CLARITY}: {owned} and {work}"
