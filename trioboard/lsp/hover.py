"""Hover on an id: what it names, its team, whether it is aligned and why, whether it is blocked and the chain."""

from __future__ import annotations

from collections import Counter

from trioboard.core.analysis import Analysis
from trioboard.core.impact import number_text, standing
from trioboard.core.model import Goal, Item, Measure, Node, Opportunity, Outcome, Team
from trioboard.core.opportunities import opportunity_clause


def _code(text: str) -> str:
    """The user's text as inline code, so no markup in it is rendered."""
    return f"`{text}`" if "`" not in text else text.replace("`", "'")


def _measure_lines(measure: Measure) -> list[str]:
    """A measure's progress and state, its numbers and its confidence (SPEC 12: hover shows a measure's progress)."""
    unit = f" {_code(measure.unit)}" if measure.unit else ""
    numbers = [f"baseline {number_text(measure.baseline)}", f"target {number_text(measure.target)}{unit}"]
    if measure.current is not None:
        numbers.insert(0, f"current {number_text(measure.current)}")
    dates = [f"as of {measure.as_of.isoformat()}" if measure.as_of else "", f"by {measure.by}" if measure.by else ""]
    confidence = f"confidence {number_text(measure.confidence)}" if measure.confidence is not None else ""
    return [
        f"measure {_code(measure.metric)} ({measure.direction.value}): {standing(measure).label}",
        " · ".join(part for part in (", ".join(numbers), *dates, confidence) if part),
    ]


def _status(node: Node, analysis: Analysis) -> list[str]:
    """The lines about alignment and blocking, in the words `check` uses."""
    team_of = analysis.team_of
    lines: list[str] = []
    if isinstance(node, Item):
        lines.append(f"{node.horizon} · {node.status}")
        if not node.active:
            lines.append(f"not judged: it is {node.status}")
        elif node.id in analysis.aligned:
            lines.append(f"aligned: {_ties(node, analysis)}")
        else:
            lines.append(f"no strategy link: {analysis.unlinked.get(node.id, 'unknown')}")
        for chain in analysis.blocked.get(node.id, []):
            lines.append(f"blocked: {chain.describe(team_of)}")
        impact = node.impact
        if impact is not None and impact.outcome is not None and impact.expect is not None:
            actual = f", actual {number_text(impact.actual)}" if impact.actual is not None else ", no actual yet"
            lines.append(f"expects {number_text(impact.expect)} on {impact.outcome.id}{actual}")
        if node.assumptions:
            results = Counter(a.result for a in node.assumptions)
            lines.append("assumptions: " + ", ".join(f"{n} {result}" for result, n in results.items()))
    elif isinstance(node, Opportunity):
        lines += _opportunity(node, analysis)
    elif isinstance(node, Outcome):
        goals = analysis.outcome_goals.get(node.id)
        if goals:
            lines.append(f"aligned: serves {', '.join(goals)}")
        else:
            lines.append(f"serves no goal: {analysis.unlinked_outcomes.get(node.id, 'it names no goal')}")
        if node.measure is not None:
            lines += _measure_lines(node.measure)
    elif isinstance(node, Goal):
        outcomes = analysis.goal_outcomes.get(node.id, [])
        lines.append(f"served by {', '.join(outcomes)}" if outcomes else "no outcome serves it")
        if node.measure is not None:
            lines += _measure_lines(node.measure)
    elif isinstance(node, Team):
        coverage = analysis.coverage.get(node.id)
        if coverage is not None:
            lines.append(f"coverage: {coverage.aligned} of {coverage.active} active items aligned")
        for reason in analysis.team_blocks.get(node.id, []):
            lines.append(f"blocked: {reason.text}")
    return lines


def _ties(item: Item, analysis: Analysis) -> str:
    """What ties an aligned item to strategy: `serves o1; answers card-reentry`."""
    served = [r.id for r in item.outcomes if analysis.outcome_goals.get(r.id)]
    answers = [r.id for r in item.opportunities if analysis.opportunities.goals.get(r.id)]
    parts = [f"serves {', '.join(served)}"] if served else []
    parts += [f"answers {', '.join(answers)}"] if answers else []
    return "; ".join(parts)


def _opportunity(node: Opportunity, analysis: Analysis) -> list[str]:
    """Its status, what it serves or where its chain breaks, its place in the tree and the items that answer it."""
    tree = analysis.opportunities
    lines = [node.status]
    if tree.goals.get(node.id):
        served = [o for o in tree.outcomes.get(node.id, []) if analysis.outcome_goals.get(o)]
        lines.append(f"aligned: serves {', '.join(served)}")
    elif node.id in tree.outcomes:
        lines.append(f"no strategy link: {opportunity_clause(node.id, tree, analysis.index).removeprefix('which ')}")
    if node.parent is not None:
        lines.append(f"under {node.parent.id}")
    if tree.children.get(node.id):
        lines.append(f"broader than {', '.join(tree.children[node.id])}")
    answered = analysis.opportunity_items.get(node.id, [])
    lines.append(f"answered by {', '.join(answered)}" if answered else "no item answers it")
    return lines


def hover_text(node_id: str, analysis: Analysis) -> str | None:
    """Markdown for the node named `node_id`, or None when no node has that id."""
    node = analysis.index.get(node_id)
    if node is None:
        return None
    team = node.id if isinstance(node, Team) else analysis.team_of.get(node.id)
    head = f"**{node.kind.value} `{node.id}`**" + (f" · team `{team}`" if team else "")
    # Titles are the user's text: shown as code, so no markup in them is rendered.
    body = [head, "", _code(node.title)]
    body += ["", *(f"- {line}" for line in _status(node, analysis))]
    return "\n".join(body)
