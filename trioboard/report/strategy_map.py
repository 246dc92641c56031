"""The strategy map to export: goals → outcomes → (opportunities →) items, with each node's state.

Shared by the Mermaid, DOT, JSON and CSV exports so they show the same map.
With a team, the map is that team's items, opportunities and outcomes and
what they link to. A board with no opportunities and no assumptions maps
exactly as it did before SPEC 11 (`discovery` is False): every export of it
is unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from trioboard.core.model import Goal, Item, Opportunity, Outcome
from trioboard.core.results import BoardState


@dataclass(frozen=True, slots=True)
class MapItem:
    """A roadmap item on the map."""

    item: Item
    state: str
    """`aligned`, `unlinked`, `blocked` (active and blocked), `done`, `dropped`."""
    reason: str | None
    """Why it is unlinked, when it is."""
    chains: tuple[str, ...]
    """Why it is blocked, when it is."""


@dataclass(frozen=True, slots=True)
class StrategyMap:
    """The nodes and links of the map."""

    name: str
    goals: list[tuple[Goal, bool]]
    """Each goal and whether an outcome serves it."""
    outcomes: list[tuple[Outcome, bool]]
    """Each outcome and whether it serves a goal."""
    items: list[MapItem]
    """Every item, dropped ones too (the data exports list them; the diagrams leave them out)."""
    trios: dict[str, dict[str, str]]
    """Each team's trio, by team id."""
    outcome_goals: list[tuple[str, str]]
    item_outcomes: list[tuple[str, str]]
    dependencies: list[tuple[str, str]]
    opportunities: list[tuple[Opportunity, bool]] = field(default_factory=list)
    """Each opportunity and whether it serves a goal (through its outcomes, or its parents')."""
    opportunity_outcomes: list[tuple[str, str]] = field(default_factory=list)
    """(opportunity, an outcome it lists)."""
    opportunity_parents: list[tuple[str, str]] = field(default_factory=list)
    """(opportunity, its parent)."""
    item_opportunities: list[tuple[str, str]] = field(default_factory=list)
    """(item that is on, an opportunity it answers)."""
    opportunity_goals: dict[str, list[str]] = field(default_factory=dict)
    """Opportunity id → the goals it serves (through its outcomes, or its parents')."""
    discovery: bool = False
    """Whether the board has opportunities or assumptions: the data exports then carry them."""


def build(state: BoardState, team: str | None = None) -> StrategyMap:
    """The map of the whole board, or of one team; links only between the work that is on (not dropped)."""
    a = state.analysis
    index = a.index
    every_item = [i for i in state.board.items() if index.get(i.id) is i]
    if team is not None:
        every_item = [i for i in every_item if i.team == team]
    items = [i for i in every_item if i.status != "dropped"]
    item_ids = {i.id for i in items}
    outcome_ids = {r.id for i in items for r in i.outcomes if isinstance(index.get(r.id), Outcome)}
    opportunities = _opportunities(state, team, items)
    outcome_ids |= {r.id for o in opportunities for r in o.outcomes}
    outcomes = [o for o in state.board.outcomes() if index.get(o.id) is o]
    if team is not None:
        outcomes = [o for o in outcomes if o.team == team or o.id in outcome_ids]
    kept_outcomes = {o.id for o in outcomes}
    kept = {o.id for o in opportunities}
    goal_ids = {g for o in outcomes for g in a.outcome_goals.get(o.id, [])}
    goals = [g for g in state.board.goals if index.get(g.id) is g and (team is None or g.id in goal_ids)]
    map_items = []
    for item in every_item:
        chains: tuple[str, ...] = ()
        if item.status == "dropped":
            status, reason, chains = "dropped", None, ()
        elif item.status == "done":
            status, reason, chains = "done", None, ()
        elif item.id in a.blocked:
            status, reason = "blocked", a.unlinked.get(item.id)
            chains = tuple(c.describe(a.team_of) for c in a.blocked[item.id])
        elif item.id in a.unlinked:
            status, reason, chains = "unlinked", a.unlinked[item.id], ()
        else:
            status, reason, chains = "aligned", None, ()
        map_items.append(MapItem(item, status, reason, chains))
    return StrategyMap(
        name=state.board.name,
        goals=[(g, bool(a.goal_outcomes.get(g.id))) for g in goals],
        outcomes=[(o, bool(a.outcome_goals.get(o.id))) for o in outcomes],
        items=map_items,
        trios={t.id: dict(t.trio) for t in state.board.teams},
        outcome_goals=[(o.id, g) for o in outcomes for g in a.outcome_goals.get(o.id, [])],
        item_outcomes=[(i.id, r.id) for i in items for r in i.outcomes if r.id in kept_outcomes],
        dependencies=[(i.id, r.id) for i in items for r in i.depends_on if r.id in item_ids],
        opportunities=[(o, bool(a.opportunities.goals.get(o.id))) for o in opportunities],
        opportunity_outcomes=[(o.id, r.id) for o in opportunities for r in o.outcomes if r.id in kept_outcomes],
        opportunity_parents=[(o.id, o.parent.id) for o in opportunities if o.parent and o.parent.id in kept],
        item_opportunities=[(i.id, r.id) for i in items for r in i.opportunities if r.id in kept],
        opportunity_goals=a.opportunities.goals,
        discovery=bool(state.board.opportunities()) or any(i.assumptions for i in state.board.items()),
    )


def _opportunities(state: BoardState, team: str | None, items: list[Item]) -> list[Opportunity]:
    """The opportunities on the map: every one, or a team's own, those its items answer, and the ones above them."""
    index = state.analysis.index
    every = [o for o in state.board.opportunities() if index.get(o.id) is o]
    if team is None:
        return every
    wanted = {o.id for o in every if o.team == team} | {r.id for i in items for r in i.opportunities}
    for start in list(wanted):
        node = index.get(start)
        while isinstance(node, Opportunity) and node.parent is not None and node.parent.id not in wanted:
            wanted.add(node.parent.id)
            node = index.get(node.parent.id)
    return [o for o in every if o.id in wanted]


MARKS = {
    "aligned": "",
    "unlinked": "⚠ no strategy link",
    "blocked": "⊘ blocked",
    "done": "✓ done",
    "dropped": "✗ dropped",
    "addressed": "✓ addressed",
    "parked": "◌ parked",
}
"""Words and symbols beside colour, so the map reads in monochrome too."""


def opportunity_state(opportunity: Opportunity, linked: bool) -> str:
    """`addressed` or `parked` (its status, whatever it serves), else `aligned` or `unlinked` (serves no goal)."""
    if opportunity.status in ("addressed", "parked"):
        return opportunity.status
    return "aligned" if linked else "unlinked"
