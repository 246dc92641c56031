"""What the TUI shows of discovery at length (SPEC 11): a team's cadence, an opportunity, a piece of evidence.

The figures come from `core.discovery` (the one computation `trioboard
discovery` and the cadence rules use); this module only words them.
"""

from __future__ import annotations

from rich.text import Text

from trioboard.core.discovery import (
    DEFAULT_WEEKS,
    OpportunityEvidence,
    TeamCadence,
    cadence,
    evidence_by_team,
    opportunity_evidence,
)
from trioboard.core.evidence import split_front_matter
from trioboard.core.model import Evidence, Item, Opportunity, Team
from trioboard.core.results import BoardState
from trioboard.core.text import plural, sparkline
from trioboard.core.tree import Problem
from trioboard.tui import discovery_labels as dl
from trioboard.tui.labels import role_words
from trioboard.tui.text import NEWLINE, clean, label

_cadences: dict[str, TeamCadence] = {}
_cadence_state: list[BoardState] = []


def team_cadence(state: BoardState, team_id: str) -> TeamCadence | None:
    """A team's cadence over the last `DEFAULT_WEEKS` weeks, judged at the analysis's today (kept per state)."""
    if not _cadence_state or _cadence_state[0] is not state:
        _cadence_state[:] = [state]
        _cadences.clear()
    if team_id not in _cadences:
        team = state.analysis.index.get(team_id)
        if not isinstance(team, Team):
            return None
        today = state.analysis.today
        by_team = evidence_by_team(dl.EvidenceIndex.of(state).by_team.get(team_id, []), today)
        _cadences[team_id] = cadence(team, by_team.get(team_id, []), today, DEFAULT_WEEKS, state.board.policy.discovery)
    return _cadences[team_id]


def evidence_of(state: BoardState, opportunity: Opportunity) -> OpportunityEvidence:
    """An opportunity's evidence counts, from `core.discovery`."""
    backed = dl.EvidenceIndex.of(state).backed.get(opportunity.id)
    return opportunity_evidence(opportunity, backed, state.board.policy.discovery)


def week_bars(weeks: tuple[int, ...] | list[int]) -> str:
    """Touchpoints per week, oldest first, as bars scaled to the busiest week; `·` for a week with none."""
    top = max(weeks, default=0) or 1
    return sparkline([n / top if n else None for n in weeks])


def policy_words(found: TeamCadence) -> Text:
    """`▲ below the discovery policy: 1 touchpoint in the last 3 weeks, it asks 3` — or that it is met."""
    if found.asked is None:
        return label(("no discovery policy (policy.discovery in board.yaml)", "dim"))
    parts: list[tuple[object, str] | str] = []
    if found.short:
        parts += [
            (dl.POLICY_NOT_MET + ": ", "bold yellow"),
            f"{plural(found.in_window, 'touchpoint')} in the window, it asks {found.asked}",
        ]
    if found.absent:
        who = ", ".join(f"{role_words(p.role)} {p.name}" for p in found.absent)
        parts += [
            ("; " if parts else ""),
            (dl.POLICY_NOT_MET + ": " if not parts else "", "bold yellow"),
            f"{who} took part in none",
        ]
    if not parts:
        return label(
            ("✓ meets the discovery policy", "green"), f" ({found.in_window} in the window, it asks {found.asked})"
        )
    return label(*parts)


def _last(found: TeamCadence) -> str:
    return f"last {found.last.isoformat()}" if found.last else "none recorded"


def touchpoints_label(state: BoardState, team_id: str) -> Text:
    """The Touchpoints line of a team: `Touchpoints  ▁▃▅ · last 2026-07-08  ▲ below the discovery policy`."""
    found = team_cadence(state, team_id)
    count = len(dl.EvidenceIndex.of(state).by_team.get(team_id, []))
    out = label(("Touchpoints", "bold"), f" ({count})  ")
    if found is None:
        return out
    out.append_text(label((week_bars(found.weeks), "green"), (f"  {_last(found)}", "dim")))
    if found.flagged:
        out.append_text(label(("  " + dl.POLICY_NOT_MET, "bold yellow")))
    return out


def cadence_header(state: BoardState, team_id: str) -> Text:
    """Above the Discovery tree: the team's touchpoints per week, the last date, and the policy, in words."""
    found = team_cadence(state, team_id)
    if found is None:
        return Text("")
    spark = week_bars(found.weeks)
    out = label(
        (team_id, "bold"),
        "  ",
        (spark, "green"),
        f"  {_last(found)} · {plural(found.customers, 'customer')} · touchpoints a week, {len(found.weeks)} weeks",
        NEWLINE,
        policy_words(found),
    )
    return out


def team_cadence_detail(state: BoardState, team: Team) -> Text:
    """The cadence lines of a team's detail (empty when the board does no discovery)."""
    if not state.board.evidence and state.board.policy.discovery is None:
        return Text("")
    found = team_cadence(state, team.id)
    if found is None:
        return Text("")
    out = label(
        NEWLINE,
        ("touchpoints ", "dim"),
        (week_bars(found.weeks), "green"),
        f"  {sum(found.weeks)} in {len(found.weeks)} weeks, {_last(found)}",
        NEWLINE,
        ("customers ", "dim"),
        str(found.customers),
        NEWLINE,
    )
    for part in found.trio:
        out.append_text(
            label(
                (f"{role_words(part.role)} ", "dim"),
                part.name,
                "  took part" if part.took_part else ("  took no part", "yellow"),
            )
        )
        out.append("\n")
    out.append_text(policy_words(found))
    out.append("\n")
    return out


def opportunity_detail(state: BoardState, opportunity: Opportunity) -> Text:
    """An opportunity's own lines: team, status, what it serves, its parent, the evidence behind it."""
    a = state.analysis
    counts = evidence_of(state, opportunity)
    lines = [
        label(("team ", "dim"), opportunity.team, ("   status ", "dim"), opportunity.status),
    ]
    if opportunity.owner:
        lines.append(label(("owner ", "dim"), opportunity.owner))
    if opportunity.outcomes:
        lines.append(label(("outcomes: ", "dim"), ", ".join(_named(state, [r.id for r in opportunity.outcomes]))))
    served = a.opportunities.outcomes.get(opportunity.id, [])
    inherited = [o for o in served if o not in {r.id for r in opportunity.outcomes}]
    if inherited:
        lines.append(label(("→ through its parent: ", "dim"), ", ".join(inherited)))
    if not a.opportunities.goals.get(opportunity.id):
        lines.append(label(("⚠ no link: ", "yellow"), "it serves no goal"))
    if opportunity.parent:
        lines.append(label(("parent: ", "dim"), *_named(state, [opportunity.parent.id])))
    children = a.opportunities.children.get(opportunity.id, [])
    if children:
        lines.append(label(("under it: ", "dim"), ", ".join(children)))
    answers = a.opportunity_items.get(opportunity.id, [])
    if answers:
        lines.append(label(("answered by: ", "dim"), ", ".join(answers)))
    evidence = label(
        ("evidence ", "dim"),
        f"{counts.supporting} supporting, {counts.challenging} challenging · {plural(counts.customers, 'customer')}",
    )
    if counts.unevidenced:
        evidence.append_text(label(("  ▲ fewer customers than the policy asks", "yellow"), f" ({counts.wanted})"))
    lines.append(evidence)
    out = Text(end="")
    for line in lines:
        out.append_text(line)
        out.append("\n")
    return out


def item_discovery_detail(state: BoardState, item: Item) -> Text:
    """An item's opportunities and assumptions (empty when it has none)."""
    out = Text(end="")
    if item.opportunities:
        out.append_text(label(("answers: ", "dim"), ", ".join(_named(state, [r.id for r in item.opportunities]))))
        out.append("\n")
    if item.assumptions:
        out.append_text(label(("assumptions", "dim")))
        out.append("\n")
    for assumption in item.assumptions:
        out.append_text(label("  ", dl.assumption_label(assumption)))
        out.append("\n")
        if assumption.test:
            out.append_text(label(("    test: ", "dim"), assumption.test))
            out.append("\n")
    return out


def _named(state: BoardState, ids: list[str]) -> list[str]:
    return [i if i in state.analysis.index else f"{i} (missing)" for i in ids]


def evidence_detail(evidence: Evidence, body: str | None = None) -> Text:
    """A piece of evidence: its front matter, then its body when it has been read (else how to read it)."""
    out = label(("EVIDENCE", "bold reverse"), " ", (evidence.path, "bold"), NEWLINE)
    fields: list[tuple[str, str]] = [
        ("date", evidence.date.isoformat() if evidence.date else "—"),
        ("team", evidence.team or "—"),
        ("kind", evidence.kind or "—"),
        ("with", ", ".join(evidence.with_) or "—"),
        ("customer", evidence.customer or "—"),
        ("segment", evidence.segment or "—"),
        ("supports", ", ".join(r.id for r in evidence.supports) or "—"),
        ("challenges", ", ".join(r.id for r in evidence.challenges) or "—"),
    ]
    for name, value in fields:
        out.append_text(label((f"{name:<11}", "dim"), value, NEWLINE))
    out.append("\n")
    if body is None:
        out.append_text(label((f"{plural(evidence.body_chars, 'character')} of notes: Enter shows them", "dim")))
    else:
        out.append(clean_body(body))
    return out


def evidence_body(text: str) -> str:
    """The body of an evidence file's text (all of it when it has no front matter), cleaned to show."""
    split = split_front_matter(text)
    return clean_body(text if isinstance(split, Problem) else text[split.body_start :])


def clean_body(body: str) -> str:
    """An evidence body to show: every control character but line breaks and tabs removed, line by line."""
    return "\n".join(clean(line.replace("\t", "    ")) for line in body.splitlines())
