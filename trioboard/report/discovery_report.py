"""`trioboard discovery` as text, Markdown and JSON: the trio's cadence, the evidence behind opportunities.

Per team: touchpoints per week as a sparkline (`·` for a week with none,
bars on one scale for the others), how many in all, the distinct customers,
who of the trio took part, the last touchpoint, and whether the policy is
met, said in words as well as with a mark. Then each opportunity with the
evidence for and against it, and each team's assumptions by result.
"""

from __future__ import annotations

import json
from typing import Any

from trioboard.core.discovery import Discovery, OpportunityEvidence, TeamCadence
from trioboard.core.model import DiscoveryPolicy
from trioboard.core.text import plural, printable, sparkline
from trioboard.core.vocabulary import TrioRole
from trioboard.report.markup import md, md_code

FLAG = "⚠"
"""The mark of a team or an opportunity that does not meet the policy (always with words beside it)."""


def weeks_line(team: TeamCadence) -> str:
    """Touchpoints per week, oldest first: `·` for none, bars scaled to the busiest week."""
    top = max(team.weeks, default=0) or 1
    return sparkline([None if n == 0 else n / top for n in team.weeks])


def policy_words(policy: DiscoveryPolicy | None) -> str:
    """`1 touchpoint a week over 3 weeks, the whole trio, 3 customers behind an open opportunity`."""
    if policy is None:
        return "no discovery policy (policy.discovery in board.yaml sets one)"
    trio = ", the whole trio" if policy.whole_trio else ""
    return (
        f"{plural(policy.touchpoints, 'touchpoint')} a week over {plural(policy.window_weeks, 'week')}{trio}, "
        f"{plural(policy.min_customers, 'customer')} behind an open opportunity"
    )


def standing(team: TeamCadence, policy: DiscoveryPolicy | None) -> str:
    """Whether the team meets the policy, in words: `meets the policy`, or what it lacks."""
    if policy is None or team.asked is None:
        return ""
    if not team.flagged:
        return "meets the policy"
    parts = []
    window = "week" if policy.window_weeks == 1 else f"{policy.window_weeks} weeks"
    if team.short:
        parts.append(f"{team.in_window} in the last {window}, policy asks {team.asked}")
    if team.absent:
        who = " and ".join(f"{TrioRole(p.role).words} {printable(p.name)}" for p in team.absent)
        parts.append(f"{who} took part in none of the {plural(team.in_window, 'touchpoint')} of the last {window}")
    return f"{FLAG} policy not met: " + "; ".join(parts)


def _trio(team: TeamCadence) -> str:
    if not team.trio:
        return "no trio named"
    return ", ".join(f"{p.role} {printable(p.name)} {'took part' if p.took_part else 'did not'}" for p in team.trio)


def _opportunity(o: OpportunityEvidence, width: int) -> str:
    flag = f"  {FLAG} too few customers: policy asks {o.wanted}" if o.unevidenced else ""
    counts = f"{o.supporting} for, {o.challenging} against, {plural(o.customers, 'customer')}"
    return f"{o.id:<{width}}  {o.status:<9}  {counts}{flag}"


def _results(counts: dict[str, int]) -> str:
    return ", ".join(f"{result} {n}" for result, n in counts.items())


def text(view: Discovery, board: str) -> str:
    """The discovery as a terminal reads it (no colour: the marks and words say it all)."""
    lines = [
        f"Discovery of {printable(board)} at {view.today.isoformat()}, the last {plural(view.weeks, 'week')} "
        "(oldest first)",
        f"Policy: {policy_words(view.policy)}",
    ]
    for team in view.teams:
        total = sum(team.weeks)
        state = standing(team, view.policy)
        lines += [
            "",
            f"{team.team} — {printable(team.name)}" + (f"  {state}" if state else ""),
            f"  touchpoints    {weeks_line(team)}  {total} in all",
            f"  customers      {team.customers} distinct",
            f"  trio           {_trio(team)}",
            f"  last           {team.last.isoformat() if team.last else 'none recorded yet'}",
        ]
        mine = [o for o in view.opportunities if o.team == team.team]
        if mine:
            lines.append("  opportunities")
            width = max(len(o.id) for o in mine)
            lines += [f"    {_opportunity(o, width)}" for o in mine]
        counts = view.assumptions.get(team.team, {})
        if sum(counts.values()):
            lines.append(f"  assumptions    {_results(counts)}")
    if not view.teams:
        lines += ["", "No teams."]
    return "\n".join(lines) + "\n"


def markdown(view: Discovery, board: str) -> str:
    """The discovery for a pull request or a wiki: one table of teams, one of opportunities."""
    out = [
        f"## Discovery of {md(board)} at {view.today.isoformat()}",
        "",
        f"The last {plural(view.weeks, 'week')}, oldest first. Policy: {policy_words(view.policy)}.",
        "",
        "| team | touchpoints per week | in all | customers | trio took part | last | policy |",
        "|---|---|---|---|---|---|---|",
    ]
    for team in view.teams:
        took = ", ".join(f"{md(p.name)} {'✓' if p.took_part else '✗'}" for p in team.trio) or "—"
        out.append(
            f"| {md_code(team.team)} | {weeks_line(team)} | {sum(team.weeks)} | {team.customers} | {took} | "
            f"{team.last.isoformat() if team.last else '—'} | {md(standing(team, view.policy)) or '—'} |"
        )
    if view.opportunities:
        out += [
            "",
            "| opportunity | team | status | for | against | customers | |",
            "|---|---|---|---|---|---|---|",
        ]
        for o in view.opportunities:
            flag = f"{FLAG} policy asks {o.wanted}" if o.unevidenced else ""
            out.append(
                f"| {md_code(o.id)} {md(o.title)} | {md_code(o.team)} | {o.status} | {o.supporting} | "
                f"{o.challenging} | {o.customers} | {flag} |"
            )
    counted = {team: counts for team, counts in view.assumptions.items() if sum(counts.values())}
    if counted:
        results = list(next(iter(counted.values())))
        out += ["", "| assumptions | " + " | ".join(results) + " |", "|---" * (len(results) + 1) + "|"]
        out += [f"| {md_code(team)} | " + " | ".join(str(n) for n in c.values()) + " |" for team, c in counted.items()]
    return "\n".join(out) + "\n"


def as_json(view: Discovery, board: str) -> str:
    """The discovery for scripts: every number `text` shows, and the weeks as a list."""
    policy = view.policy
    data: dict[str, Any] = {
        "board": board,
        "today": view.today.isoformat(),
        "weeks": view.weeks,
        "policy": None
        if policy is None
        else {
            "touchpoints": policy.touchpoints,
            "window_weeks": policy.window_weeks,
            "whole_trio": policy.whole_trio,
            "min_customers": policy.min_customers,
        },
        "teams": [
            {
                "id": t.team,
                "name": t.name,
                "weeks": list(t.weeks),
                "touchpoints": sum(t.weeks),
                "customers": t.customers,
                "trio": [{"role": p.role, "name": p.name, "took_part": p.took_part} for p in t.trio],
                "last": t.last.isoformat() if t.last else None,
                "in_window": t.in_window if t.asked is not None else None,
                "asked": t.asked,
                "absent": [p.role for p in t.absent],
                "flagged": t.flagged,
            }
            for t in view.teams
        ],
        "opportunities": [
            {
                "id": o.id,
                "title": o.title,
                "team": o.team,
                "status": o.status,
                "supporting": o.supporting,
                "challenging": o.challenging,
                "customers": o.customers,
                "wanted": o.wanted,
                "unevidenced": o.unevidenced,
            }
            for o in view.opportunities
        ],
        "assumptions": view.assumptions,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


FORMATS = {"text": text, "markdown": markdown, "json": as_json}
"""`--format` → renderer, the one table the command's choices come from."""
