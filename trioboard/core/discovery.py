"""The trio's discovery (SPEC 11), computed once for the cadence rules, `trioboard discovery` and the TUI.

Per team: touchpoints per week, the distinct customers met, who of the trio
took part and the last touchpoint, against `policy.discovery`; per
opportunity: the evidence for and against it and the customers behind it;
per team: its active items' assumptions by result.

Time is judged at `today` (`Analysis.today`: the run's date, `--today`, or
a revision's commit date). A week is seven days ending on `today`, counted
back from it: the last `n` weeks are the days `today - 7n + 1 … today`.
Evidence dated after `today` counts nowhere (it has not happened yet).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from trioboard.core.model import Board, DiscoveryPolicy, Evidence, Item, Opportunity, Team
from trioboard.core.vocabulary import AssumptionResult, OpportunityStatus, TrioRole

DEFAULT_WEEKS = 12
"""How many weeks `trioboard discovery` shows by default."""
WHOLE_TRIO_ROLES = (TrioRole.DESIGN, TrioRole.ENGINEERING)
"""The roles `whole_trio` asks to take part, besides product."""


@dataclass(frozen=True, slots=True)
class TrioPart:
    """Whether one member of a team's trio took part in its touchpoints."""

    role: str
    name: str
    took_part: bool


@dataclass(frozen=True, slots=True)
class TeamCadence:
    """One team's touchpoints with customers."""

    team: str
    name: str
    weeks: tuple[int, ...]
    """Touchpoints in each of the weeks shown, oldest first (the last one ends today)."""
    customers: int
    """Distinct customers met in the weeks shown."""
    trio: tuple[TrioPart, ...]
    """Each named member of the trio, in role order, and whether they took part in the weeks shown."""
    last: dt.date | None
    """The latest touchpoint on or before today (at any time); None: none recorded."""
    in_window: int
    """Touchpoints in the policy's window (`window_weeks`; with no policy, the weeks shown)."""
    asked: int | None
    """What the policy asks in its window (`touchpoints` × `window_weeks`); None: no policy."""
    absent: tuple[TrioPart, ...] = ()
    """With `whole_trio`: the design and engineering members who took part in none of the window's touchpoints."""

    @property
    def short(self) -> bool:
        """Fewer touchpoints in the window than the policy asks."""
        return self.asked is not None and self.in_window < self.asked

    @property
    def flagged(self) -> bool:
        """The policy is not met: too few touchpoints, or the whole trio did not take part."""
        return self.short or bool(self.absent)


@dataclass(frozen=True, slots=True)
class OpportunityEvidence:
    """The evidence for and against one opportunity."""

    id: str
    title: str
    team: str
    status: str
    supporting: int
    """Evidence files that support it."""
    challenging: int
    """Evidence files that challenge it."""
    customers: int
    """Distinct customers among the supporting evidence."""
    wanted: int | None
    """The distinct customers the policy asks of an open opportunity (`min_customers`); None: not asked."""

    @property
    def unevidenced(self) -> bool:
        """Open, and fewer distinct customers support it than the policy asks."""
        return self.wanted is not None and self.customers < self.wanted


@dataclass(frozen=True, slots=True)
class Discovery:
    """The board's discovery at `today`: what `trioboard discovery` and the TUI's Discovery view show."""

    today: dt.date
    weeks: int
    policy: DiscoveryPolicy | None
    teams: tuple[TeamCadence, ...]
    opportunities: tuple[OpportunityEvidence, ...]
    assumptions: dict[str, dict[str, int]]
    """Team id → assumption result → how many its active items have (every result, zeros included)."""


def discovery(board: Board, today: dt.date, *, weeks: int = DEFAULT_WEEKS, team: str | None = None) -> Discovery:
    """The discovery of every team (or of `team` only), judged at `today`, over the last `weeks` weeks."""
    teams = [t for t in board.teams if team is None or t.id == team]
    by_team = evidence_by_team(board.evidence, today)
    backed = backing(board.evidence, today)
    policy = board.policy.discovery
    return Discovery(
        today=today,
        weeks=weeks,
        policy=policy,
        teams=tuple(cadence(t, by_team.get(t.id, []), today, weeks, policy) for t in teams),
        opportunities=tuple(opportunity_evidence(o, backed.get(o.id), policy) for t in teams for o in t.opportunities),
        assumptions={t.id: assumption_results(t.items) for t in teams},
    )


def evidence_by_team(evidence: Iterable[Evidence], today: dt.date) -> dict[str, list[Evidence]]:
    """Dated evidence on or before `today`, by team id, newest first."""
    out: dict[str, list[Evidence]] = {}
    for piece in evidence:
        if piece.team is not None and piece.date is not None and piece.date <= today:
            out.setdefault(piece.team, []).append(piece)
    for pieces in out.values():
        pieces.sort(key=lambda p: (p.date, p.path), reverse=True)
    return out


def cadence(
    team: Team, evidence: list[Evidence], today: dt.date, weeks: int, policy: DiscoveryPolicy | None
) -> TeamCadence:
    """One team's cadence from its evidence (dated, on or before `today`, as `evidence_by_team` gives it)."""
    counts = [0] * weeks
    customers: set[str] = set()
    shown: list[Evidence] = []
    for piece in evidence:
        assert piece.date is not None
        back = weeks_back(piece.date, today)
        if back < weeks:
            counts[weeks - 1 - back] += 1
            shown.append(piece)
            if piece.customer:
                customers.add(piece.customer.strip())
    window_weeks = policy.window_weeks if policy is not None else weeks
    window = [p for p in evidence if p.date is not None and weeks_back(p.date, today) < window_weeks]
    members = [(role, name) for role in TrioRole if (name := team.trio.get(role.value))]
    absent: tuple[TrioPart, ...] = ()
    if policy is not None and policy.whole_trio and window:
        absent = tuple(
            TrioPart(role, name, False)
            for role, name in members
            if role in WHOLE_TRIO_ROLES and not _took_part(name, window)
        )
    return TeamCadence(
        team=team.id,
        name=team.name,
        weeks=tuple(counts),
        customers=len(customers),
        trio=tuple(TrioPart(role.value, name, _took_part(name, shown)) for role, name in members),
        last=evidence[0].date if evidence else None,
        in_window=len(window),
        asked=policy.touchpoints * policy.window_weeks if policy is not None else None,
        absent=absent,
    )


def weeks_back(day: dt.date, today: dt.date) -> int:
    """How many whole weeks before `today`'s week `day` lies: 0 for the seven days ending today."""
    return (today - day).days // 7


def _took_part(name: str, evidence: Iterable[Evidence]) -> bool:
    wanted = _person(name)
    return any(_person(other) == wanted for piece in evidence for other in piece.with_)


def _person(name: str) -> str:
    """A name as compared: case and spacing do not matter (`ana  ruiz` is `Ana Ruiz`)."""
    return " ".join(name.split()).casefold()


@dataclass(slots=True)
class Backing:
    """What the evidence says of one opportunity or item: how many pieces support and challenge it, and who."""

    supporting: int = 0
    challenging: int = 0
    customers: set[str] = field(default_factory=set)
    """Distinct customers among the supporting pieces."""


def backing(evidence: Iterable[Evidence], today: dt.date) -> dict[str, Backing]:
    """Id → what the evidence dated on or before `today` says of it (one pass over all of it)."""
    out: dict[str, Backing] = {}
    for piece in evidence:
        if piece.date is None or piece.date > today:
            continue
        for node_id in {ref.id for ref in piece.supports}:
            found = out.setdefault(node_id, Backing())
            found.supporting += 1
            if piece.customer:
                found.customers.add(piece.customer.strip())
        for node_id in {ref.id for ref in piece.challenges}:
            out.setdefault(node_id, Backing()).challenging += 1
    return out


def opportunity_evidence(
    opportunity: Opportunity, backed: Backing | None, policy: DiscoveryPolicy | None
) -> OpportunityEvidence:
    """An opportunity with what the evidence says of it (`backing(...).get(opportunity.id)`)."""
    backed = backed or Backing()
    is_open = opportunity.status == OpportunityStatus.OPEN.value
    return OpportunityEvidence(
        id=opportunity.id,
        title=opportunity.title,
        team=opportunity.team,
        status=opportunity.status,
        supporting=backed.supporting,
        challenging=backed.challenging,
        customers=len(backed.customers),
        wanted=policy.min_customers if policy is not None and is_open else None,
    )


def assumption_results(items: Iterable[Item]) -> dict[str, int]:
    """How many assumptions of the active items have each result, in the order of `AssumptionResult`."""
    counts = {result.value: 0 for result in AssumptionResult}
    for item in items:
        if item.active:
            for assumption in item.assumptions:
                counts[assumption.result] = counts.get(assumption.result, 0) + 1
    return counts
