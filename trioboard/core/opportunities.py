"""The opportunity solution tree's share of alignment (SPEC 11): outcome → opportunities → items.

An opportunity serves the outcomes it lists and, through `parent`, those
its broader opportunities serve: in an opportunity solution tree a child
opportunity sits under its parent, so it moves whatever its parent moves.
An item that answers an opportunity which serves an outcome that serves a
goal is aligned. A `parent` chain that comes back to where it started is a
loop: each of its members serves what any of them serves (the loop itself
is a `schema` finding).

Pure functions over the model; `core.analysis` stores what they compute.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass, field

from trioboard.core.model import Item, Kind, Node, Opportunity, Outcome
from trioboard.core.text import a_or_an, noun


@dataclass(slots=True)
class OpportunityTree:
    """What the tree of opportunities computes, before it is stored in an `Analysis`."""

    outcomes: dict[str, list[str]] = field(default_factory=dict)
    """Opportunity id → the existing outcomes it serves: its own first, then its parents'."""
    goals: dict[str, list[str]] = field(default_factory=dict)
    """Opportunity id → the goals it serves through those outcomes (empty: it serves no goal)."""
    children: dict[str, list[str]] = field(default_factory=dict)
    """Opportunity id → the opportunities that name it as their `parent`, in file order."""
    by_outcome: dict[str, list[str]] = field(default_factory=dict)
    """Outcome id → the opportunities that list it in their own `outcomes:`, in file order (the tree under it)."""
    loops: list[list[str]] = field(default_factory=list)
    """Each `parent` loop in order, from its first member in the files and ending where it starts: [a, b, a]."""


def build_tree(
    opportunities: list[Opportunity], index: dict[str, Node], outcome_goals: dict[str, list[str]]
) -> OpportunityTree:
    """The tree of `opportunities` (each the one that defines its id), given what each outcome serves."""
    tree = OpportunityTree()
    if not opportunities:
        return tree
    by_id = {o.id: o for o in opportunities}
    own = {o.id: _unique(r.id for r in o.outcomes if isinstance(index.get(r.id), Outcome)) for o in opportunities}
    served: dict[str, list[str]] = {}
    for opportunity in opportunities:
        parent = _parent(opportunity, by_id)
        if parent is not None:
            tree.children.setdefault(parent, []).append(opportunity.id)
        for outcome in own[opportunity.id]:
            tree.by_outcome.setdefault(outcome, []).append(opportunity.id)
        if opportunity.id in served:
            continue
        # Walk up to an opportunity already done, the top, or back into this walk (a loop).
        path: list[str] = []
        seen: dict[str, int] = {}
        current: str | None = opportunity.id
        while current is not None and current not in served and current not in seen:
            seen[current] = len(path)
            path.append(current)
            current = _parent(by_id[current], by_id)
        if current is not None and current in seen:
            loop = path[seen[current] :]
            tree.loops.append(_loop_from_first(loop, by_id))
            shared = _unique(o for member in loop for o in own[member])
            for member in loop:
                served[member] = shared
            path = path[: seen[current]]
            above = shared
        else:
            above = served[current] if current is not None else []
        for member in reversed(path):
            above = _unique([*own[member], *above])
            served[member] = above
    tree.outcomes = served
    tree.goals = {o: _unique(g for outcome in served[o] for g in outcome_goals.get(outcome, ())) for o in served}
    tree.loops.sort(key=lambda loop: _pos_key(by_id[loop[0]]))
    return tree


def opportunity_items(items: Iterable[Item], opportunities: Container[str]) -> dict[str, list[str]]:
    """Opportunity id → the items (any status) that answer it, in file order; only ids in `opportunities`."""
    answers: dict[str, list[str]] = {}
    for item in items:
        for ref in item.opportunities:
            if ref.id in opportunities:
                found = answers.setdefault(ref.id, [])
                if not found or found[-1] != item.id:
                    found.append(item.id)
    return answers


def opportunity_parts(item: Item, tree: OpportunityTree, index: dict[str, Node]) -> list[str]:
    """Why none of the item's opportunities ties it to a goal: one part per link, where the chain breaks."""
    parts = []
    bad = [r.id for r in item.opportunities if not isinstance(index.get(r.id), Opportunity)]
    if bad:
        parts.append(f"it links to {names(bad)}, {which_not(bad, index, Kind.OPPORTUNITY)}")
    for opportunity_id in _unique(r.id for r in item.opportunities if r.id not in bad):
        parts.append(f"it answers {opportunity_id}, {opportunity_clause(opportunity_id, tree, index)}")
    return parts


def opportunity_clause(opportunity_id: str, tree: OpportunityTree, index: dict[str, Node]) -> str:
    """Where an opportunity's chain to a goal breaks, as a clause: `which serves o1, which serves no goal`.

    Said of an opportunity that serves no goal (`tree.goals` is empty for it).
    """
    served = tree.outcomes.get(opportunity_id, [])
    if served:
        verb = "serves" if len(served) == 1 else "serve"
        return f"which serves {names(served)}, which {verb} no goal"
    opportunity = index[opportunity_id]
    assert isinstance(opportunity, Opportunity)
    bad = [r.id for r in opportunity.outcomes]
    if bad:
        return f"which links to {names(bad)}, {which_not(bad, index, Kind.OUTCOME)}"
    parents = _ancestors(opportunity, index)
    if not parents:
        return "which serves no outcome"
    does = "does" if len(parents) == 1 else "do"
    return f"which serves no outcome, nor {does} its {noun(len(parents), 'parent')} {names(parents)}"


def which_not(ids: list[str], index: dict[str, Node], kind: Kind) -> str:
    """`which does not exist`, or `which is not an outcome`: why the ids a link lists are not of `kind`."""
    if all(i not in index for i in ids):
        return "which does not exist" if len(ids) == 1 else "which do not exist"
    return f"which {'is' if len(ids) == 1 else 'are'} not {a_or_an(kind.value)}"


def names(ids: list[str]) -> str:
    """Ids in a message: `a, b`."""
    return ", ".join(ids)


def _parent(opportunity: Opportunity, by_id: dict[str, Opportunity]) -> str | None:
    parent = opportunity.parent
    return parent.id if parent is not None and parent.id in by_id else None


def _ancestors(opportunity: Opportunity, index: dict[str, Node]) -> list[str]:
    """The opportunities above this one, nearest first, each once (a loop stops the walk)."""
    out: list[str] = []
    current = opportunity.parent
    while current is not None:
        node = index.get(current.id)
        if not isinstance(node, Opportunity) or node.id in out or node is opportunity:
            break
        out.append(node.id)
        current = node.parent
    return out


def _loop_from_first(loop: list[str], by_id: dict[str, Opportunity]) -> list[str]:
    """The loop turned to start at its first member in the files, following `parent`, closed: [a, b, a]."""
    start = min(range(len(loop)), key=lambda n: _pos_key(by_id[loop[n]]))
    turned = loop[start:] + loop[:start]
    return [*turned, turned[0]]


def _pos_key(node: Opportunity) -> tuple[str, int, int]:
    return (node.pos.file, node.pos.line, node.pos.column)


def _unique(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))
