"""The strategy map to export: goals → outcomes → items, with each node's state.

Shared by the Mermaid, DOT, JSON and CSV exports so they show the same map.
With a team, the map is that team's items and outcomes and what they link to.
"""

from __future__ import annotations

from dataclasses import dataclass

from trioboard.core.model import Goal, Item, Outcome
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
    outcomes = [o for o in state.board.outcomes() if index.get(o.id) is o]
    if team is not None:
        outcomes = [o for o in outcomes if o.team == team or o.id in outcome_ids]
    kept_outcomes = {o.id for o in outcomes}
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
    )


MARKS = {
    "aligned": "",
    "unlinked": "⚠ no strategy link",
    "blocked": "⊘ blocked",
    "done": "✓ done",
    "dropped": "✗ dropped",
}
"""Words and symbols beside colour, so the map reads in monochrome too."""
