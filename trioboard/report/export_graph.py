"""`export --format mermaid|dot`: the strategy map as a diagram.

Mermaid renders on GitHub; DOT feeds Graphviz. Every label is quoted and
escaped (see `markup`), so no title can break the diagram. Unlinked and
blocked nodes carry a word and a symbol as well as a style. Opportunities
(SPEC 11), where a board has them, stand between outcomes and the items
that answer them, as hexagons; a board without any draws as before.
"""

from __future__ import annotations

from trioboard.core.model import Opportunity
from trioboard.report.markup import dot_string, mermaid_label
from trioboard.report.strategy_map import MARKS, MapItem, StrategyMap, opportunity_state

MERMAID_CLASSES = (
    "  classDef goal fill:#e8f0fe,stroke:#1a73e8,stroke-width:2px",
    "  classDef unsupported fill:#fff,stroke:#1a73e8,stroke-dasharray:4 3",
    "  classDef outcome fill:#e6f4ea,stroke:#188038",
    "  classDef aligned fill:#fff,stroke:#5f6368",
    "  classDef unlinked fill:#fef7e0,stroke:#e37400,stroke-width:2px,stroke-dasharray:5 3",
    "  classDef blocked fill:#fce8e6,stroke:#d93025,stroke-width:2px",
    "  classDef done fill:#f1f3f4,stroke:#9aa0a6,color:#5f6368",
)
"""The Mermaid classes of goals, outcomes and items, by state."""
MERMAID_OPPORTUNITY = "  classDef opportunity fill:#f3e8fd,stroke:#9334e6"
"""The class of an opportunity, added only to diagrams that have one (the others stay byte for byte)."""
MERMAID_STYLE = {"aligned": "opportunity", "unlinked": "unlinked", "addressed": "done", "parked": "done"}
"""An opportunity's state → its Mermaid class."""
DOT_ATTRS = {
    "aligned": ', shape=hexagon, fillcolor="#f3e8fd"',
    "unlinked": ', shape=hexagon, fillcolor="#fef7e0", style="filled,dashed"',
    "addressed": ', shape=hexagon, fillcolor="#f1f3f4", fontcolor="#5f6368"',
    "parked": ', shape=hexagon, fillcolor="#f1f3f4", fontcolor="#5f6368"',
}
"""An opportunity's state → its DOT attributes."""
ITEM_ATTRS = {
    "aligned": "",
    "unlinked": ', fillcolor="#fef7e0", style="rounded,filled,dashed"',
    "blocked": ', fillcolor="#fce8e6", penwidth=2',
    "done": ', fillcolor="#f1f3f4", fontcolor="#5f6368"',
}
"""An item's state → its DOT attributes."""
DOT_HEAD = '  node [shape=box, style="rounded,filled", fillcolor=white, fontname="Helvetica"];'
"""The DOT default for every node."""

MERMAID_MAX_TEXT = 50_000
"""Mermaid's default `maxTextSize`: a longer diagram is not rendered (GitHub shows an error)."""


def on_the_map(smap: StrategyMap) -> list[MapItem]:
    """The items a diagram draws: the work that is on, not what was dropped."""
    return [entry for entry in smap.items if entry.state != "dropped"]


def node_label(node_id: str, title: str, mark: str = "") -> str:
    """A node's label: `⚠ no strategy link · id: title` (the mark only where there is one)."""
    return f"{mark + ' · ' if mark else ''}{node_id}: {title}"


def mermaid_outcome(name: str, outcome_id: str, title: str, linked: bool) -> str:
    """An outcome as a Mermaid stadium, marked when it serves no goal."""
    mark = "" if linked else MARKS["unlinked"]
    style = "outcome" if linked else "unlinked"
    return f"  {name}([{mermaid_label(node_label(outcome_id, title, mark))}]):::{style}"


def mermaid_opportunity(name: str, opportunity: Opportunity, linked: bool) -> str:
    """An opportunity as a Mermaid hexagon with its mark and class."""
    state = opportunity_state(opportunity, linked)
    text = mermaid_label(node_label(opportunity.id, opportunity.title, MARKS[state]))
    return f"  {name}{{{{{text}}}}}:::{MERMAID_STYLE[state]}"


def mermaid_item(name: str, entry: MapItem) -> str:
    """An item as a Mermaid box with its mark and state."""
    text = mermaid_label(node_label(entry.item.id, entry.item.title, MARKS[entry.state]))
    return f"  {name}[{text}]:::{entry.state}"


def dot_node(node_id: str, text: str, attrs: str) -> str:
    """A DOT node line with a quoted id and label."""
    return f"  {dot_string(node_id)} [label={dot_string(text)}{attrs}];"


def dot_outcome(outcome_id: str, title: str, linked: bool) -> str:
    """An outcome as a DOT node, dashed when it serves no goal."""
    attrs = ', fillcolor="#e6f4ea"' if linked else ', fillcolor="#fef7e0", style="rounded,filled,dashed"'
    return dot_node(outcome_id, node_label(outcome_id, title, "" if linked else MARKS["unlinked"]), attrs)


def dot_opportunity(opportunity: Opportunity, linked: bool) -> str:
    """An opportunity as a DOT hexagon with its mark and style."""
    state = opportunity_state(opportunity, linked)
    return dot_node(opportunity.id, node_label(opportunity.id, opportunity.title, MARKS[state]), DOT_ATTRS[state])


def dot_item(entry: MapItem) -> str:
    """An item as a DOT node with its mark and style."""
    text = node_label(entry.item.id, entry.item.title, MARKS[entry.state])
    return dot_node(entry.item.id, text, ITEM_ATTRS[entry.state])


def dot_edge(source: str, target: str, attrs: str = "") -> str:
    """A DOT edge line, with `[attrs]` when given."""
    return f"  {dot_string(source)} -> {dot_string(target)}{f' [{attrs}]' if attrs else ''};"


def mermaid_nodes(smap: StrategyMap, names: dict[str, str]) -> list[str]:
    """The outcomes, opportunities and items on the map as Mermaid nodes, each named in `names` as it is drawn."""
    lines = []
    for outcome, linked in smap.outcomes:
        names[outcome.id] = name = f"o{len(names)}"
        lines.append(mermaid_outcome(name, outcome.id, outcome.title, linked))
    for opportunity, linked in smap.opportunities:
        names[opportunity.id] = name = f"p{len(names)}"
        lines.append(mermaid_opportunity(name, opportunity, linked))
    for entry in on_the_map(smap):
        names[entry.item.id] = name = f"i{len(names)}"
        lines.append(mermaid_item(name, entry))
    return lines


def mermaid(smap: StrategyMap) -> str:
    """A Mermaid flowchart, left to right: items → (opportunities →) outcomes → goals."""
    names: dict[str, str] = {}
    lines = ["flowchart LR", *MERMAID_CLASSES, *([MERMAID_OPPORTUNITY] if smap.opportunities else [])]
    for goal, supported in smap.goals:
        names[goal.id] = name = f"g{len(names)}"
        mark = "" if supported else "no outcome serves it"
        style = "goal" if supported else "unsupported"
        lines.append(f"  {name}[{mermaid_label(node_label(goal.id, goal.title, mark))}]:::{style}")
    lines += mermaid_nodes(smap, names)
    for source, target in smap.item_outcomes + smap.outcome_goals:
        lines.append(f"  {names[source]} --> {names[target]}")
    for source, target in smap.item_opportunities + smap.opportunity_outcomes:
        lines.append(f"  {names[source]} --> {names[target]}")
    for source, target in smap.opportunity_parents:
        lines.append(f"  {names[source]} -.->|{mermaid_label('part of')}| {names[target]}")
    for source, target in smap.dependencies:
        lines.append(f"  {names[source]} -.->|{mermaid_label('needs')}| {names[target]}")
    return "\n".join(lines) + "\n"


def dot(smap: StrategyMap) -> str:
    """A Graphviz digraph with a cluster for goals, outcomes, (opportunities,) and items."""
    lines = ["digraph strategy {", "  rankdir=RL;", f"  label={dot_string(smap.name)};", DOT_HEAD]
    lines.append('  subgraph cluster_goals { label="Goals";')
    for goal, supported in smap.goals:
        attrs = ', fillcolor="#e8f0fe"' if supported else ', style="rounded,dashed"'
        mark = "" if supported else "no outcome serves it"
        lines.append("  " + dot_node(goal.id, node_label(goal.id, goal.title, mark), attrs))
    lines.append("  }")
    lines.append('  subgraph cluster_outcomes { label="Outcomes";')
    lines += ["  " + dot_outcome(o.id, o.title, linked) for o, linked in smap.outcomes]
    lines.append("  }")
    if smap.opportunities:
        lines.append('  subgraph cluster_opportunities { label="Opportunities";')
        lines += ["  " + dot_opportunity(o, linked) for o, linked in smap.opportunities]
        lines.append("  }")
    lines.append('  subgraph cluster_items { label="Roadmap";')
    lines += ["  " + dot_item(entry) for entry in on_the_map(smap)]
    lines.append("  }")
    for source, target in smap.item_outcomes + smap.outcome_goals:
        lines.append(dot_edge(source, target))
    for source, target in smap.item_opportunities + smap.opportunity_outcomes:
        lines.append(dot_edge(source, target))
    for source, target in smap.opportunity_parents:
        lines.append(dot_edge(source, target, 'style=dotted, label="part of"'))
    for source, target in smap.dependencies:
        lines.append(dot_edge(source, target, 'style=dashed, label="needs"'))
    lines.append("}")
    return "\n".join(lines) + "\n"
