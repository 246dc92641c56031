"""Hover on an id: what it names, its team, whether it is aligned and why, whether it is blocked and the chain."""

from __future__ import annotations

from trioboard.core.analysis import Analysis
from trioboard.core.model import Goal, Item, Node, Outcome, Team


def _status(node: Node, analysis: Analysis) -> list[str]:
    """The lines about alignment and blocking, in the words `check` uses."""
    team_of = analysis.team_of
    lines: list[str] = []
    if isinstance(node, Item):
        lines.append(f"{node.horizon} · {node.status}")
        if not node.active:
            lines.append(f"not judged: it is {node.status}")
        elif node.id in analysis.aligned:
            served = [r.id for r in node.outcomes if analysis.outcome_goals.get(r.id)]
            lines.append(f"aligned: serves {', '.join(served)}")
        else:
            lines.append(f"no strategy link: {analysis.unlinked.get(node.id, 'unknown')}")
        for chain in analysis.blocked.get(node.id, []):
            lines.append(f"blocked: {chain.describe(team_of)}")
    elif isinstance(node, Outcome):
        goals = analysis.outcome_goals.get(node.id)
        if goals:
            lines.append(f"aligned: serves {', '.join(goals)}")
        else:
            lines.append(f"serves no goal: {analysis.unlinked_outcomes.get(node.id, 'it names no goal')}")
    elif isinstance(node, Goal):
        outcomes = analysis.goal_outcomes.get(node.id, [])
        lines.append(f"served by {', '.join(outcomes)}" if outcomes else "no outcome serves it")
    elif isinstance(node, Team):
        coverage = analysis.coverage.get(node.id)
        if coverage is not None:
            lines.append(f"coverage: {coverage.aligned} of {coverage.active} active items aligned")
        for reason in analysis.team_blocks.get(node.id, []):
            lines.append(f"blocked: {reason.text}")
    return lines


def hover_text(node_id: str, analysis: Analysis) -> str | None:
    """Markdown for the node named `node_id`, or None when no node has that id."""
    node = analysis.index.get(node_id)
    if node is None:
        return None
    team = node.id if isinstance(node, Team) else analysis.team_of.get(node.id)
    head = f"**{node.kind.value} `{node.id}`**" + (f" · team `{team}`" if team else "")
    # Titles are the user's text: shown as code, so no markup in them is rendered.
    body = [head, "", f"`{node.title}`" if "`" not in node.title else node.title.replace("`", "'")]
    body += ["", *(f"- {line}" for line in _status(node, analysis))]
    return "\n".join(body)
