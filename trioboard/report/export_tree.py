"""`export --tree ost`: the opportunity solution tree (SPEC 11), outcome → opportunities → items, top down.

Each outcome heads the opportunities that name it; an opportunity with a
`parent` hangs under that parent; each item hangs under the opportunities
it answers, or, when it answers none on the map, straight under the outcomes
it serves (a dashed edge: work with no opportunity behind it). An item tied
to neither stands alone, styled and marked as unlinked, so it cannot be
missed. Nodes are drawn, marked and styled as in the strategy map.
"""

from __future__ import annotations

from trioboard.report.export_graph import (
    DOT_HEAD,
    MERMAID_CLASSES,
    MERMAID_OPPORTUNITY,
    dot_edge,
    dot_item,
    dot_opportunity,
    dot_outcome,
    mermaid_nodes,
    on_the_map,
)
from trioboard.report.markup import dot_string, mermaid_label
from trioboard.report.strategy_map import StrategyMap

TREES = ("ost",)
"""The trees `export --tree` draws."""
DIRECTLY = "no opportunity"
"""The label of an edge from an outcome straight to an item."""


def _edges(smap: StrategyMap) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The tree's edges, parent first: (outcome → opportunity, parent → child, opportunity → item), and
    the dashed ones (outcome → an item that serves it with no opportunity of the tree between them)."""
    on = {entry.item.id for entry in on_the_map(smap)}
    solid = [(outcome, opportunity) for opportunity, outcome in smap.opportunity_outcomes]
    solid += [(parent, child) for child, parent in smap.opportunity_parents]
    solid += [(opportunity, item) for item, opportunity in smap.item_opportunities if item in on]
    above: dict[str, set[str]] = {}
    for item, opportunity in smap.item_opportunities:
        above.setdefault(item, set()).update(_served(smap, opportunity))
    dashed = [
        (outcome, item) for item, outcome in smap.item_outcomes if item in on and outcome not in above.get(item, set())
    ]
    return solid, dashed


def _served(smap: StrategyMap, opportunity: str) -> set[str]:
    """The outcomes on the map above an opportunity in the tree: its own and its parents' (a loop stops the walk)."""
    parents = dict(smap.opportunity_parents)
    seen: set[str] = set()
    served: set[str] = set()
    current: str | None = opportunity
    while current is not None and current not in seen:
        seen.add(current)
        served |= {outcome for source, outcome in smap.opportunity_outcomes if source == current}
        current = parents.get(current)
    return served


def mermaid_ost(smap: StrategyMap) -> str:
    """The opportunity solution tree as a Mermaid flowchart, top down."""
    names: dict[str, str] = {}
    lines = ["flowchart TD", *MERMAID_CLASSES, MERMAID_OPPORTUNITY, *mermaid_nodes(smap, names)]
    solid, dashed = _edges(smap)
    lines += [f"  {names[source]} --> {names[target]}" for source, target in solid]
    lines += [f"  {names[source]} -.->|{mermaid_label(DIRECTLY)}| {names[target]}" for source, target in dashed]
    return "\n".join(lines) + "\n"


def dot_ost(smap: StrategyMap) -> str:
    """The opportunity solution tree as a Graphviz digraph, top down."""
    lines = ["digraph ost {", "  rankdir=TB;", f"  label={dot_string(smap.name)};", DOT_HEAD]
    lines += [dot_outcome(o.id, o.title, linked) for o, linked in smap.outcomes]
    lines += [dot_opportunity(o, linked) for o, linked in smap.opportunities]
    lines += [dot_item(entry) for entry in on_the_map(smap)]
    solid, dashed = _edges(smap)
    lines += [dot_edge(source, target) for source, target in solid]
    lines += [dot_edge(source, target, f"style=dashed, label={dot_string(DIRECTLY)}") for source, target in dashed]
    lines.append("}")
    return "\n".join(lines) + "\n"
