"""`export --format mermaid|dot`: the strategy map as a diagram.

Mermaid renders on GitHub; DOT feeds Graphviz. Every label is quoted and
escaped (see `markup`), so no title can break the diagram. Unlinked and
blocked nodes carry a word and a symbol as well as a style.
"""

from __future__ import annotations

from trioboard.report.markup import dot_string, mermaid_label
from trioboard.report.strategy_map import MARKS, MapItem, StrategyMap

_MERMAID_CLASSES = (
    "  classDef goal fill:#e8f0fe,stroke:#1a73e8,stroke-width:2px",
    "  classDef unsupported fill:#fff,stroke:#1a73e8,stroke-dasharray:4 3",
    "  classDef outcome fill:#e6f4ea,stroke:#188038",
    "  classDef aligned fill:#fff,stroke:#5f6368",
    "  classDef unlinked fill:#fef7e0,stroke:#e37400,stroke-width:2px,stroke-dasharray:5 3",
    "  classDef blocked fill:#fce8e6,stroke:#d93025,stroke-width:2px",
    "  classDef done fill:#f1f3f4,stroke:#9aa0a6,color:#5f6368",
)


MERMAID_MAX_TEXT = 50_000
"""Mermaid's default `maxTextSize`: a longer diagram is not rendered (GitHub shows an error)."""


def on_the_map(smap: StrategyMap) -> list[MapItem]:
    """The items a diagram draws: the work that is on, not what was dropped."""
    return [entry for entry in smap.items if entry.state != "dropped"]


def _label(node_id: str, title: str, mark: str = "") -> str:
    return f"{mark + ' · ' if mark else ''}{node_id}: {title}"


def mermaid(smap: StrategyMap) -> str:
    """A Mermaid flowchart, left to right: items → outcomes → goals."""
    names: dict[str, str] = {}
    lines = ["flowchart LR", *_MERMAID_CLASSES]
    for goal, supported in smap.goals:
        names[goal.id] = name = f"g{len(names)}"
        mark = "" if supported else "no outcome serves it"
        style = "goal" if supported else "unsupported"
        lines.append(f"  {name}[{mermaid_label(_label(goal.id, goal.title, mark))}]:::{style}")
    for outcome, linked in smap.outcomes:
        names[outcome.id] = name = f"o{len(names)}"
        mark = "" if linked else MARKS["unlinked"]
        style = "outcome" if linked else "unlinked"
        lines.append(f"  {name}([{mermaid_label(_label(outcome.id, outcome.title, mark))}]):::{style}")
    for entry in on_the_map(smap):
        names[entry.item.id] = name = f"i{len(names)}"
        label = _label(entry.item.id, entry.item.title, MARKS[entry.state])
        lines.append(f"  {name}[{mermaid_label(label)}]:::{entry.state}")
    for source, target in smap.item_outcomes + smap.outcome_goals:
        lines.append(f"  {names[source]} --> {names[target]}")
    for source, target in smap.dependencies:
        lines.append(f"  {names[source]} -.->|{mermaid_label('needs')}| {names[target]}")
    return "\n".join(lines) + "\n"


def dot(smap: StrategyMap) -> str:
    """A Graphviz digraph with a cluster for goals, outcomes and items."""
    lines = [
        "digraph strategy {",
        "  rankdir=RL;",
        f"  label={dot_string(smap.name)};",
        '  node [shape=box, style="rounded,filled", fillcolor=white, fontname="Helvetica"];',
    ]

    def node(node_id: str, label: str, attrs: str) -> str:
        return f"  {dot_string(node_id)} [label={dot_string(label)}{attrs}];"

    lines.append('  subgraph cluster_goals { label="Goals";')
    for goal, supported in smap.goals:
        attrs = ', fillcolor="#e8f0fe"' if supported else ', style="rounded,dashed"'
        mark = "" if supported else "no outcome serves it"
        lines.append("  " + node(goal.id, _label(goal.id, goal.title, mark), attrs))
    lines.append("  }")
    lines.append('  subgraph cluster_outcomes { label="Outcomes";')
    for outcome, linked in smap.outcomes:
        attrs = ', fillcolor="#e6f4ea"' if linked else ', fillcolor="#fef7e0", style="rounded,filled,dashed"'
        mark = "" if linked else MARKS["unlinked"]
        lines.append("  " + node(outcome.id, _label(outcome.id, outcome.title, mark), attrs))
    lines.append("  }")
    item_attrs = {
        "aligned": "",
        "unlinked": ', fillcolor="#fef7e0", style="rounded,filled,dashed"',
        "blocked": ', fillcolor="#fce8e6", penwidth=2',
        "done": ', fillcolor="#f1f3f4", fontcolor="#5f6368"',
    }
    lines.append('  subgraph cluster_items { label="Roadmap";')
    for entry in on_the_map(smap):
        label = _label(entry.item.id, entry.item.title, MARKS[entry.state])
        lines.append("  " + node(entry.item.id, label, item_attrs[entry.state]))
    lines.append("  }")
    for source, target in smap.item_outcomes + smap.outcome_goals:
        lines.append(f"  {dot_string(source)} -> {dot_string(target)};")
    for source, target in smap.dependencies:
        lines.append(f'  {dot_string(source)} -> {dot_string(target)} [style=dashed, label="needs"];')
    lines.append("}")
    return "\n".join(lines) + "\n"
