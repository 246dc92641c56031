"""A board file as a readable outline: what `git diff` shows once `install-git` ran.

Each node is one line with its id and title, and its fields and links are
indented under it, so a diff of two outlines reads as "this item moved to
now" rather than as shuffled YAML. The diff never hides a change: every
line the outline does not render from its value (comments, `x-` keys, unknown
keys) is shown as written under its node (`report/leftovers.py`), and a file
that does not parse, or is not a board file at all, is shown as it is.
"""

from __future__ import annotations

from collections.abc import Callable

from trioboard.core.model import Extras, Goal, Item, Opportunity, Outcome, Team
from trioboard.core.rules import RULE_NAMES, STRUCTURAL_RULES
from trioboard.core.schema import read_board_file, read_team_file
from trioboard.core.text import printable
from trioboard.core.tree import PosMap, SourceFile
from trioboard.report.leftovers import Leftovers, NodeKey, leftover_lines

_TEAM_MARKS = ("name", "trio", "outcomes", "opportunities", "roadmap")
_BOM = b"\xef\xbb\xbf"


def textconv(source: SourceFile, raw: bytes) -> bytes:
    """What git diffs for one file: its outline, or its bytes untouched when it is no readable board file.

    Bytes, not text, for the latter: a change to bytes that are not UTF-8 must not vanish in decoding.
    """
    if not _is_board_file(source.tree):
        return raw
    return render(source, raw).encode("utf-8")


def _is_board_file(tree: object) -> bool:
    if not isinstance(tree, PosMap):
        return False
    return "goals" in tree or ("id" in tree and any(key in tree for key in _TEAM_MARKS))


def render(source: SourceFile, raw: bytes) -> str:
    """The outline of one board file, or its text when it cannot be read or is no board file."""
    tree = source.tree
    if not isinstance(tree, PosMap) or not _is_board_file(tree):
        return raw.decode("utf-8", errors="replace")
    team = "id" in tree and any(key in tree for key in _TEAM_MARKS)
    if team:
        team_file = read_team_file(source)
        problems = team_file.problems.problems
    else:
        head = read_board_file(source, RULE_NAMES, STRUCTURAL_RULES)
        problems = head.problems.problems
    text = raw.removeprefix(_BOM).decode("utf-8", errors="replace")
    extra = leftover_lines(text, tree, team, {p.line for p in problems})

    def node(at: NodeKey, indent: str, rendered: list[str]) -> list[str]:
        """A node's outline lines, with the lines it does not render: comments above, the rest inside."""
        rest = extra.pop(at, Leftovers())
        header = indent[:-2]
        return [header + line for line in rest.before] + rendered + [indent + line for line in rest.inside]

    if team:
        lines = _team(team_file.team, node) if team_file.team else []
    else:
        lines = node(tree.pos, "  ", [f"board: {head.name}"])
        for goal in head.goals:
            lines += node((goal.pos.line, goal.pos.column), "    ", _goal(goal))
        policy = []
        if head.policy.wip_limit is not None:
            policy.append(f"wip_limit {head.policy.wip_limit}")
        policy += [f"{rule}: {level}" for rule, level in sorted(head.policy.severity.items())]
        if policy:
            lines.append(f"  policy: {' · '.join(policy)}")
    for rest in extra.values():
        lines += ["  " + line for line in rest.before + rest.inside]
    lines += [f"  ! line {p.line}: {p.message}" for p in problems if p.rule in ("schema", "parse-error")]
    return "".join(printable(line) + "\n" for line in lines)


def _goal(goal: Goal) -> list[str]:
    details = [f"{k} {v}" for k, v in (("metric", goal.metric), ("target", goal.target), ("owner", goal.owner)) if v]
    lines = [f"  goal {goal.id}: {goal.title}"]
    if details:
        lines.append(f"    {' · '.join(details)}")
    return lines + _extras(goal.extras, "    ")


def _team(team: Team, node: Callable[[NodeKey, str, list[str]], list[str]]) -> list[str]:
    lines = [f"team {team.id}: {team.name}"]
    if team.trio:
        lines.append("  trio: " + " · ".join(f"{role} {name}" for role, name in team.trio.items()))
    if team.blocked:
        lines.append(f"  BLOCKED: {team.blocked}")
    lines = node((team.pos.line, team.pos.column), "  ", lines + _extras(team.extras, "  "))
    for outcome in team.outcomes:
        lines += node((outcome.pos.line, outcome.pos.column), "    ", _outcome(outcome))
    for opportunity in team.opportunities:
        lines += node((opportunity.pos.line, opportunity.pos.column), "    ", _opportunity(opportunity))
    for item in team.items:
        lines += node((item.pos.line, item.pos.column), "    ", _item(item))
    return lines


def _outcome(outcome: Outcome) -> list[str]:
    lines = [f"  outcome {outcome.id}: {outcome.title}"]
    if outcome.goals:
        lines.append(f"    serves goals: {', '.join(r.id for r in outcome.goals)}")
    if outcome.owner:
        lines.append(f"    owner {outcome.owner}")
    return lines + _extras(outcome.extras, "    ")


def _opportunity(opportunity: Opportunity) -> list[str]:
    parent = f" · part of {opportunity.parent.id}" if opportunity.parent else ""
    owner = f" · owner {opportunity.owner}" if opportunity.owner else ""
    lines = [f"  opportunity {opportunity.id}: {opportunity.title}", f"    {opportunity.status}{parent}{owner}"]
    if opportunity.outcomes:
        lines.append(f"    serves outcomes: {', '.join(r.id for r in opportunity.outcomes)}")
    return lines + _extras(opportunity.extras, "    ")


def _item(item: Item) -> list[str]:
    head = f"{item.horizon} · {item.status}" + (f" · owner {item.owner}" if item.owner else "")
    lines = [f"  item {item.id}: {item.title}", f"    {head}"]
    if item.outcomes:
        lines.append(f"    serves outcomes: {', '.join(r.id for r in item.outcomes)}")
    if item.opportunities:
        lines.append(f"    answers opportunities: {', '.join(r.id for r in item.opportunities)}")
    if item.depends_on:
        lines.append(f"    depends on: {', '.join(r.id for r in item.depends_on)}")
    if item.blocked:
        lines.append(f"    BLOCKED: {item.blocked}")
    for held in item.assumptions:
        about = [held.kind, f"{held.risk} risk" if held.risk else None, f"test: {held.test}" if held.test else None]
        lines.append(f"    assumption ({held.result}) {' · '.join([held.text, *(a for a in about if a)])}")
    return lines + _extras(item.extras, "    ")


def _extras(extras: Extras, indent: str) -> list[str]:
    lines = []
    if extras.tags:
        lines.append(f"{indent}tags: {', '.join(extras.tags)}")
    lines += [f"{indent}link: {link}" for link in extras.links]
    if extras.notes:
        lines += [f"{indent}| {line}" for line in extras.notes.splitlines()]
    return lines
