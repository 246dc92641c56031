"""The board as typed records: goals, teams, outcomes, opportunities and roadmap items.

Every record keeps where it was written (file, line, column), and so does
every link, so that a finding can point at the exact list element.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import date

from trioboard.core import vocabulary as vocab
from trioboard.core.tree import Problem
from trioboard.core.vocabulary import Kind as Kind


@dataclass(frozen=True, slots=True)
class Pos:
    """A place in a board file; `file` is relative to the board directory."""

    file: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Ref:
    """A link to another node by id, where the link is written."""

    id: str
    pos: Pos


# The closed sets as plain strings, for code that stores, compares and writes
# them as text (a YAML dumper cannot write an enum member).
HORIZONS: tuple[str, ...] = tuple(h.value for h in vocab.Horizon)
"""Roadmap horizons, soonest first."""
STATUSES: tuple[str, ...] = tuple(s.value for s in vocab.Status)
"""Roadmap item statuses."""
ACTIVE_STATUSES: frozenset[str] = frozenset(s.value for s in vocab.ACTIVE_STATUSES)
"""The statuses of the items the alignment rules judge."""
TRIO_ROLES: tuple[str, ...] = tuple(r.value for r in vocab.TrioRole)
"""The trio's roles, in SPEC order."""
OPPORTUNITY_STATUSES: tuple[str, ...] = tuple(s.value for s in vocab.OpportunityStatus)
"""Opportunity statuses."""


@dataclass(slots=True)
class Extras:
    """The free-form fields every node may carry."""

    notes: str | None = None
    links: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class Measure:
    """What a goal or outcome is measured by (SPEC 10), as far as it could be read.

    A measure exists only with its `metric`, `baseline` and `target` readable
    and the baseline differing from the target; any other key that cannot be
    read is None here (its `schema` finding says why).
    """

    metric: str
    baseline: float
    target: float
    pos: Pos
    """Where the `measure:` mapping starts (its first key)."""
    unit: str | None = None
    direction: vocab.Direction = vocab.Direction.INCREASE
    by: date | None = None
    current: float | None = None
    as_of: date | None = None
    confidence: float | None = None
    source: str | None = None
    value_pos: dict[str, Pos] = field(default_factory=dict, compare=False)
    """Key → where its value is written, so a finding can point at `as_of` or `current`."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Impact:
    """What a roadmap item is expected to move, and what it did (SPEC 10)."""

    outcome: Ref | None
    """The measured outcome it moves; None when missing or not an id (a `schema` finding)."""
    expect: float | None
    """The expected change, in the measure's unit and direction; None when missing or unreadable."""
    confidence: float | None = None
    actual: float | None = None
    pos: Pos
    """Where the `impact:` mapping starts (its first key)."""
    value_pos: dict[str, Pos] = field(default_factory=dict, compare=False)
    """Key → where its value is written."""


@dataclass(slots=True)
class Goal:
    """A company goal: the top of the strategy."""

    id: str
    title: str
    pos: Pos
    metric: str | None = None
    target: str | None = None
    measure: Measure | None = None
    owner: str | None = None
    extras: Extras = field(default_factory=Extras)
    kind = Kind.GOAL


@dataclass(slots=True)
class Outcome:
    """A desired outcome of one team, serving company goals."""

    id: str
    title: str
    team: str
    pos: Pos
    goals: list[Ref] = field(default_factory=list)
    measure: Measure | None = None
    owner: str | None = None
    extras: Extras = field(default_factory=Extras)
    kind = Kind.OUTCOME


@dataclass(slots=True)
class Opportunity:
    """A customer need, pain or desire a team found (SPEC 11): it would move outcomes of any team.

    `parent` names a broader opportunity of the board: together they form
    the opportunity solution tree (outcome → opportunities → items).
    """

    id: str
    title: str
    team: str
    pos: Pos
    outcomes: list[Ref] = field(default_factory=list)
    parent: Ref | None = None
    status: str = vocab.OpportunityStatus.OPEN.value
    owner: str | None = None
    extras: Extras = field(default_factory=Extras)
    kind = Kind.OPPORTUNITY


@dataclass(frozen=True, slots=True)
class Assumption:
    """One thing that must be true for an item to work, and what testing it has shown (SPEC 11).

    `kind` and `risk` are None when not written (or not valid: a `schema` finding says so).
    """

    text: str
    pos: Pos
    kind: str | None = None
    risk: str | None = None
    test: str | None = None
    result: str = vocab.AssumptionResult.UNTESTED.value


@dataclass(slots=True)
class Item:
    """A roadmap item of one team, serving outcomes of any team."""

    id: str
    title: str
    team: str
    pos: Pos
    outcomes: list[Ref] = field(default_factory=list)
    opportunities: list[Ref] = field(default_factory=list)
    """The opportunities this item answers (of any team)."""
    horizon: str = vocab.Horizon.LATER.value
    status: str = vocab.Status.PLANNED.value
    blocked: str | None = None
    depends_on: list[Ref] = field(default_factory=list)
    impact: Impact | None = None
    owner: str | None = None
    assumptions: list[Assumption] = field(default_factory=list)
    extras: Extras = field(default_factory=Extras)
    kind = Kind.ITEM

    @property
    def active(self) -> bool:
        """Planned or in progress: the items that the alignment rules judge."""
        return self.status in ACTIVE_STATUSES


@dataclass(slots=True)
class Team:
    """A team file: its trio, outcomes, opportunities and roadmap."""

    id: str
    name: str
    pos: Pos
    trio: dict[str, str] = field(default_factory=dict)
    """Role → name, only for the roles that are filled in."""
    blocked: str | None = None
    outcomes: list[Outcome] = field(default_factory=list)
    opportunities: list[Opportunity] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    extras: Extras = field(default_factory=Extras)
    kind = Kind.TEAM

    @property
    def title(self) -> str:
        """Teams have a name where other nodes have a title."""
        return self.name


Node = Goal | Team | Outcome | Opportunity | Item


def links_of(node: Node) -> dict[str, list[Ref]]:
    """The node's link fields, in SPEC order, with the links written in each (none for goals and teams)."""
    refs: dict[str, list[Ref]] = {key.name: getattr(node, key.name) for key in vocab.KINDS[node.kind].links}
    return refs


@dataclass(frozen=True, slots=True)
class DiscoveryPolicy:
    """`policy.discovery`: the trio's customer cadence (SPEC 11); its presence turns the cadence rules on."""

    touchpoints: int = 1
    """At least this many touchpoints per team per week ..."""
    window_weeks: int = 3
    """... averaged over the last this many weeks."""
    whole_trio: bool = True
    """Design and engineering take part, not only product."""
    min_customers: int = 3
    """Distinct customers behind an open opportunity."""


def _freshness_default(name: str) -> int:
    return int(next(k.default for k in vocab.FRESHNESS_KEYS if k.name == name) or 0)


@dataclass(frozen=True, slots=True)
class Freshness:
    """`policy.freshness` (SPEC 10): how many days a check-in stays fresh, and a done item's impact may wait."""

    measure_days: int = _freshness_default("measure_days")
    impact_days: int = _freshness_default("impact_days")


def refs_of(node: Node) -> dict[str, list[Ref]]:
    """Every id the node names, by key in SPEC order: its link fields and its single ids (`parent`, when set)."""
    refs: dict[str, list[Ref]] = {}
    for key in vocab.KINDS[node.kind].refs:
        value = getattr(node, key.name)
        refs[key.name] = value if isinstance(value, list) else [] if value is None else [value]
    return refs


@dataclass(slots=True)
class Policy:
    """The company's choices in board.yaml `policy:`."""

    severity: dict[str, str] = field(default_factory=dict)
    """Rule name → error, warning, info or off, as written (validated)."""
    wip_limit: int | None = None
    freshness: Freshness = field(default_factory=Freshness)
    discovery: DiscoveryPolicy | None = None
    """None: the board has no `policy.discovery`, and the cadence rules stay quiet."""


@dataclass(slots=True)
class Evidence:
    """One customer touchpoint: an evidence file's front matter, as far as it could be read (SPEC 11).

    The body is not kept (it can be long and no rule needs it after reading): only its length.
    """

    path: str
    """Relative to the board directory, forward slashes: `evidence/2026-07-08-checkout-buyer-7.md`."""
    pos: Pos
    """The file's first line (its front matter)."""
    date: dt.date | None = None
    team: str | None = None
    team_pos: Pos | None = None
    """Where `team:`'s value is written (for `unknown-ref`)."""
    kind: str | None = None
    with_: list[str] = field(default_factory=list)
    """Who of the team took part, as written (names as in its trio)."""
    customer: str | None = None
    segment: str | None = None
    supports: list[Ref] = field(default_factory=list)
    challenges: list[Ref] = field(default_factory=list)
    body_chars: int = 0


@dataclass(slots=True)
class FileProblems:
    """The problems found while reading one file."""

    file: str
    problems: list[Problem]


@dataclass(slots=True)
class Board:
    """A whole board, as far as it could be read."""

    name: str
    goals: list[Goal]
    teams: list[Team]
    policy: Policy
    problems: list[FileProblems]
    files: list[str]
    """Every board file that was found, relative to the board directory (evidence files not among them)."""
    evidence: list[Evidence] = field(default_factory=list)
    """Every evidence file that could be read, in path order (none when the board has no `evidence/`)."""
    appeared: dict[str, date] = field(default_factory=dict)
    """Outcome id → the date it first appeared in git, for the measured outcomes that still await a `current`.

    Filled by the workspace, which can read git (the core cannot); an outcome
    missing here appeared today (outside git, or not committed yet).
    """
    done_on: dict[str, date] = field(default_factory=dict)
    """Item id → the date it became `done` in git, for done items that expect an impact and have no `actual`.

    Filled by the workspace like `appeared`; an item missing here became done today.
    """

    def nodes(self) -> list[Node]:
        """Every node in file order: goals, then each team with its outcomes, opportunities and items."""
        out: list[Node] = list(self.goals)
        for team in self.teams:
            out.append(team)
            out.extend(team.outcomes)
            out.extend(team.opportunities)
            out.extend(team.items)
        return out

    def nodes_of(self, kind: Kind) -> list[Node]:
        """Every node of one kind, in file order."""
        return [node for node in self.nodes() if node.kind is kind]

    def items(self) -> list[Item]:
        """Every roadmap item of every team."""
        return [item for team in self.teams for item in team.items]

    def outcomes(self) -> list[Outcome]:
        """Every outcome of every team."""
        return [outcome for team in self.teams for outcome in team.outcomes]

    def opportunities(self) -> list[Opportunity]:
        """Every opportunity of every team."""
        return [opportunity for team in self.teams for opportunity in team.opportunities]
