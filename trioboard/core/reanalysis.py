"""The analysis of a board derived from that of a neighbouring version, when only a few teams changed.

Walking a history (`trioboard log`, the TUI's History) analyses one board
state per commit, and most commits touch one team file in a way no other
team can observe: a horizon, a title, a link to an outcome. What another
team can observe of a team file is its *interface*: the ids it defines, the
goals its outcomes serve and whether each has a measure (another team's
item may expect to move it), the outcomes and parent of each opportunity,
and for each item its status, its dependencies and its `blocked:` text.
(Which items answer an opportunity is not: it is gathered again from every
item.) While the interface of every changed team is the same, everything
outside those teams is the same too, so the neighbour's results are reused
and only the changed teams are recomputed; otherwise the caller analyses
the board in full.

The result equals `analyse(board)` (tests compare the two on every kind of
edit); only the order of entries in its dicts may differ.
"""

from __future__ import annotations

from datetime import date

from trioboard.core.analysis import Analysis, Coverage, TeamBlock, item_reason, team_status
from trioboard.core.model import ACTIVE_STATUSES, HORIZONS, Board, Item, Ref, Team
from trioboard.core.opportunities import opportunity_items

_HORIZON_RANK = {h: i for i, h in enumerate(HORIZONS)}
MAX_CHANGED_TEAMS = 4
"""Past this many changed teams a full analysis costs about the same."""

Interface = tuple[object, ...]


def interface(team: Team) -> Interface:
    """What other teams can observe of a team file (see the module's docstring)."""
    return (
        team.id,
        tuple((o.id, tuple(r.id for r in o.goals), o.measure is not None) for o in team.outcomes),
        tuple((o.id, tuple(r.id for r in o.outcomes), o.parent and o.parent.id) for o in team.opportunities),
        tuple((i.id, i.team, i.status, tuple(r.id for r in i.depends_on), i.blocked) for i in team.items),
    )


def reanalyse(before: Board, prior: Analysis, board: Board, *, today: date | None = None) -> Analysis | None:
    """The analysis of `board` from `prior`, the analysis of `before`; None when it must be done in full.

    `today` is the date `board` is judged at, as `analyse` takes it.

    Relies on unchanged files being the same objects in both boards (as
    `history` builds them: one model per blob).
    """
    changed = _changed_teams(before, board)
    if changed is None or prior.duplicates or prior.dependency_graph is None:
        return None
    changed_ids = {new.id for _, new in changed}
    in_cycles = {member for group in prior.cycle_groups for member in group}
    in_cycles |= {member for loop in prior.opportunities.loops for member in loop}
    if any(prior.team_of.get(member) in changed_ids for member in in_cycles):
        return None  # a cycle or a parent loop is named from its first member in the files: positions matter there
    result = Analysis(
        index=dict(prior.index),
        team_of=prior.team_of,
        outcome_goals=prior.outcome_goals,
        goal_outcomes=prior.goal_outcomes,
        unlinked_outcomes=prior.unlinked_outcomes,
        opportunities=prior.opportunities,
        aligned=set(prior.aligned),
        unlinked=dict(prior.unlinked),
        cycles=prior.cycles,
        cycle_groups=prior.cycle_groups,
        blocked=prior.blocked,
        coverage=dict(prior.coverage),
        dependency_graph=prior.dependency_graph,
        today=today or date.today(),
    )
    for _, team in changed:
        _reindex(result, team)
    if any(_answers(old) != _answers(new) for old, new in changed):
        items = (i for i in board.items() if result.index.get(i.id) is i)
        result.opportunity_items = opportunity_items(items, prior.opportunities.outcomes)
    else:
        result.opportunity_items = prior.opportunity_items
    _rewire(result, prior, [team for _, team in changed])
    blocks: dict[str, list[TeamBlock]] = {}
    for team in board.teams:
        if team.id in changed_ids:
            team_active = [i for i in team.items if i.status in ACTIVE_STATUSES]
            result.coverage[team.id], reasons = team_status(result, team, team_active)
        else:
            reasons = prior.team_blocks.get(team.id, [])
        if reasons:
            blocks[team.id] = reasons
    result.team_blocks = blocks
    result.board_coverage = Coverage(
        sum(c.aligned for c in result.coverage.values()), sum(c.active for c in result.coverage.values())
    )
    return result


def _answers(team: Team) -> list[tuple[str, tuple[str, ...]]]:
    """Each item of the team with the opportunities it answers: what `Analysis.opportunity_items` is made of."""
    return [(i.id, tuple(r.id for r in i.opportunities)) for i in team.items if i.opportunities]


def _changed_teams(before: Board, board: Board) -> list[tuple[Team, Team]] | None:
    """(old, new) for each team file that differs, or None when the change is more than that."""
    if before.goals is not board.goals or [t.id for t in before.teams] != [t.id for t in board.teams]:
        return None
    changed = [(old, new) for old, new in zip(before.teams, board.teams, strict=True) if old is not new]
    if len(changed) > MAX_CHANGED_TEAMS:
        return None
    if any(interface(old) != interface(new) for old, new in changed):
        return None
    return changed


def _reindex(result: Analysis, team: Team) -> None:
    """Point the index at the team's new nodes and judge its active items again."""
    result.index[team.id] = team
    for outcome in team.outcomes:
        result.index[outcome.id] = outcome
    for opportunity in team.opportunities:
        result.index[opportunity.id] = opportunity
    for item in team.items:
        result.index[item.id] = item
    for item in team.items:
        if item.status not in ACTIVE_STATUSES:
            continue
        reason = item_reason(item, result)
        if reason is None:
            result.aligned.add(item.id)
            result.unlinked.pop(item.id, None)
        else:
            result.aligned.discard(item.id)
            result.unlinked[item.id] = reason


def _rewire(result: Analysis, prior: Analysis, teams: list[Team]) -> None:
    """Broken dependencies and schedule conflicts, whose entries hold nodes, for the new nodes.

    The dependency graph is the same (the interfaces are), but a horizon is
    not part of the interface: conflicts that involve a changed team's
    items are found again.
    """
    team_of = result.team_of
    changed = {team.id for team in teams}
    result.broken = [
        (_node(result, item), _ref(result, item, ref)) if team_of.get(item.id) in changed else (item, ref)
        for item, ref in prior.broken
    ]
    kept = [
        entry
        for entry in prior.schedule_conflicts
        if team_of.get(entry[0].id) not in changed and team_of.get(entry[2].id) not in changed
    ]
    graph = result.dependency_graph
    assert graph is not None
    sources = {
        source
        for team in teams
        for item in team.items
        if item.id in graph
        for source in (item.id, *graph.predecessors(item.id))
    }
    found: list[tuple[Item, Ref, Item]] = []
    for source_id in sources:
        item = _node(result, result.index[source_id])
        for ref in item.depends_on:
            target = result.index.get(ref.id)
            if not (isinstance(target, Item) and graph.has_edge(item.id, target.id)):
                continue
            if team_of.get(item.id) not in changed and team_of.get(target.id) not in changed:
                continue
            if _HORIZON_RANK[target.horizon] > _HORIZON_RANK[item.horizon]:
                found.append((item, ref, target))
    result.schedule_conflicts = kept + found


def _node(result: Analysis, node: object) -> Item:
    found = result.index[node.id] if isinstance(node, Item) else None
    assert isinstance(found, Item)
    return found


def _ref(result: Analysis, item: Item, ref: Ref) -> Ref:
    """The same entry of `depends_on` in the item's new version (the list of ids is the same)."""
    position = next(n for n, r in enumerate(item.depends_on) if r is ref)
    return _node(result, item).depends_on[position]
